from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("resultater/", views.dashboard, name="dashboard"),
    path("resultater/arsrapport.pdf", views.annual_report, name="annual_report"),
    path("deltakere/<int:pk>/resultat/", views.participant_outcomes, name="participant"),
]
