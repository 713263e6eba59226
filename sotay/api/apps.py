from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sotay.api"
    label = "api"
    verbose_name = "API"
