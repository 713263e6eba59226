from django.apps import AppConfig


class UsageConfig(AppConfig):
    """Who uses the handbook, per day and platform, and who installed the app (the dashboard counts it)."""

    name = "sotay.usage"
    label = "usage"
    verbose_name = "Sử dụng"

    def ready(self) -> None:
        from sotay.usage import signals  # noqa: F401  (connects the sign-in receiver)
