from django.urls import path

from sotay.questions.views.pages import (
    my_questions,
    qa_list,
    question_answer,
    question_detail,
    question_inbox,
    question_new,
    question_publish,
)

urlpatterns = [
    path("", qa_list, name="qa_list"),
    path("gui/", question_new, name="question_new"),
    path("cua-toi/", my_questions, name="my_questions"),
    path("hop-thu/", question_inbox, name="question_inbox"),
    path("<int:pk>/", question_detail, name="question_detail"),
    path("<int:pk>/tra-loi/", question_answer, name="question_answer"),
    path("<int:pk>/cong-khai/", question_publish, name="question_publish"),
]
