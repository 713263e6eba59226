from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The composition root: the home page, the navigation's context, the demo data, the root URLs."""

    name = "sotay.site"
    label = "site"
    verbose_name = "Sổ tay"

    def ready(self) -> None:
        from sotay.site import tasks  # noqa: F401  (declares the daily retention job)
