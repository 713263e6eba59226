"""A member's own notes as CSV (the page's download and the API's): UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.timezone import localtime

from sotay.notes.models import Note
from sotay.pipeline.formulas import neutralise

FILENAME = "ghi-chu-cua-toi.csv"


def notes_csv(user: Any) -> str:
    """The owner's notes, newest first; a note starting with "=" is neutralised like every export."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Ngày viết", "Ngày sửa", "Văn bản", "Buổi sinh hoạt", "Ghi chú"])
    notes = Note.objects.of(user).select_related("document", "meeting").defer("document__text")
    for note in notes:
        doc, meeting = note.document, note.meeting
        writer.writerow(
            [
                f"{note.created_at:%d/%m/%Y %H:%M}",
                f"{note.updated_at:%d/%m/%Y %H:%M}",
                neutralise(f"{doc.number} {doc.title}".strip() if doc else ""),
                neutralise(f"{meeting.title} ({localtime(meeting.starts_at):%d/%m/%Y})" if meeting else ""),
                neutralise(note.body),
            ]
        )
    return "\ufeff" + out.getvalue()
