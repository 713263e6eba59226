from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background tasks and the schedule of recurring jobs run by `sotay worker` (ADR 0010)."""

    name = "sotay.jobs"
    label = "jobs"
    verbose_name = "Tác vụ nền"

    def ready(self) -> None:
        from sotay.jobs import tasks  # noqa: F401  (declares the upkeep job)
