from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("ferieplan/", views.holiday_plan, name="holiday_plan"),
    path("klasser/<int:group_pk>/oppmote/", views.class_grid, name="class_grid"),
    path(
        "klasser/<int:group_pk>/oppmote/<int:year>-<int:month>.xlsx",
        views.class_month_excel,
        name="class_excel",
    ),
    path("deltakere/<int:pk>/timeliste/<int:year>-<int:month>/", views.timesheet, name="timesheet"),
    path(
        "deltakere/<int:pk>/timeliste/<int:year>-<int:month>/timeliste.pdf",
        views.timesheet_pdf,
        name="timesheet_pdf",
    ),
]
