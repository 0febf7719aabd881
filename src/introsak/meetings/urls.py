from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("moter/", views.meeting_list, name="list"),
    path("moter/ny/", views.meeting_create, name="create"),
    path("moter/oppgaver/", views.my_actions, name="my_actions"),
    path("moter/<int:pk>/", views.meeting_detail, name="detail"),
    path("moter/<int:pk>/endre/", views.meeting_edit, name="edit"),
    path("tolker/", views.interpreter_list, name="interpreters"),
    path("tolker/ny/", views.interpreter_edit, name="interpreter_create"),
    path("tolker/bestillinger/", views.booking_list, name="bookings"),
    path("tolker/<int:pk>/", views.interpreter_edit, name="interpreter_edit"),
]
