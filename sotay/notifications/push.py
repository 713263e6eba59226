"""Web push to installed apps, where `SOTAY_VAPID_PUBLIC_KEY` and `SOTAY_VAPID_PRIVATE_KEY` are set.

The push carries only the title and the link (the body stays on the server, behind the sign-in); a
subscription the push service says is gone (404/410) is deleted. Without keys nothing is sent and
nothing fails: the in-app list is the notification.
"""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.tasks import task
from pywebpush import WebPushException, webpush

from sotay.notifications.models import PushSubscription

logger = logging.getLogger("sotay.notifications")


def configured() -> bool:
    return bool(settings.SOTAY_VAPID_PUBLIC_KEY and settings.SOTAY_VAPID_PRIVATE_KEY)


@task
def push_out(*, user_ids: list[int], title: str, url: str) -> int:
    """Send one push per subscription of these accounts; returns how many were delivered."""
    if not configured():
        return 0
    payload = json.dumps({"title": title, "url": url or "/thong-bao/"}, ensure_ascii=False)
    sent = 0
    for sub in PushSubscription.objects.filter(user_id__in=user_ids).iterator():
        try:
            webpush(
                subscription_info={
                    "endpoint": sub.endpoint,
                    "keys": {"p256dh": sub.p256dh, "auth": sub.auth},
                },
                data=payload,
                vapid_private_key=settings.SOTAY_VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.SOTAY_VAPID_SUBJECT},
                timeout=10,
                ttl=24 * 3600,
            )
            sent += 1
        except WebPushException as e:
            if e.status_code in (404, 410):
                sub.delete()
            else:
                logger.warning("web push failed (%s) for subscription %s", e.status_code, sub.pk)
    return sent
