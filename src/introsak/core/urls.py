from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/logg-inn/", views.LoginView.as_view(), name="login"),
    path("konto/logg-ut/", views.logout_view, name="logout"),
    path("konto/tofaktor/", views.second_factor, name="second_factor"),
    path("konto/", views.account, name="account"),
    path("brukere/", views.user_list, name="user_list"),
    path("brukere/ny/", views.user_create, name="user_create"),
    path("brukere/<int:pk>/", views.user_edit, name="user_edit"),
    path("brukere/<int:pk>/passord/", views.user_set_password, name="user_set_password"),
    path(
        "brukere/<int:pk>/tofaktor/nullstill/",
        views.user_reset_second_factor,
        name="user_reset_second_factor",
    ),
    path("kommune/", views.municipality_settings, name="municipality"),
    path("samarbeid/", views.coordination, name="coordination"),
]
