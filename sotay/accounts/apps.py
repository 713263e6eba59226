from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sotay.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self) -> None:
        from sotay.accounts import signals  # noqa: F401 - connects the audit receivers
