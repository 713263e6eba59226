"""Reads of an account's notifications (its own only)."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db.models import IntegerField, OuterRef, Subquery

from sotay.core.compiled import Compiled
from sotay.notifications.models import Notification

# The badge says "99+" beyond this: counting a long unread backlog exactly on every page is waste.
BADGE_BOUND = 99
PAGE = 30
# The badge is on every page: compiled once (sotay.core.compiled, issue 12).
_UNREAD = Compiled(
    lambda user: Notification.objects.of(user).unread().values("pk")[: BADGE_BOUND + 1], user=int
)


class _BoundedCount(Subquery):
    """COUNT(*) over a sliced subquery: counts at most the slice's rows, however many match."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) bounded)"
    output_field = IntegerField()


def unread_bounded() -> Subquery:
    """The badge's count as an annotation on accounts (`User.objects.annotate(unread_bounded=...)`):
    the account loaded on every request carries it, so the badge costs no query of its own (issue 12)."""
    return _BoundedCount(
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True).values("pk")[: BADGE_BOUND + 1]
    )


def unread_badge(user: Any) -> str:
    """The unread count for the navigation, "" when there is none: the count the request's account was
    loaded with (`unread_bounded`), else one indexed query."""
    n = getattr(user, "unread_bounded", None)
    if n is None:
        n = _UNREAD.count(user=user.pk)
    if not n:
        return ""
    return f"{BADGE_BOUND}+" if n > BADGE_BOUND else str(n)


def forget_badge(user: Any) -> None:
    """Drop the count the account was loaded with, after a change to its unread notifications, so that the
    rest of the request counts again."""
    with contextlib.suppress(AttributeError):
        del user.unread_bounded


def page_of(user: Any, *, before: int | None) -> tuple[list[Notification], int | None]:
    """A page of the account's notifications, newest first, and the cursor of the next (older) page."""
    qs = Notification.objects.of(user).order_by("-id")
    if before is not None:
        qs = qs.filter(id__lt=before)
    rows = list(qs[: PAGE + 1])
    older = rows[PAGE - 1].pk if len(rows) > PAGE else None
    return rows[:PAGE], older
