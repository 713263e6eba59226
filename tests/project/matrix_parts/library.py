"""The library's patterns in the permission matrix: a document issued at ward 2 (with its file)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.library.actions import publish_document
from sotay.library.models import Category, Document

TITLE = "Hướng dẫn riêng của phường Hai về công tác kiểm tra"


def _doc(w: Any) -> int:
    doc = Document.objects.filter(title=TITLE).first()
    if doc is None:
        from tests.library.conftest import pdf_bytes

        doc, _ = publish_document(
            by=None,
            issued_at=w.tree.ward2,
            title=TITLE,
            number="77-HD/ĐUP2",
            category=Category.HUONG_DAN,
            issued_on=datetime.date(2025, 4, 2),
            issuer="Đảng ủy phường Hai",
            upload=SimpleUploadedFile("p2-kiem-tra.pdf", pdf_bytes("Kiem tra phuong Hai")),
            check_permission=False,
        )
    return doc.pk


FILLERS = {
    "document_detail": lambda w: {"pk": _doc(w)},
    "library_file": lambda w: {"pk": _doc(w)},
    "document_supersede": lambda w: {"pk": _doc(w)},
    "document_edit": lambda w: {"pk": _doc(w)},
    "document_withdraw": lambda w: {"pk": _doc(w)},
    "bookmark_toggle": lambda w: {"pk": _doc(w)},
}
MARKERS = [TITLE, "77-HD/ĐUP2", "p2-kiem-tra.pdf"]
# The city's editor manages the content of every subtree of the city, ward 2's included (ADR 0011):
# for the library's pages they are inside, not an outsider.
INSIDERS = {"editor": set(FILLERS) | {"library", "bookmarks", "document_new"}}
