"""Questions to the committee: who sees them, answering, publishing without the asker's name."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.audit.models import AuditAction, AuditEvent
from sotay.core.errors import ActionError
from sotay.questions.actions import answer_question, ask_question, publish_question
from sotay.questions.models import Question, QuestionStatus
from tests import factories
from tests.queries import assert_flat


@pytest.fixture
def question(tree, member_user):
    return ask_question(
        by=member_user, org=tree.branch1, subject="Đóng đảng phí", body="Mức đóng mới là bao nhiêu?"
    )


def test_a_member_asks_their_branch_or_the_ward_not_a_sibling(tree, member_user):
    ask_question(by=member_user, org=tree.ward1, subject="Hỏi phường", body="Nội dung")
    for org in (tree.branch2, tree.ward2, tree.city):
        with pytest.raises(ActionError):
            ask_question(by=member_user, org=org, subject="Hỏi", body="Nội dung")
    assert Question.objects.count() == 1


def test_a_double_submit_asks_once(tree, member_user, question):
    again = ask_question(
        by=member_user, org=tree.branch1, subject="Đóng đảng phí", body="Mức đóng mới là bao nhiêu?"
    )
    assert again.pk == question.pk
    assert Question.objects.count() == 1


@pytest.mark.parametrize(("subject", "body"), [("", "x"), ("x", "  "), ("x" * 201, "x"), ("x", "y" * 5001)])
def test_bad_questions_are_refused(tree, member_user, subject, body):
    with pytest.raises(ActionError):
        ask_question(by=member_user, org=tree.branch1, subject=subject, body=body)
    assert not Question.objects.exists()


def test_the_secretary_answers_and_publishes_without_the_name(
    client, tree, lan, member_user, secretary, question
):
    client.force_login(secretary)
    assert client.get(reverse("question_detail", args=[question.pk])).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="question").count() == 1
    client.post(reverse("question_answer", args=[question.pk]), {"answer": "Theo Quy định mới, 1% thu nhập."})
    client.post(reverse("question_publish", args=[question.pk]), {"public_question": "Mức đảng phí mới?"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.published_at
    # Published for branch 1's subtree: a member of branch 2 does not read it.
    lan_user = factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan)
    client.force_login(lan_user)
    assert "Mức đảng phí mới" not in client.get(reverse("qa_list")).content.decode()
    client.force_login(member_user)
    page = client.get(reverse("qa_list")).content.decode()
    assert "Mức đảng phí mới" in page
    assert "1% thu nhập" in page
    assert str(member_user) not in page
    assert "Mức đóng mới là bao nhiêu" not in page
    mine = client.get(reverse("my_questions")).content.decode()
    assert "Đã trả lời" in mine


def test_ward_staff_publish_for_the_ward(client, tree, lan, member_user, unit_staff):
    question = ask_question(by=member_user, org=tree.ward1, subject="Hỏi phường", body="Câu hỏi chung")
    answer_question(by=unit_staff, question=question, answer="Trả lời chung")
    publish_question(by=unit_staff, question=question, public_question="Câu hỏi chung (công khai)")
    lan_user = factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan)
    client.force_login(lan_user)
    assert "Câu hỏi chung (công khai)" in client.get(reverse("qa_list")).content.decode()


@pytest.mark.parametrize("who", ["outsider", "editor", "no_role"])
def test_outsiders_get_404(client, request, question, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("question_detail", "question_answer", "question_publish"):
        method = client.get if name == "question_detail" else client.post
        assert (
            method(reverse(name, args=[question.pk]), {"answer": "x", "public_question": "x"}).status_code
            == 404
        )
    question.refresh_from_db()
    assert question.status == QuestionStatus.WAITING


def test_the_asker_cannot_answer_their_own_question(client, member_user, question):
    client.force_login(member_user)
    assert client.post(reverse("question_answer", args=[question.pk]), {"answer": "x"}).status_code == 404


def test_publishing_needs_an_answer(secretary, question):
    with pytest.raises(ActionError, match="trả lời trước"):
        publish_question(by=secretary, question=question, public_question="x")


def test_overdue_questions_are_flagged(client, secretary, question):
    Question.objects.filter(pk=question.pk).update(due_on=datetime.date.today() - datetime.timedelta(days=1))
    client.force_login(secretary)
    assert "1 câu hỏi quá hạn" in client.get(reverse("question_inbox")).content.decode()


def test_audit_rows_hold_no_question_text(member_user, secretary, question):
    answer_question(by=secretary, question=question, answer="Bí mật trả lời")
    for row in AuditEvent.objects.filter(object_type="question"):
        assert "Mức đóng" not in row.summary
        assert "Bí mật" not in row.summary


def test_lists_are_flat(client, tree, member_user, secretary, no_n_plus_one):
    n = iter(range(1000))

    def grow():
        for _ in range(3):
            q = ask_question(by=member_user, org=tree.branch1, subject=f"Hỏi {next(n)}", body="Nội dung")
            answer_question(by=secretary, question=q, answer="Đáp")
            publish_question(by=secretary, question=q, public_question="Hỏi công khai")

    grow()
    client.force_login(secretary)
    assert_flat(client, reverse("question_inbox") + "?xem=tat-ca", grow, at_most=10)
    client.force_login(member_user)
    assert_flat(client, reverse("my_questions"), grow, at_most=10)
    assert_flat(client, reverse("qa_list"), grow, at_most=10)


def test_the_asker_is_notified_of_the_answer(member_user, secretary, question):
    from sotay.notifications.models import Notification

    answer_question(by=secretary, question=question, answer="Đáp")
    answer_question(by=secretary, question=question, answer="Đáp, sửa lại")
    notes = Notification.objects.filter(user=member_user, kind="questions.answered")
    assert notes.count() == 1
    assert notes.get().url == f"/hoi-dap/{question.pk}/"


def test_an_answer_sent_twice_from_the_same_page_is_saved_and_logged_once(member_user, secretary, question):
    # Two requests of a double submit each read the question before either saved the answer.
    first, second = Question.objects.get(pk=question.pk), Question.objects.get(pk=question.pk)
    answer_question(by=secretary, question=first, answer="Theo Quy định mới, 1% thu nhập.")
    answer_question(by=secretary, question=second, answer="Theo Quy định mới, 1% thu nhập.")
    logged = AuditEvent.objects.filter(object_type="question", summary="Trả lời câu hỏi")
    assert logged.count() == 1


def test_every_refused_field_is_named_at_once(tree, member_user):
    with pytest.raises(ActionError) as refused:
        ask_question(by=member_user, org=tree.branch1, subject="\u200b", body="y" * 5001)
    assert set(refused.value.message_dict) == {"subject", "body"}
    assert not Question.objects.exists()


def test_the_form_shows_the_subject_and_the_body_errors_together(client, tree, member_user):
    client.force_login(member_user)
    # A subject of invisible characters passes the form's own check; the body is over the limit.
    response = client.post(
        reverse("question_new"), {"org": tree.branch1.pk, "subject": "\u200b\u200b", "body": "y" * 5001}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy nhập tiêu đề câu hỏi." in page
    assert "Nội dung dài quá 5000 ký tự." in page
    assert not Question.objects.exists()
