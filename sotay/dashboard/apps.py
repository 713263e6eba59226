from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "sotay.dashboard"
    verbose_name = "Điều hành tác nghiệp"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the background task (and, once sotay.jobs exists, its schedule).
        from sotay.dashboard import tasks  # noqa: F401
