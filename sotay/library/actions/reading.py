"""A member's bookmarks ("xem sau") and reading records."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.library.models import Bookmark, Document, Reading

if TYPE_CHECKING:
    from sotay.accounts.models import User


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
