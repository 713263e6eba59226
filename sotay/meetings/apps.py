from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "sotay.meetings"
    label = "meetings"
    verbose_name = "Sinh hoạt chi bộ"

    def ready(self) -> None:
        from sotay.meetings import tasks  # noqa: F401  (declares the day-before reminder job)
