"""A member writes and submits a reflection; their own branch's committee completes or returns it.
Audit rows hold no reflection text."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError, required_text
from sotay.core.stored import delete_after_commit, delete_unless_committed
from sotay.library.files import check_file
from sotay.notifications.actions import notify
from sotay.study.access import can_review, own_member
from sotay.study.models import EDITABLE, Reflection, ReflectionStatus, Study, StudyStatus

if TYPE_CHECKING:
    from sotay.accounts.models import User

# About ten printed pages: a reflection is an essay, not a thesis.
MAX_REFLECTION = 20_000
MAX_COMMENT = 2_000


@transaction.atomic
def save_reflection(
    *,
    by: User,
    study: Study,
    text: str,
    submit: bool,
    upload: UploadedFile | None = None,
    remove_file: bool = False,
) -> Reflection:
    """Save the member's reflection as a draft, or submit it. Until it is submitted (or after the
    committee returns it) the member may change it. Submitting after the deadline is allowed and
    flagged late. Submitting the same text twice does nothing the second time.

    `upload` attaches one PDF or DOCX (checked by its content, as the library's files are), replacing
    any earlier one; `remove_file` drops it."""
    member = own_member(by)
    if member is None or not member.org.path.startswith(study.org.path):
        raise ActionError({"text": ["Đợt học tập này không dành cho đồng chí."]})
    if study.status != StudyStatus.OPEN:
        raise ActionError({"text": ["Đợt học tập không mở để nộp bài."]})
    body = required_text(text, field="text", empty="Hãy viết bài thu hoạch.", max_length=MAX_REFLECTION)
    reflection = Reflection.objects.select_for_update().filter(study=study, member=member).first()
    if reflection is not None and reflection.status not in EDITABLE:
        if reflection.text == body:
            return reflection  # a double submit
        raise ActionError({"text": ["Bài đã nộp; chỉ sửa được khi chi bộ trả lại."]})
    created = reflection is None
    if reflection is None:
        reflection = Reflection(study=study, member=member, branch=member.org, created_by=by)
    reflection.text = body
    reflection.branch = member.org
    if upload is not None:
        _attach(reflection, upload)
    elif remove_file and reflection.file:
        _drop_file(reflection)
    if submit:
        reflection.status = ReflectionStatus.SUBMITTED
        reflection.submitted_at = timezone.now()
        reflection.late = study.is_past_due
    reflection.save()
    record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        object_type="reflection",
        object_id=reflection.pk,
        org=member.org,
        summary="Nộp bài thu hoạch" if submit else "Lưu bản nháp bài thu hoạch",
    )
    return reflection


@transaction.atomic
def review_reflection(*, by: User, reflection: Reflection, complete: bool, comment: str) -> None:
    """The member's branch committee marks the reflection complete, or returns it with a comment (the
    member revises and submits again). The member is told."""
    reflection = Reflection.objects.select_for_update().select_related("member").get(pk=reflection.pk)
    if not can_review(by, reflection):
        raise ActionError({"comment": ["Chỉ cấp ủy chi bộ của đảng viên mới nhận xét bài này."]})
    target = ReflectionStatus.COMPLETED if complete else ReflectionStatus.RETURNED
    if reflection.status == target:
        return  # a double submit
    if reflection.status != ReflectionStatus.SUBMITTED:
        raise ActionError({"comment": ["Bài chưa được nộp."]})
    note = (comment or "").strip()
    if not complete and not note:
        raise ActionError({"comment": ["Hãy ghi nhận xét để đảng viên biết cần sửa gì."]})
    if len(note) > MAX_COMMENT:
        raise ActionError({"comment": [f"Nhận xét dài quá {MAX_COMMENT} ký tự."]})
    reflection.status = target
    reflection.review_comment = note
    reflection.reviewed_at = timezone.now()
    reflection.reviewed_by = by
    reflection.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by"])
    record(
        actor=by,
        action=AuditAction.STATUS,
        object_type="reflection",
        object_id=reflection.pk,
        org=reflection.branch,
        summary="Bài thu hoạch đạt" if complete else "Trả lại bài thu hoạch để sửa",
    )
    user_id = getattr(getattr(reflection.member, "user", None), "pk", None)
    if user_id:
        notify(
            users=[user_id],
            kind="study.reviewed",
            title="Bài thu hoạch đã đạt" if complete else "Chi bộ trả lại bài thu hoạch để sửa",
            url=reverse("study_detail", args=[reflection.study_id]),
            dedupe=f"reflection:{reflection.pk}:{target}:{reflection.reviewed_at.timestamp():.0f}",
        )


def _drop_file(reflection: Reflection) -> None:
    """Forget the attached file; it is deleted from disk once the change is committed."""
    storage, name = reflection.file.storage, reflection.file.name
    if name:
        delete_after_commit(lambda: storage.delete(name))
    reflection.file = ""
    reflection.stored_name = reflection.file_name = reflection.file_kind = ""
    reflection.file_size = 0


def _attach(reflection: Reflection, upload: UploadedFile) -> None:
    """Check `upload` by its content, store it under a new random name (deleted again if the write
    rolls back) and replace the earlier file, if any."""
    checked = check_file(upload)
    if reflection.file:
        _drop_file(reflection)
    reflection.stored_name = f"study/{secrets.token_urlsafe(24)}.{checked.kind}"
    reflection.file_kind, reflection.file_size = checked.kind, checked.size
    reflection.file_name = " ".join((upload.name or "").split())[-255:]
    reflection.file.save(reflection.stored_name, upload, save=False)
    storage, name = reflection.file.storage, reflection.file.name or reflection.stored_name
    delete_unless_committed(lambda: storage.delete(name))
