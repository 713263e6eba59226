"""Uploaded document files: what they really are (by content, not by name), their text, and where they go.

A file is stored under a random name (nothing in its name says which document or unit it belongs to, nor
can it be guessed) and is served only by the permission-checked view `library_file` (the URL name).
"""

from __future__ import annotations

import io
import logging
import secrets
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sotay.core.errors import ActionError
from sotay.library.models import FileKind

log = logging.getLogger(__name__)

UNREADABLE_WARNING = (
    "Tệp đã được lưu nhưng không đọc được chữ trong tệp (tệp có mật khẩu hoặc là ảnh chụp/bản quét): "
    "văn bản chỉ tìm được theo trích yếu, số ký hiệu và tóm tắt."
)


@dataclass(frozen=True)
class CheckedFile:
    kind: FileKind
    text: str
    unreadable: bool
    size: int
    stored_name: str


def max_bytes() -> int:
    return int(settings.SOTAY_LIBRARY_MAX_FILE_MB) * 1024 * 1024


def check_file(upload: UploadedFile) -> CheckedFile:
    """Refuse what is not a PDF or DOCX by its content, empty, too large or corrupt; read its text."""
    size = upload.size or 0
    if size == 0:
        raise ActionError({"file": ["Tệp trống. Hãy chọn lại tệp văn bản (PDF hoặc DOCX)."]})
    if size > max_bytes():
        raise ActionError({"file": [f"Tệp quá lớn: tối đa {settings.SOTAY_LIBRARY_MAX_FILE_MB} MB."]})
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if data.startswith(b"%PDF-"):
        kind, (text, unreadable) = FileKind.PDF, _pdf_text(data)
    elif data.startswith(b"PK\x03\x04") and _is_docx(data):
        kind, (text, unreadable) = FileKind.DOCX, _docx_text(data)
    else:
        raise ActionError(
            {
                "file": [
                    "Tệp không phải PDF hoặc Word (DOCX), dù tên tệp có thể ghi như vậy. Hãy chọn đúng tệp."
                ]
            }
        )
    return CheckedFile(kind, text, unreadable, size, f"library/{secrets.token_urlsafe(24)}.{kind}")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _pdf_text(data: bytes) -> tuple[str, bool]:
    """(text, unreadable). Encrypted or image-only PDFs are accepted with no text; a PDF that cannot be
    opened at all is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return "", True
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        log.info("unreadable PDF: %s", exc)
        raise ActionError(
            {"file": ["Tệp PDF bị hỏng, không mở được. Hãy xuất lại tệp rồi tải lên."]}
        ) from exc
    text = "\n".join(pages).strip()
    return text, not text


def _docx_text(data: bytes) -> tuple[str, bool]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml errors...)
        log.info("unreadable DOCX: %s", exc)
        raise ActionError(
            {"file": ["Tệp Word bị hỏng, không mở được. Hãy lưu lại tệp rồi tải lên."]}
        ) from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    text = "\n".join(p for p in parts if p.strip()).strip()
    return text, not text
