from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "sotay.notes"
    label = "notes"
    verbose_name = "Ghi chú cá nhân"
