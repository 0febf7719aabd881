from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "introsak.api"
    label = "api"
    verbose_name = "API"
