"""Questions to a committee through the API, with the pages' rules (`sotay.questions`).

A member asks their branch's committee or one above it up to the ward (the ask page's choices) and
follows their questions; a committee (VIEW_MEMBERS over the question's organisation) lists its inbox with
the overdue flag, answers, and publishes as Q&A without the asker's name; the published Q&A are read in
the subtree, as the library. Outside: 404.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from sotay.accounts.permissions import Cap, has_cap_anywhere
from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.orgs.models import Org
from sotay.questions import access, actions
from sotay.questions.actions import MAX_BODY
from sotay.questions.models import Question

router = Router(tags=["questions"])

ID_MAX = 2**53


class QuestionIn(Schema):
    org_id: int = Field(
        ge=1, le=ID_MAX, description="Cấp ủy nhận câu hỏi: một id trong /questions/committees."
    )
    subject: str = Field(max_length=200, description="Tiêu đề.")
    body: str = Field(max_length=MAX_BODY, description="Câu hỏi, ý kiến.")


class AnswerIn(Schema):
    answer: str = Field(max_length=MAX_BODY, description="Nội dung trả lời (gửi đến người hỏi).")


class PublishIn(Schema):
    public_question: str = Field(
        max_length=MAX_BODY, description="Câu hỏi sẽ công khai: bỏ tên và chi tiết nhận ra người hỏi."
    )


class QuestionOut(Schema):
    """A question as its asker, or the committee that answers it, reads it."""

    id: int
    org: OrgRef = Field(title="Gửi đến cấp ủy")
    subject: str = Field(title="Tiêu đề")
    body: str = Field(title="Câu hỏi")
    status: str = Field(title="Tình trạng", description="waiting / answered")
    status_label: str = Field(title="Tình trạng (tên)")
    due_on: datetime.date = Field(title="Hạn trả lời")
    overdue: bool = Field(title="Quá hạn trả lời")
    created_at: datetime.datetime = Field(title="Gửi lúc")
    answer: str = Field(title="Trả lời")
    answered_at: datetime.datetime | None = Field(title="Trả lời lúc")
    published_at: datetime.datetime | None = Field(title="Công khai lúc")
    public_question: str = Field(title="Câu hỏi (bản công khai)")
    asker: str | None = Field(
        title="Người hỏi", description="Chỉ cho cấp ủy trả lời; null với người hỏi và khi tài khoản đã xóa."
    )
    may_answer: bool = Field(title="Được trả lời và công khai")


class QaOut(Schema):
    """A published question and answer: the question as the committee rewrote it, never the asker."""

    id: int
    org: OrgRef = Field(title="Cấp ủy")
    subject: str = Field(title="Tiêu đề")
    question: str = Field(title="Hỏi")
    answer: str = Field(title="Trả lời")
    published_at: datetime.datetime = Field(title="Công khai lúc")


class InboxParams(CursorParams):
    show: Literal["waiting", "all"] = Field(
        "waiting", description="waiting: chờ trả lời, hạn sớm nhất trước; all: tất cả, mới nhất trước."
    )
    overdue: bool = Field(False, description="Chỉ các câu hỏi quá hạn trả lời.")


def _out(q: Question, *, user: Any) -> dict[str, Any]:
    own = q.asker_id == user.pk
    return {
        "id": q.pk,
        "org": {"id": q.org_id, "name": q.org.name},
        "subject": q.subject,
        "body": q.body,
        "status": q.status,
        "status_label": q.get_status_display(),
        "due_on": q.due_on,
        "overdue": q.is_overdue,
        "created_at": q.created_at,
        "answer": q.answer,
        "answered_at": q.answered_at,
        "published_at": q.published_at,
        "public_question": q.public_question,
        "asker": None if own or q.asker is None else str(q.asker),
        "may_answer": access.can_answer(user, q),
    }


@router.get("/questions/committees", response={200: Page[OrgRef], **problems(401)})
def question_committees(request: HttpRequest) -> dict[str, Any]:
    """Where the member may send a question: their branch's committee and those above it up to the ward
    (one page; empty for an account without a member record)."""
    return {
        "items": [{"id": o.pk, "name": o.name} for o in access.committees_for(request.user)],
        "next": None,
    }


@router.post("/questions", response={201: QuestionOut, **problems(400, 401, 404, 413, 422)})
def ask_committee(request: HttpRequest, data: QuestionIn) -> Status:
    """Send a question; the same one twice within a minute is kept once. 404 for an account that may not
    ask (no member record), 422 for a committee not on the list or an empty text."""
    committees = {o.pk: o for o in access.committees_for(request.user)}
    if not committees:
        raise Http404
    org = committees.get(data.org_id) or Org.objects.filter(pk=data.org_id).first()
    if org is None:
        raise HttpError(422, "Đồng chí chỉ gửi được câu hỏi đến cấp ủy nơi mình sinh hoạt.")
    q = actions.ask_question(by=request.user, org=org, subject=data.subject, body=data.body)  # type: ignore[arg-type]
    return Status(201, _out(q, user=request.user))


@router.get("/questions/mine", response={200: Page[QuestionOut], **problems(400, 401, 422)})
def my_question_list(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """One's own questions with their status, newest first."""
    qs = Question.objects.filter(asker_id=request.user.pk).select_related("org", "asker")
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    return {"items": [_out(q, user=request.user) for q in rows], "next": following}


