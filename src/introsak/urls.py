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
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
]
