"""Questions in the permission matrix: a ward 2 member's question to their committee."""

from __future__ import annotations

from typing import Any

from sotay.accounts.models import Role, User
from sotay.questions.actions import ask_question
from sotay.questions.models import Question

SUBJECT = "Hỏi về chế độ của đảng viên phường Hai"
BODY = "Nội dung câu hỏi riêng của đồng chí Bình"


def _question(w: Any) -> int:
    question = Question.objects.filter(subject=SUBJECT).first()
    if question is None:
        from tests import factories

        asker = User.objects.filter(username="binh.p2").first() or factories.user(
            "binh.p2", role=Role.MEMBER, at=w.tree.unit2, member=w.member
        )
        question = ask_question(by=asker, org=w.tree.unit2, subject=SUBJECT, body=BODY)
    return question.pk


FILLERS = {
    "question_detail": lambda w: {"pk": _question(w)},
    "question_answer": lambda w: {"pk": _question(w)},
    "question_publish": lambda w: {"pk": _question(w)},
}
MARKERS = [SUBJECT, BODY]
# Members ask; an account of staff without a member record has no committee to write to (404).
NOT_FOR_STAFF = {"question_new"}
