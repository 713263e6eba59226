from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "sotay.handbook"
    label = "handbook"
    verbose_name = "Sổ tay đảng viên điện tử"
