from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "sotay.news"
    label = "news"
    verbose_name = "Tin tức"

    def ready(self) -> None:
        from sotay.news import tasks  # noqa: F401  (declares the scheduled-publishing job)
