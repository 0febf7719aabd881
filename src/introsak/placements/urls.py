from django.urls import path

from . import views

app_name = "placements"

urlpatterns = [
    path("praksis/", views.placement_list, name="list"),
    path("praksis/arbeidsplasser/", views.pipeline, name="pipeline"),
    path("praksis/arbeidsplasser/<int:pk>/", views.workplace_detail, name="workplace"),
    path("praksis/arbeidsgivere/ny/", views.employer_create, name="employer_create"),
    path("praksis/arbeidsgivere/<int:pk>/", views.employer_detail, name="employer"),
    path("praksis/arbeidsgivere/<int:pk>/endre/", views.employer_edit, name="employer_edit"),
    path("praksis/samlinger/", views.gathering_list, name="gatherings"),
    path("praksis/samlinger/ny/", views.gathering_edit, name="gathering_create"),
    path("praksis/samlinger/<int:pk>/", views.gathering_edit, name="gathering"),
    path("praksis/materiell/<str:kind>.pdf", views.material, name="material"),
    path("praksis/<int:pk>/", views.placement_detail, name="detail"),
    path("praksis/<int:pk>/endre/", views.placement_edit, name="edit"),
    path("praksis/<int:pk>/foresporsel.pdf", views.request_pdf, name="request_pdf"),
    path("deltakere/<int:pk>/praksis/", views.participant_placements, name="participant"),
    path("deltakere/<int:pk>/praksis/ny/", views.placement_create, name="create"),
    path("veileder/", views.mentor_home, name="mentor_home"),
    path("veileder/<int:pk>/", views.mentor_week, name="mentor_week"),
]
