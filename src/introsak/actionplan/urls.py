from django.urls import path

from . import views

app_name = "actionplan"

urlpatterns = [
    path("tiltaksplan/", views.plan_list, name="list"),
    path("tiltaksplan/ny/", views.plan_create, name="create"),
    path("tiltaksplan/<int:pk>/", views.plan_detail, name="detail"),
    path("tiltaksplan/<int:pk>/endre/", views.plan_edit, name="edit"),
    path("tiltaksplan/<int:pk>/framdrift/", views.progress, name="progress"),
    path("tiltaksplan/<int:pk>/framdrift.pdf", views.progress_pdf, name="progress_pdf"),
    path("tiltaksplan/<int:pk>/omrader/ny/", views.area_create, name="area_create"),
    path("tiltaksplan/omrader/<int:pk>/", views.area_edit, name="area_edit"),
    path(
        "tiltaksplan/omrader/<int:pk>/strategier/ny/",
        views.strategy_create,
        name="strategy_create",
    ),
    path("tiltaksplan/strategier/<int:pk>/", views.strategy_edit, name="strategy_edit"),
    path("tiltaksplan/omrader/<int:pk>/tiltak/ny/", views.action_create, name="action_create"),
    path("tiltaksplan/tiltak/<int:pk>/", views.action_detail, name="action"),
    path("tiltaksplan/tiltak/<int:pk>/endre/", views.action_edit, name="action_edit"),
]
