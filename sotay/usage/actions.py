"""Recording use: at most one row per account, day and platform; installs per account and device kind.

These rows are facts about an account's own use, counted by the dashboard; they hold no personal data
of anyone else, so they write no audit row (the audit log records reads and changes of records).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from sotay.usage.models import AppInstall, DailyActivity, DeviceKind, Platform


def record_activity(*, user: Any, platform: str, day: datetime.date | None = None) -> None:
    if platform not in Platform.values:
        raise ValueError(f"unknown platform {platform!r}")
    day = day or timezone.localdate()
    DailyActivity.objects.bulk_create(
        [DailyActivity(user_id=user.pk, day=day, platform=platform)], ignore_conflicts=True
    )


def device_of(user_agent: str) -> str:
    ua = user_agent.lower()
    if "android" in ua:
        return DeviceKind.ANDROID
    if "iphone" in ua or "ipad" in ua or "ipod" in ua:
        return DeviceKind.IOS
    if any(s in ua for s in ("windows", "macintosh", "x11", "linux", "cros")):
        return DeviceKind.DESKTOP
    return DeviceKind.OTHER


@transaction.atomic
def record_install(*, user: Any, user_agent: str) -> AppInstall:
    now = timezone.now()
    install, created = AppInstall.objects.select_for_update().get_or_create(
        user_id=user.pk, device=device_of(user_agent), defaults={"first_at": now, "last_at": now}
    )
    if not created:
        install.last_at = now
        install.save(update_fields=["last_at"])
    record_activity(user=user, platform=Platform.APP)
    return install
