from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("deltakere/", views.participant_list, name="list"),
    path("deltakere/ny/", views.participant_create, name="create"),
    path("deltakere/<int:pk>/", views.participant_detail, name="detail"),
    path("deltakere/<int:pk>/endre/", views.participant_edit, name="edit"),
    path("deltakere/<int:pk>/kontonummer/", views.bank_account_change, name="bank_account"),
    path("deltakere/<int:pk>/sprak/", views.language_add, name="language_add"),
    path(
        "deltakere/<int:pk>/sprak/<int:language_pk>/slett/",
        views.language_remove,
        name="language_remove",
    ),
    path("deltakere/<int:pk>/husstand/", views.household, name="household"),
    path("deltakere/<int:pk>/kartlegging/", views.assessment_list, name="assessments"),
    path("deltakere/<int:pk>/kartlegging/ny/", views.assessment_create, name="assessment_create"),
    path("deltakere/<int:pk>/logg/", views.audit_trail, name="audit"),
    path("meg/", views.own_page, name="own"),
    path("klasser/", views.group_list, name="groups"),
    path("klasser/ny/", views.group_edit, name="group_create"),
    path("klasser/<int:group_pk>/", views.group_edit, name="group_edit"),
]
