"""Writes of the library: publish and supersede documents, bookmarks, reading records."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.core.stored import delete_unless_committed
from sotay.library.files import check_file
from sotay.library.models import Bookmark, Category, Document, Reading
from sotay.library.search import index_fields
from sotay.orgs.models import Org
from sotay.vn import clean_spaces

if TYPE_CHECKING:
    from sotay.accounts.models import User

NOT_IN_SCOPE = "Đồng chí không có quyền ban hành văn bản ở cấp này."


def _clean(value: str, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = clean_spaces(value or "")
    if required and not text:
        raise ActionError({field: [f"Hãy nhập {label}."]})
    if len(text) > max_length:
        raise ActionError({field: [f"{label.capitalize()} dài quá {max_length} ký tự."]})
    return text


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
    if category not in Category.values:
        raise ActionError({"category": ["Hãy chọn loại văn bản trong danh sách."]})
    if issued_on > timezone.localdate() + datetime.timedelta(days=1):
        raise ActionError({"issued_on": ["Ngày ban hành không thể ở tương lai."]})
    doc = Document(
        issued_at=issued_at,
        title=_clean(title, field="title", label="trích yếu", max_length=500, required=True),
        number=_clean(number, field="number", label="số, ký hiệu", max_length=60, required=False),
        category=category,
        issued_on=issued_on,
        issuer=_clean(issuer, field="issuer", label="cơ quan ban hành", max_length=255, required=True),
        summary=(summary or "").strip()[:20_000],
        created_by=by,
    )
    duplicate = Document.objects.filter(
        issued_at=issued_at, number=doc.number, title=doc.title, issued_on=issued_on
    ).exists()
    if duplicate:
        raise ActionError({"title": ["Văn bản này đã có trong thư viện (cùng số, trích yếu và ngày)."]})
    unreadable = False
    if upload is not None:
        checked = check_file(upload)
        doc.stored_name, doc.file_kind, doc.file_size = checked.stored_name, checked.kind, checked.size
        doc.file_name = clean_spaces(upload.name or "")[-255:]
        doc.text, doc.text_unreadable, unreadable = checked.text, checked.unreadable, checked.unreadable
    for field, value in index_fields(doc).items():
        setattr(doc, field, value)
    if upload is not None:
        doc.file.save(doc.stored_name, upload, save=False)
        storage, name = doc.file.storage, doc.file.name or doc.stored_name
        delete_unless_committed(lambda: storage.delete(name))
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


@transaction.atomic
def bookmark_document(*, by: User, document: Document, keep: bool) -> bool:
    """Keep (or drop) `document` in `by`'s "xem sau" list. Returns whether anything changed."""
    if keep:
        try:
            with transaction.atomic():
                Bookmark.objects.create(user=by, document=document)
        except IntegrityError:
            return False  # already kept (a double tap)
    elif not Bookmark.objects.filter(user=by, document=document).delete()[0]:
        return False
    record(
        actor=by,
        action=AuditAction.CREATE if keep else AuditAction.DELETE,
        object_type="bookmark",
        object_id=document.pk,
        org=document.issued_at,
        summary="Lưu văn bản để xem sau" if keep else "Bỏ văn bản khỏi danh sách xem sau",
    )
    return True


def record_reading(*, by: User, document: Document) -> None:
    """Count that `by` opened `document` (one row per person and document). Not audited: the row is the
    record, and reading a document touches nobody's personal data."""
    updated = Reading.objects.filter(user=by, document=document).update(
        times=F("times") + 1, last_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                Reading.objects.create(user=by, document=document)
        except IntegrityError:  # two tabs at once: the other created it
            Reading.objects.filter(user=by, document=document).update(times=F("times") + 1)
