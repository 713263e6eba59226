from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "sotay.questions"
    label = "questions"
    verbose_name = "Hỏi đáp với cấp ủy"
