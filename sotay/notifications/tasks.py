"""The fan-out of a notification to its recipients, run by `sotay worker` (immediately in tests)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from sotay.notifications import push
from sotay.notifications.models import Notification


@task
def fan_out(*, user_ids: list[int], kind: str, title: str, body: str, url: str, dedupe: str) -> int:
    """One row per recipient; with a `dedupe` key a recipient who has it already gets nothing twice
    (a retried task, a second publish)."""
    now = timezone.now()
    rows = [
        Notification(user_id=uid, kind=kind, title=title, body=body, url=url, dedupe=dedupe, created_at=now)
        for uid in user_ids
    ]
    Notification.objects.bulk_create(rows, batch_size=500, ignore_conflicts=bool(dedupe))
    if push.configured():
        push.push_out.enqueue(user_ids=user_ids, title=title, url=url)
    return len(rows)
