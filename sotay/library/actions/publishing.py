"""Publish and supersede documents."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.library.actions._common import NOT_IN_SCOPE, attach_file, refuse_duplicate, set_metadata
from sotay.library.models import Document
from sotay.library.search import index_fields
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User


@transaction.atomic
def publish_document(
    *,
    by: User | None,
    issued_at: Org,
    title: str,
    category: str,
    issued_on: datetime.date,
    issuer: str,
    number: str = "",
    summary: str = "",
    upload: UploadedFile | None = None,
    check_permission: bool = True,
) -> tuple[Document, bool]:
    """Add a document issued at `issued_at`. Returns it and whether its file's text could not be read.

    The same number, title and date at the same node twice (a double submit) is refused."""
    if check_permission and (by is None or not can(by, Cap.EDIT_CONTENT, issued_at)):
        raise ActionError({"issued_at": [NOT_IN_SCOPE]})
    doc = Document(issued_at=issued_at, created_by=by)
    set_metadata(
        doc,
        title=title,
        number=number,
        category=category,
        issued_on=issued_on,
        issuer=issuer,
        summary=summary,
    )
    refuse_duplicate(doc)
    unreadable = attach_file(doc, upload) if upload is not None else False
    for field, value in index_fields(doc).items():
        setattr(doc, field, value)
    doc.save()
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="document",
        object_id=doc.pk,
        org=issued_at,
        summary=f"Đăng văn bản {doc.number or doc.title[:80]}",
    )
    return doc, unreadable


@transaction.atomic
def supersede_document(
    *, by: User | None, old: Document, new: Document, check_permission: bool = True
) -> None:
    """`old` is replaced by `new`: it stays readable and says so, with a link to `new`."""
    if check_permission and (
        by is None
        or not can(by, Cap.EDIT_CONTENT, old.issued_at)
        or not can(by, Cap.EDIT_CONTENT, new.issued_at)
    ):
        raise ActionError({"new": [NOT_IN_SCOPE]})
    if old.pk == new.pk:
        raise ActionError({"new": ["Một văn bản không thể thay thế chính nó."]})
    seen, cursor = {old.pk}, new
    while cursor.superseded_by_id is not None:  # a chain old -> new -> ... -> old would hide them all
        if cursor.superseded_by_id in seen:
            raise ActionError({"new": ["Văn bản thay thế đã bị chính văn bản này thay thế."]})
        seen.add(cursor.superseded_by_id)
        cursor = Document.objects.only("superseded_by").get(pk=cursor.superseded_by_id)
    if old.superseded_by_id == new.pk:
        return
    before = old.superseded_by_id
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="document",
        object_id=old.pk,
        org=old.issued_at,
        summary=f"Văn bản {old.number or old.pk} được thay thế bởi {new.number or new.pk}",
        changes={"superseded_by": [before, new.pk]},
    )
