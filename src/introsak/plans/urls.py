from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("deltakere/<int:pk>/plan/", views.plan_detail, name="detail"),
    path("deltakere/<int:pk>/plan/endre/", views.plan_edit, name="edit"),
    path("deltakere/<int:pk>/plan/plan.pdf", views.plan_pdf, name="pdf"),
    path(
        "deltakere/<int:pk>/plan/revisjoner/<int:number>/", views.revision_detail, name="revision"
    ),
    path("deltakere/<int:pk>/plan/sammenlign/", views.revision_compare, name="compare"),
    path(
        "deltakere/<int:pk>/plan/samtale/ny/", views.conversation_create, name="conversation_create"
    ),
    path("deltakere/<int:pk>/iop/", views.training_plan, name="training"),
]
