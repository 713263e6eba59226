"""The QR check-in token: a signature over (meeting, minute window). The secretary's screen shows the current
window's token; a token of the current or the previous window is accepted, so a code scanned just before it
rotates still works, and a photo of it is useless two minutes later."""

from __future__ import annotations

import time

from django.core import signing

SALT = "sotay.meetings.checkin"
WINDOW_SECONDS = 60


def window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // WINDOW_SECONDS)


def make_token(meeting_id: int, now: float | None = None) -> str:
    return signing.Signer(salt=SALT).sign(f"{meeting_id}.{window(now)}")


def read_token(token: str, now: float | None = None) -> int | None:
    """The meeting id of a valid, unexpired token, else None."""
    try:
        value = signing.Signer(salt=SALT).unsign(token[:200])
    except signing.BadSignature:
        return None
    meeting_id, _, issued = value.partition(".")
    if not (meeting_id.isdigit() and issued.isdigit()):
        return None
    if int(issued) not in (window(now), window(now) - 1):
        return None
    return int(meeting_id)