@router.get("/questions/inbox", response={200: Page[QuestionOut], **problems(400, 401, 404, 422)})
def committee_inbox(request: HttpRequest, params: Query[InboxParams]) -> dict[str, Any]:
    """The committee's inbox (its subtree's questions, with the asker and the overdue flag): waiting ones
    by deadline, or all newest first; 404 for anyone who is not on a committee."""
    if not has_cap_anywhere(request.user, Cap.VIEW_MEMBERS):
        raise Http404
    qs = access.answerable_by(request.user).select_related("org", "asker")
    qs = qs.overdue() if params.overdue else qs.waiting() if params.show == "waiting" else qs
    # The deadline is the sending day plus a fixed number of days: id order is deadline order.
    order = "id" if params.show == "waiting" else "-id"
    rows, following = page_by(qs, field=order, cursor=params.cursor)
    return {"items": [_out(q, user=request.user) for q in rows], "next": following}


@router.get("/questions/qa", response={200: Page[QaOut], **problems(400, 401, 422)})
def published_qa(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The published questions and answers of the caller's organisations and those above (as /hoi-dap/),
    newest first; no asker."""
    qs = access.published_for(request.user).select_related("org")
    rows, following = page_by(qs, field="-id", cursor=params.cursor)
    items = [
        {
            "id": q.pk,
            "org": {"id": q.org_id, "name": q.org.name},
            "subject": q.subject,
            "question": q.public_question,
            "answer": q.answer,
            "published_at": q.published_at,
        }
        for q in rows
    ]
    return {"items": items, "next": following}


@router.get("/questions/{question_id}", response={200: QuestionOut, **problems(401, 404, 422)})
def question_item(request: HttpRequest, question_id: int) -> dict[str, Any]:
    """One's own question, or one the caller's committee answers (that read is audited); 404 otherwise."""
    q = access.get_question_for_user(request.user, question_id)
    if q.asker_id != request.user.pk:
        record(
            actor=request.user,  # type: ignore[arg-type]
            action=AuditAction.VIEW,
            object_type="question",
            object_id=q.pk,
            org=q.org,
            summary="Xem câu hỏi của đảng viên qua API",
        )
    return _out(q, user=request.user)


def _answerable(request: HttpRequest, question_id: int) -> Question:
    q = access.get_question_for_user(request.user, question_id)
    if not access.can_answer(request.user, q):
        raise Http404
    return q


@router.put(
    "/questions/{question_id}/answer", response={200: QuestionOut, **problems(400, 401, 404, 413, 422)}
)
def answer_committee_question(request: HttpRequest, question_id: int, data: AnswerIn) -> dict[str, Any]:
    """Answer (or correct the answer); the asker is notified. The same answer again changes nothing."""
    q = _answerable(request, question_id)
    actions.answer_question(by=request.user, question=q, answer=data.answer)  # type: ignore[arg-type]
    return _out(q, user=request.user)


@router.post(
    "/questions/{question_id}/publish", response={200: QuestionOut, **problems(400, 401, 404, 413, 422)}
)
def publish_committee_question(request: HttpRequest, question_id: int, data: PublishIn) -> dict[str, Any]:
    """Publish an answered question as Q&A for the committee's subtree, with the question as rewritten
    here and never the asker's name."""
    q = _answerable(request, question_id)
    actions.publish_question(by=request.user, question=q, public_question=data.public_question)  # type: ignore[arg-type]
    return _out(q, user=request.user)
