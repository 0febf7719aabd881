from django.urls import path

from . import views

app_name = "decisions"

urlpatterns = [
    path("deltakere/<int:pk>/vedtak/", views.decision_list, name="list"),
    path("deltakere/<int:pk>/vedtak/ny/", views.decision_create, name="create"),
    path("vedtak/<int:decision_pk>/", views.decision_detail, name="detail"),
    path("vedtak/<int:decision_pk>/endre/", views.decision_edit, name="edit"),
    path("vedtak/<int:decision_pk>/handling/", views.decision_action, name="action"),
    path("vedtak/<int:decision_pk>/brev.pdf", views.decision_letter, name="letter"),
    path("vedtak/<int:decision_pk>/klage/", views.appeal_register, name="appeal"),
    path("klager/<int:appeal_pk>/", views.appeal_step, name="appeal_step"),
    path("vedtak/til-godkjenning/", views.approval_queue, name="queue"),
    path("regelverk/", views.rule_tables, name="rules"),
    path("brevmaler/", views.letter_templates, name="letter_templates"),
    path("brevmaler/<str:decision_type>/", views.letter_template_edit, name="letter_template"),
    path(
        "brevmaler/<str:decision_type>/eksempel.pdf",
        views.letter_template_preview,
        name="letter_template_preview",
    ),
]
