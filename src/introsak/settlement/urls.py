from django.urls import path

from . import views

app_name = "settlement"

urlpatterns = [
    path("bosetting/", views.overview, name="overview"),
    path("bosetting/vedtak/ny/", views.decision_edit, name="decision_create"),
    path("bosetting/vedtak/<int:pk>/", views.decision_edit, name="decision_edit"),
    path("bosetting/ankomster/ny/", views.arrival_edit, name="arrival_create"),
    path("bosetting/ankomster/<int:pk>/", views.arrival_detail, name="arrival"),
    path("bosetting/ankomster/<int:pk>/endre/", views.arrival_edit, name="arrival_edit"),
    path("bosetting/sjekkliste/", views.template_edit, name="template"),
]
