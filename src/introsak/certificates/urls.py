from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("deltakere/<int:pk>/dokumenter/", views.participant_documents, name="participant"),
    path("deltakere/<int:pk>/dokumenter/<int:doc>.pdf", views.download, name="download"),
    path("meg/dokumenter/", views.own_documents, name="own"),
    path("meg/dokumenter/<int:doc>.pdf", views.own_download, name="own_download"),
]
