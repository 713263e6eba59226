"""Meeting documents on disk: the type is read from the content (not the name), the size is capped by a
setting, and the file is stored under a random name in a folder the web server does not serve."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sotay.core.errors import ActionError
from sotay.core.stored import delete_after_commit, delete_unless_committed

# type name → (content type, extension)
KINDS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "png": ("image/png", "png"),
    "jpeg": ("image/jpeg", "jpg"),
}


def max_bytes() -> int:
    return int(settings.SOTAY_MEETING_FILE_MAX_MB) * 1024 * 1024


def sniff(head: bytes, data: bytes) -> str | None:
    """The kind of a file from its first bytes (and, for a ZIP, its part names); None if not allowed."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
    return None


def check(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and kind, or an ActionError saying in Vietnamese why it is refused."""
    size = upload.size or 0
    if size == 0:
        raise ActionError({"file": ["Tệp rỗng."]})
    if size > max_bytes():
        raise ActionError({"file": [f"Tệp quá lớn: tối đa {settings.SOTAY_MEETING_FILE_MAX_MB} MB."]})
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ActionError({"file": [f"Tệp quá lớn: tối đa {settings.SOTAY_MEETING_FILE_MAX_MB} MB."]})
    kind = sniff(data[:16], data)
    if kind is None:
        raise ActionError({"file": ["Chỉ nhận tệp PDF, Word (DOCX), Excel (XLSX) hoặc ảnh PNG/JPEG."]})
    return data, kind


def folder() -> Path:
    return Path(settings.SOTAY_MEETING_FILES_DIR)


def store(data: bytes, kind: str) -> str:
    """Write the bytes under a new random name; returns that name. Call it inside the action's transaction:
    the file is deleted if that transaction rolls back."""
    name = f"{secrets.token_urlsafe(24)}.{KINDS[kind][1]}"
    folder().mkdir(parents=True, exist_ok=True)
    path = folder() / name
    path.write_bytes(data)
    delete_unless_committed(lambda: path.unlink(missing_ok=True))
    return name


def delete_after_commit_of(stored_name: str) -> None:
    """Remove the file once the deletion of its document is committed."""
    path = path_of(stored_name)
    delete_after_commit(lambda: path.unlink(missing_ok=True))


def path_of(stored_name: str) -> Path:
    return folder() / Path(stored_name).name
