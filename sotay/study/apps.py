from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "sotay.study"
    label = "study"
    verbose_name = "Học tập nghị quyết"
