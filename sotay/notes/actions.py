"""Writes of personal notes. Audit rows name the act and the note's number, never its text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.notes.models import MAX_CHARS, Note

if TYPE_CHECKING:
    from sotay.accounts.models import User
    from sotay.library.models import Document


def _clean(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ActionError({"body": ["Ghi chú đang trống."]})
    if len(text) > MAX_CHARS:
        raise ActionError({"body": [f"Ghi chú dài quá {MAX_CHARS:,} ký tự.".replace(",", ".")]})
    return text


@transaction.atomic
def write_note(*, by: User, body: str, document: Document | None = None) -> Note:
    note = Note.objects.create(user=by, body=_clean(body), document=document)
    record(actor=by, action=AuditAction.CREATE, object_type="note", object_id=note.pk, summary="Viết ghi chú")
    return note


@transaction.atomic
def edit_note(*, by: User, note: Note, body: str) -> None:
    if note.user_id != by.pk:
        raise ActionError({"body": ["Không tìm thấy ghi chú."]})
    text = _clean(body)
    if text == note.body:
        return
    note.body = text
    note.save(update_fields=["body", "updated_at"])
    record(actor=by, action=AuditAction.UPDATE, object_type="note", object_id=note.pk, summary="Sửa ghi chú")


@transaction.atomic
def delete_note(*, by: User, note: Note) -> None:
    if note.user_id != by.pk:
        raise ActionError({"body": ["Không tìm thấy ghi chú."]})
    pk = note.pk
    note.delete()
    record(actor=by, action=AuditAction.DELETE, object_type="note", object_id=pk, summary="Xóa ghi chú")
