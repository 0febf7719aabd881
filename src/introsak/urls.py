from django.urls import include, path

from introsak.api.api import api

urlpatterns = [
    path("", include("introsak.core.urls")),
    path("", include("introsak.participants.urls")),
    path("", include("introsak.decisions.urls")),
    path("", include("introsak.plans.urls")),
    path("", include("introsak.attendance.urls")),
    path("", include("introsak.stipend.urls")),
    path("", include("introsak.placements.urls")),
    path("", include("introsak.settlement.urls")),
    path("", include("introsak.meetings.urls")),
    path("", include("introsak.yearplan.urls")),
    path("", include("introsak.actionplan.urls")),
    path("", include("introsak.surveys.urls")),
    path("", include("introsak.results.urls")),
    path("", include("introsak.certificates.urls")),
    path("", include("introsak.register.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]
