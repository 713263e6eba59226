from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "sotay.corrections"
    verbose_name = "Báo sai thông tin"
    default_auto_field = "django.db.models.BigAutoField"
