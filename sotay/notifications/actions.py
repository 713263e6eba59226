"""Notifications: `notify()` is the one entry point other apps call; reading marks are the owner's.

Marking read is the account's own interface state (like a session), so it writes no audit row; the
events that cause a notification are audited by the actions that cause them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from sotay.notifications.models import Notification, PushSubscription
from sotay.notifications.queries import forget_badge
from sotay.notifications.tasks import fan_out

if TYPE_CHECKING:
    from sotay.accounts.models import User

# One task per this many recipients: a city-wide notice is many small tasks, not one huge argument.
CHUNK = 1000
MAX_TITLE = 200
MAX_BODY = 2000


def _user_ids(users: Iterable[Any] | QuerySet[Any]) -> list[int]:
    if isinstance(users, QuerySet):
        return sorted(set(users.values_list("pk", flat=True)))
    return sorted({u if isinstance(u, int) else u.pk for u in users})


def _safe_url(url: str) -> str:
    """Only a path on this server: a notification must not send anyone elsewhere."""
    url = url.strip()
    if not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 300:
        raise ValueError(f"a notification links to a path on this server, not {url[:40]!r}")
    return url


def notify(
    *,
    users: Iterable[Any] | QuerySet[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe: str = "",
) -> None:
    """Tell `users` (accounts or their ids) that something happened. The rows are written by a
    background task enqueued in the caller's transaction: a rolled-back change notifies nobody."""
    if not kind or len(kind) > 40:
        raise ValueError("kind is a short dotted name such as 'meetings.published'")
    if len(dedupe) > 120:
        raise ValueError("dedupe keys are at most 120 characters")
    title = " ".join(title.split())[:MAX_TITLE]
    if not title:
        raise ValueError("a notification needs a title")
    body = body.strip()[:MAX_BODY]
    url = _safe_url(url) if url else ""
    ids = _user_ids(users)
    for start in range(0, len(ids), CHUNK):
        fan_out.enqueue(
            user_ids=ids[start : start + CHUNK], kind=kind, title=title, body=body, url=url, dedupe=dedupe
        )


@transaction.atomic
def mark_read(*, user: User, notification: Notification) -> None:
    if notification.user_id != user.pk:
        raise PermissionError("not this account's notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_badge(user)


@transaction.atomic
def mark_all_read(*, user: User) -> int:
    marked = Notification.objects.of(user).unread().update(read_at=timezone.now())
    forget_badge(user)
    return marked


_B64URL = re.compile(r"^[A-Za-z0-9_\-=]+$")


@transaction.atomic
def subscribe_push(*, user: User, endpoint: str, p256dh: str, auth: str) -> PushSubscription:
    """Remember this browser's push endpoint for the account (a second call updates it)."""
    if not (endpoint.startswith("https://") and len(endpoint) <= 500):
        raise ValueError("Địa chỉ nhận thông báo đẩy không hợp lệ.")
    if not (_B64URL.match(p256dh) and _B64URL.match(auth) and len(p256dh) <= 200 and len(auth) <= 100):
        raise ValueError("Khóa của trình duyệt không hợp lệ.")
    sub, _ = PushSubscription.objects.update_or_create(
        endpoint=endpoint, defaults={"user": user, "p256dh": p256dh, "auth": auth}
    )
    return sub


@transaction.atomic
def unsubscribe_push(*, user: User, endpoint: str) -> None:
    PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
