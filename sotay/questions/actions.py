"""Writes of questions to committees: ask, answer, publish. Audit rows hold no question text."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError, FieldErrors, required_text
from sotay.core.once import hold, recent_twin
from sotay.notifications.actions import notify
from sotay.questions.access import can_answer, committees_for
from sotay.questions.models import Question, QuestionStatus
from sotay.vn import clean_spaces

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.orgs.models import Org

MAX_BODY = 5_000


def _subject(subject: str) -> str:
    subject = clean_spaces(subject or "")
    if not subject:
        raise ActionError({"subject": ["Hãy nhập tiêu đề câu hỏi."]})
    if len(subject) > 200:
        raise ActionError({"subject": ["Tiêu đề dài quá 200 ký tự."]})
    return subject


@transaction.atomic
def ask_question(*, by: User, org: Org, subject: str, body: str) -> Question:
    """Send a question to `org`'s committee (the member's branch or a committee above it, up to the
    ward). The same question sent twice within a minute (a double submit) is kept once."""
    if org.pk not in {o.pk for o in committees_for(by)}:
        raise ActionError({"org": ["Đồng chí chỉ gửi được câu hỏi đến cấp ủy nơi mình sinh hoạt."]})
    errors = FieldErrors()
    with errors.collect():
        subject = _subject(subject)
    with errors.collect():
        body = required_text(body, field="body", empty="Hãy nhập nội dung câu hỏi.", max_length=MAX_BODY)
    errors.raise_any()
    recent = recent_twin(Question.objects.filter(asker=by, org=org, subject=subject, body=body), by=by)
    if recent is not None:
        return recent
    question = Question.objects.create(
        asker=by,
        org=org,
        subject=subject,
        body=body,
        due_on=timezone.localdate() + datetime.timedelta(days=settings.SOTAY_QUESTION_DAYS),
    )
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="question",
        object_id=question.pk,
        org=org,
        summary="Gửi câu hỏi đến cấp ủy",
    )
    return question


@transaction.atomic
def answer_question(*, by: User, question: Question, answer: str) -> None:
    if not can_answer(by, question):
        raise ActionError({"answer": ["Đồng chí không có quyền trả lời câu hỏi này."]})
    text = required_text(answer, field="answer", empty="Hãy nhập nội dung trả lời.", max_length=MAX_BODY)
    # A double submit: the second request's copy of the question was read before the first one saved
    # its answer. Hold the row (both at once: the second waits) and compare with what is saved now.
    hold(question)
    saved = Question.objects.values_list("status", "answer").get(pk=question.pk)
    if saved == (QuestionStatus.ANSWERED, text):
        return
    question.answer = text
    question.status = QuestionStatus.ANSWERED
    question.answered_at = timezone.now()
    question.answered_by = by
    question.save(update_fields=["answer", "status", "answered_at", "answered_by"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="question",
        object_id=question.pk,
        org=question.org,
        summary="Trả lời câu hỏi",
    )
    if question.asker_id:
        notify(
            users=[question.asker_id],
            kind="questions.answered",
            title="Cấp ủy đã trả lời câu hỏi của đồng chí",
            url=reverse("question_detail", args=[question.pk]),
            dedupe=f"question:{question.pk}:answered",
        )


@transaction.atomic
def publish_question(*, by: User, question: Question, public_question: str) -> None:
    """Publish the answer for the committee's subtree with the question as rewritten here (the asker's
    name is never shown; the committee removes other identifying details from the text)."""
    if not can_answer(by, question):
        raise ActionError({"public_question": ["Đồng chí không có quyền công khai câu hỏi này."]})
    if question.status != QuestionStatus.ANSWERED:
        raise ActionError({"public_question": ["Hãy trả lời trước khi công khai."]})
    text = required_text(
        public_question, field="public_question", empty="Hãy nhập câu hỏi để công khai.", max_length=MAX_BODY
    )
    question.public_question = text
    question.published_at = question.published_at or timezone.now()
    question.save(update_fields=["public_question", "published_at"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="question",
        object_id=question.pk,
        org=question.org,
        summary="Công khai hỏi đáp (không kèm tên người hỏi)",
    )
