from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sotay.core"
    label = "core"
    verbose_name = "Sổ tay"

    def ready(self) -> None:
        # The empty choice of every select (a model field's blank choice, a ModelChoiceField's empty
        # label): Django 6.1's "- Select an option -" has no Vietnamese translation yet, and Django asks
        # projects to set their own here.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = "— Chọn —"
