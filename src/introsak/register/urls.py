from django.urls import path

from . import views

app_name = "register"

urlpatterns = [
    path("register/", views.validation, name="validation"),
    path("register/eksport/", views.export_create, name="create"),
    path("register/eksporter/", views.export_list, name="list"),
    path("register/eksporter/<int:pk>/", views.export_detail, name="detail"),
    path("register/eksporter/<int:pk>/<str:kind>/", views.export_file, name="file"),
    path("register/deltakere/<int:pk>/", views.participant_status, name="participant"),
]
