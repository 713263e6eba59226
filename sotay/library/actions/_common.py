"""What publishing and editing share: the checks of what a person typed, and storing a file."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from sotay.core.errors import ActionError
from sotay.core.once import hold
from sotay.core.stored import delete_unless_committed
from sotay.library.files import check_file
from sotay.library.models import Category, Document
from sotay.vn import clean_spaces

NOT_IN_SCOPE = "Đồng chí không có quyền ban hành văn bản ở cấp này."


def clean_text(value: str, *, field: str, label: str, max_length: int, required: bool) -> str:
    text = clean_spaces(value or "")
    if required and not text:
        raise ActionError({field: [f"Hãy nhập {label}."]})
    if len(text) > max_length:
        raise ActionError({field: [f"{label.capitalize()} dài quá {max_length} ký tự."]})
    return text


def set_metadata(
    doc: Document,
    *,
    title: str,
    number: str,
    category: str,
    issued_on: datetime.date,
    issuer: str,
    summary: str,
) -> None:
    """Check the metadata a person typed and set it on `doc` (not saved)."""
    if category not in Category.values:
        raise ActionError({"category": ["Hãy chọn loại văn bản trong danh sách."]})
    if issued_on > timezone.localdate() + datetime.timedelta(days=1):
        raise ActionError({"issued_on": ["Ngày ban hành không thể ở tương lai."]})
    doc.title = clean_text(title, field="title", label="trích yếu", max_length=500, required=True)
    doc.number = clean_text(number, field="number", label="số, ký hiệu", max_length=60, required=False)
    doc.category = category
    doc.issued_on = issued_on
    doc.issuer = clean_text(issuer, field="issuer", label="cơ quan ban hành", max_length=255, required=True)
    doc.summary = (summary or "").strip()[:20_000]


def refuse_duplicate(doc: Document) -> None:
    """Refuse a document already in the library at the same node (the same number, title and date). The
    node's row is held first (`core.once.hold`), so that a double submit arriving at once waits for the
    first one and is refused, instead of both finding nothing."""
    hold(doc.issued_at)
    same = Document.objects.filter(
        issued_at=doc.issued_at, number=doc.number, title=doc.title, issued_on=doc.issued_on
    )
    if doc.pk:
        same = same.exclude(pk=doc.pk)
    if same.exists():
        raise ActionError({"title": ["Văn bản này đã có trong thư viện (cùng số, trích yếu và ngày)."]})


def attach_file(doc: Document, upload: UploadedFile) -> bool:
    """Check `upload`, store it under a new random name and read its text into `doc` (not saved).
    Returns whether its text could not be read."""
    checked = check_file(upload)
    doc.stored_name, doc.file_kind, doc.file_size = checked.stored_name, checked.kind, checked.size
    doc.file_name = clean_spaces(upload.name or "")[-255:]
    doc.text, doc.text_unreadable = checked.text, checked.unreadable
    doc.file.save(doc.stored_name, upload, save=False)
    storage, name = doc.file.storage, doc.file.name or doc.stored_name
    delete_unless_committed(lambda: storage.delete(name))
    return checked.unreadable
