"""Writes of resolution studies: create, open, change and close a study."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError, FieldErrors, required_text
from sotay.core.once import recent_twin
from sotay.library.models import Document
from sotay.members.models import HANDBOOK_STATUSES
from sotay.notifications.actions import notify
from sotay.orgs.models import subtree_q
from sotay.study.access import can_open_study
from sotay.study.models import Study, StudyStatus
from sotay.vn import clean_spaces

if TYPE_CHECKING:
    from sotay.orgs.models import Org

MAX_TITLE = 200
MAX_PROMPT = 5_000
MAX_DOCUMENTS = 20


def _documents(org: Org, document_ids: Iterable[int]) -> list[Document]:
    """The documents, each readable by the whole target subtree (issued at `org` or above it)."""
    ids = sorted({int(pk) for pk in document_ids})
    if not ids:
        raise ActionError({"documents": ["Hãy chọn ít nhất một văn bản để học tập."]})
    if len(ids) > MAX_DOCUMENTS:
        raise ActionError({"documents": [f"Chọn tối đa {MAX_DOCUMENTS} văn bản."]})
    docs = list(Document.objects.not_withdrawn().select_related("issued_at").filter(pk__in=ids))
    if len(docs) != len(ids) or any(not org.path.startswith(d.issued_at.path) for d in docs):
        raise ActionError({"documents": ["Có văn bản mà đảng viên của cấp này không được đọc."]})
    return docs


def _check_due(due_on: datetime.date | None) -> datetime.date:
    if due_on is None:
        raise ActionError({"due_on": ["Hãy nhập hạn nộp bài thu hoạch."]})
    if due_on < timezone.localdate():
        raise ActionError({"due_on": ["Hạn nộp đã qua."]})
    return due_on


def _check_title(title: str) -> str:
    title = clean_spaces(title or "")
    if not title:
        raise ActionError({"title": ["Hãy nhập tiêu đề."]})
    if len(title) > MAX_TITLE:
        raise ActionError({"title": [f"Tiêu đề dài quá {MAX_TITLE} ký tự."]})
    return title


@transaction.atomic
def create_study(
    *,
    by: User,
    org: Org,
    title: str,
    prompt: str,
    due_on: datetime.date | None,
    document_ids: Iterable[int],
) -> Study:
    """A draft study for `org`'s subtree (nobody is told until it is opened). The same draft twice
    within a minute (a double submit) is kept once."""
    if not can_open_study(by, org):
        raise ActionError({"org": ["Đồng chí không có quyền mở đợt học tập cho cấp này."]})
    errors = FieldErrors()
    with errors.collect():
        title = _check_title(title)
    with errors.collect():
        prompt = required_text(
            prompt, field="prompt", empty="Hãy nhập yêu cầu bài thu hoạch.", max_length=MAX_PROMPT
        )
    with errors.collect():
        due_on = _check_due(due_on)
    with errors.collect():
        docs = _documents(org, document_ids)
    errors.raise_any()
    recent = recent_twin(
        Study.objects.filter(org=org, title=title, prompt=prompt, created_by=by, status=StudyStatus.DRAFT),
        by=by,
    )
    if recent is not None:
        return recent
    study = Study.objects.create(org=org, title=title, prompt=prompt, due_on=due_on, created_by=by)
    study.documents.set(docs)
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="study",
        object_id=study.pk,
        org=org,
        summary="Tạo đợt học tập",
    )
    return study


def _target_users(study: Study) -> list[int]:
    return list(
        User.objects.filter(
            is_active=True,
            member__isnull=False,
            member__status__in=HANDBOOK_STATUSES,
        )
        .filter(subtree_q([study.org], field="member__org__path"))
        .values_list("pk", flat=True)
    )


def _tell_members(study: Study, *, title: str, dedupe: str) -> None:
    notify(
        users=_target_users(study),
        kind="study.opened",
        title=title,
        body=f"{study.title} — hạn nộp bài thu hoạch {study.due_on:%d/%m/%Y}",
        url=reverse("study_detail", args=[study.pk]),
        dedupe=dedupe,
    )


@transaction.atomic
def open_study(*, by: User, study: Study) -> None:
    """Draft → open; the target members with a handbook account are told (once)."""
    study = Study.objects.select_for_update().select_related("org").get(pk=study.pk)
    if not can_open_study(by, study.org):
        raise ActionError({"status": ["Đồng chí không có quyền mở đợt học tập này."]})
    if study.status == StudyStatus.OPEN:
        return  # a double submit
    if study.status != StudyStatus.DRAFT:
        raise ActionError({"status": ["Đợt học tập đã kết thúc."]})
    study.status = StudyStatus.OPEN
    study.opened_at = timezone.now()
    study.save(update_fields=["status", "opened_at"])
    record(
        actor=by,
        action=AuditAction.STATUS,
        object_type="study",
        object_id=study.pk,
        org=study.org,
        summary="Mở đợt học tập",
    )
    _tell_members(study, title="Đợt học tập nghị quyết mới", dedupe=f"study:{study.pk}:opened")


@transaction.atomic
def change_study(
    *,
    by: User,
    study: Study,
    due_on: datetime.date | None,
    document_ids: Iterable[int],
    title: str | None = None,
    prompt: str | None = None,
) -> None:
    """Change the documents and the deadline (and, when given, the title and the prompt); members are
    told again only when the deadline moves."""
    study = Study.objects.select_for_update().select_related("org").get(pk=study.pk)
    if not can_open_study(by, study.org):
        raise ActionError({"due_on": ["Đồng chí không có quyền sửa đợt học tập này."]})
    if study.status == StudyStatus.CLOSED:
        raise ActionError({"due_on": ["Đợt học tập đã kết thúc."]})
    fields = ["due_on"]
    if title is not None:
        study.title, fields = _check_title(title), [*fields, "title"]
    if prompt is not None:
        study.prompt = required_text(
            prompt, field="prompt", empty="Hãy nhập yêu cầu bài thu hoạch.", max_length=MAX_PROMPT
        )
        fields.append("prompt")
    docs = _documents(study.org, document_ids)
    new_due = due_on if due_on == study.due_on else _check_due(due_on)
    if new_due is None:
        raise ActionError({"due_on": ["Hãy nhập hạn nộp bài thu hoạch."]})
    moved = new_due != study.due_on
    study.due_on = new_due
    study.save(update_fields=fields)
    study.documents.set(docs)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="study",
        object_id=study.pk,
        org=study.org,
        summary="Sửa văn bản, hạn nộp của đợt học tập",
    )
    if moved and study.status == StudyStatus.OPEN:
        _tell_members(
            study, title="Hạn nộp bài thu hoạch đã thay đổi", dedupe=f"study:{study.pk}:due:{new_due}"
        )


@transaction.atomic
def close_study(*, by: User, study: Study) -> None:
    study = Study.objects.select_for_update().select_related("org").get(pk=study.pk)
    if not can_open_study(by, study.org):
        raise ActionError({"status": ["Đồng chí không có quyền kết thúc đợt học tập này."]})
    if study.status == StudyStatus.CLOSED:
        return
    study.status = StudyStatus.CLOSED
    study.save(update_fields=["status"])
    record(
        actor=by,
        action=AuditAction.STATUS,
        object_type="study",
        object_id=study.pk,
        org=study.org,
        summary="Kết thúc đợt học tập",
    )
