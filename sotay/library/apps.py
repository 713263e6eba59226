from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "sotay.library"
    label = "library"
    verbose_name = "Thư viện văn bản"
