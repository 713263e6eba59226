"""Reads of an account's notifications (its own only)."""

from __future__ import annotations

from typing import Any

from sotay.core.compiled import Compiled
from sotay.notifications.models import Notification

# The badge says "99+" beyond this: counting a long unread backlog exactly on every page is waste.
BADGE_BOUND = 99
PAGE = 30
# The badge is on every page: compiled once (sotay.core.compiled, issue 12).
_UNREAD = Compiled(
    lambda user: Notification.objects.of(user).unread().values("pk")[: BADGE_BOUND + 1], user=int
)


def unread_badge(user: Any) -> str:
    """The unread count for the navigation, "" when there is none (one indexed query)."""
    n = _UNREAD.count(user=user.pk)
    if not n:
        return ""
    return f"{BADGE_BOUND}+" if n > BADGE_BOUND else str(n)


def page_of(user: Any, *, before: int | None) -> tuple[list[Notification], int | None]:
    """A page of the account's notifications, newest first, and the cursor of the next (older) page."""
    qs = Notification.objects.of(user).order_by("-id")
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: PAGE + 1])
    older = rows[PAGE - 1].pk if len(rows) > PAGE else None
    return rows[:PAGE], older
