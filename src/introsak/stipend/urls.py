from django.urls import path

from . import views

app_name = "stipend"

urlpatterns = [
    path("stonad/kalkulator/", views.calculator, name="calculator"),
    path("lonn/", views.run_list, name="runs"),
    path("lonn/lonnsarter/", views.pay_codes, name="pay_codes"),
    path("lonn/<int:pk>/", views.run_detail, name="run"),
    path("lonn/<int:pk>/fil/<str:kind>/", views.run_file, name="run_file"),
    path("deltakere/<int:pk>/stonad/", views.participant_stipend, name="participant"),
    path("deltakere/<int:pk>/stonad/<int:year>-<int:month>/", views.payslip, name="payslip"),
    path(
        "deltakere/<int:pk>/stonad/<int:year>-<int:month>/lonnsslipp.pdf",
        views.payslip_pdf,
        name="payslip_pdf",
    ),
]
