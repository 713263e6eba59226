"""Personal notes in the permission matrix: a note of a ward 2 member on ward 2's meeting, which nobody
else may read (not on the meeting's page either)."""

from __future__ import annotations

from typing import Any

from sotay.accounts.models import Role, User
from sotay.notes.actions import write_note
from sotay.notes.models import Note

BODY = "Ghi chú riêng của đồng chí Bình ở phường Hai"


def _note(w: Any) -> int:
    note = Note.objects.filter(body=BODY).first()
    if note is None:
        from tests import factories

        owner = User.objects.filter(username="binh.p2").first() or factories.user(
            "binh.p2", role=Role.MEMBER, at=w.tree.unit2, member=w.member
        )
        from tests.project.matrix_parts.meetings import _meeting

        note = write_note(by=owner, body=BODY, meeting=_meeting(w))
    return note.pk


FILLERS = {
    "note_edit": lambda w: {"pk": _note(w)},
    "note_delete": lambda w: {"pk": _note(w)},
}
MARKERS = [BODY]
# Only the author opens a note: staff of the subtree and of its ancestors get a 404 too.
NOT_FOR_STAFF = {"note_edit", "note_delete"}
