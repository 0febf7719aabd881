from django.urls import path

from . import views

app_name = "yearplan"

urlpatterns = [
    path("arshjul/", views.year, name="year"),
    path("arshjul/hendelser/", views.event_list, name="events"),
    path("arshjul/hendelser/ny/", views.event_create, name="event_create"),
    path("arshjul/hendelser/<int:pk>/endre/", views.event_edit, name="event_edit"),
    path("arshjul/hendelser/<int:pk>/slett/", views.event_delete, name="event_delete"),
    path("arshjul/abonner/", views.subscribe, name="subscribe"),
    path("kalender/<slug:token>.ics", views.calendar_feed, name="feed"),
]
