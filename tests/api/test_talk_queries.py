"""The API's correction, question and note lists run a bounded number of queries, flat in the rows."""

from __future__ import annotations

import pytest

from sotay.corrections.actions import forward_correction, submit_correction
from sotay.notes.actions import write_note
from sotay.questions.actions import answer_question, ask_question, publish_question
from sotay.questions.models import Question
from tests import factories
from tests.api.bearer import bearer
from tests.library.conftest import make_doc
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


def _as(client, user) -> None:
    """The client sends `user`'s token; a first request takes the token's once-a-day audit row."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {bearer(client, user).secret}"
    client.get("/api/v1/notes")


def test_correction_queue(client, tree, unit_staff, secretary):
    fields = iter(["hometown", "residence", "education", "political_theory"] * 3)

    def grow():
        for n in range(4):
            m = factories.member(tree.branch1 if n % 2 else tree.branch2)
            c = submit_correction(member=m, by=None, field=next(fields), value=f"Nơi {n}")
            if n % 2:
                forward_correction(correction=c, by=secretary)

    grow()
    _as(client, unit_staff)
    assert_flat(client, "/api/v1/corrections", grow, at_most=8)


def test_my_corrections(client, tree, hoa, member_user):
    fields = iter(["hometown", "residence", "education", "political_theory", "profile_number"])

    def grow():
        for n in range(2):
            submit_correction(member=hoa, by=member_user, field=next(fields), value=f"{n}9")

    grow()
    _as(client, member_user)
    assert_flat(client, "/api/v1/me/corrections", grow, at_most=8)


def test_question_lists(client, tree, member_user, secretary):
    def grow():
        for n in range(3):
            subject = f"Hỏi {n} lần {Question.objects.count()}"
            q = ask_question(by=member_user, org=tree.branch1, subject=subject, body=f"{n}")
            answer_question(by=secretary, question=q, answer="Đáp")
            publish_question(by=secretary, question=q, public_question=f"Hỏi {n}")

    grow()
    _as(client, secretary)
    assert_flat(client, "/api/v1/questions/inbox?show=all", grow, at_most=8)
    _as(client, member_user)
    assert_flat(client, "/api/v1/questions/mine", grow, at_most=8)
    assert_flat(client, "/api/v1/questions/qa", grow, at_most=10)
    assert Question.objects.published().count() == 12


def test_notes(client, tree, member_user):
    def grow():
        for i in range(3):
            doc = make_doc(tree.city, f"Văn bản {i} {member_user.notes.count()}")
            write_note(by=member_user, body=f"ghi chú {i}", document=doc)

    grow()
    _as(client, member_user)
    assert_flat(client, "/api/v1/notes", grow, at_most=6)
