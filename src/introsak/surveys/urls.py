from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("brukerundersokelser/", views.survey_list, name="list"),
    path("brukerundersokelser/ny/", views.survey_edit, name="create"),
    path("brukerundersokelser/<int:pk>/", views.survey_detail, name="detail"),
    path("brukerundersokelser/<int:pk>/endre/", views.survey_edit, name="edit"),
    path("brukerundersokelser/<int:pk>/resultater/", views.survey_results, name="results"),
    path("meg/brukerundersokelse/<int:pk>/", views.answer, name="answer"),
]
