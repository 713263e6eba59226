"""Correct a document (its metadata, its file and so its text) and withdraw one."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.core.stored import delete_after_commit
from sotay.library.actions._common import (
    NOT_IN_SCOPE,
    attach_file,
    clean_text,
    refuse_duplicate,
    set_metadata,
)
from sotay.library.models import Document
from sotay.library.search import index_fields

if TYPE_CHECKING:
    from sotay.accounts.models import User

SUPERSEDED = (
    "Văn bản này đã được thay thế nên không sửa được nữa (hồ sơ giữ nguyên như khi ban hành). "
    "Nếu cần, hãy sửa văn bản thay thế."
)
WITHDRAWN = "Văn bản này đã bị thu hồi nên không sửa được nữa."
_METADATA = ("title", "number", "category", "issued_on", "issuer", "summary")
_FILE_FIELDS = ("file", "stored_name", "file_name", "file_kind", "file_size", "text", "text_unreadable")
_SEARCH_FIELDS = ("search_title", "search_body", "search_marked")


def _locked_for_change(by: User | None, document: Document) -> Document:
    doc = Document.objects.select_for_update().select_related("issued_at").get(pk=document.pk)
    if by is None or not can(by, Cap.EDIT_CONTENT, doc.issued_at):
        raise ActionError({"issued_at": [NOT_IN_SCOPE]})
    return doc


@transaction.atomic
def edit_document(
    *,
    by: User | None,
    document: Document,
    title: str,
    category: str,
    issued_on: datetime.date,
    issuer: str,
    number: str = "",
    summary: str = "",
    upload: UploadedFile | None = None,
) -> tuple[bool, bool]:
    """Correct `document`'s metadata and, with `upload`, replace its file (its text is read again and
    indexed). Returns whether anything changed, and whether the new file's text could not be read.

    A superseded or withdrawn document is part of the record and is refused."""
    doc = _locked_for_change(by, document)
    if doc.superseded_by_id is not None:
        raise ActionError({"title": [SUPERSEDED]})
    if doc.withdrawn_at is not None:
        raise ActionError({"title": [WITHDRAWN]})
    before = {field: getattr(doc, field) for field in _METADATA}
    set_metadata(
        doc,
        title=title,
        number=number,
        category=category,
        issued_on=issued_on,
        issuer=issuer,
        summary=summary,
    )
    changes: dict[str, list[str]] = {
        field: [str(before[field]), str(getattr(doc, field))]
        for field in _METADATA
        if before[field] != getattr(doc, field)
    }
    if "summary" in changes:  # long: say that it changed, not what it was
        changes["summary"] = ["…", "…"]
    if not changes and upload is None:
        return False, False  # nothing new (a double submit)
    refuse_duplicate(doc)
    old_file, old_name = doc.file.name, doc.file_name
    unreadable = False
    if upload is not None:
        unreadable = attach_file(doc, upload)
        changes["file"] = [old_name, doc.file_name]
        if old_file:
            storage = doc.file.storage
            delete_after_commit(lambda: storage.delete(old_file))
    for field, value in index_fields(doc).items():
        setattr(doc, field, value)
    fields = [*_METADATA, *_SEARCH_FIELDS, *(_FILE_FIELDS if upload is not None else ())]
    doc.save(update_fields=fields)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="document",
        object_id=doc.pk,
        org=doc.issued_at,
        summary=f"Sửa văn bản {doc.number or doc.title[:80]}",
        changes=changes,
    )
    return True, unreadable


@transaction.atomic
def withdraw_document(*, by: User | None, document: Document, reason: str) -> bool:
    """Withdraw (thu hồi) `document`: members no longer see it; it stays, with its file, for the record
    and for those who manage it. Returns whether anything changed (a second withdrawal does nothing)."""
    doc = _locked_for_change(by, document)
    text = clean_text(reason, field="reason", label="lý do thu hồi", max_length=500, required=True)
    if doc.withdrawn_at is not None:
        return False
    doc.withdrawn_at, doc.withdrawn_by, doc.withdrawal_reason = timezone.now(), by, text
    doc.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(
        actor=by,
        action=AuditAction.STATUS,
        object_type="document",
        object_id=doc.pk,
        org=doc.issued_at,
        summary=f"Thu hồi văn bản {doc.number or doc.title[:80]}",
        changes={"withdrawn": ["", text]},
    )
    return True
