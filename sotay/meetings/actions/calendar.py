"""A member's private calendar address (iCalendar): made, and revoked by making a new one."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from sotay.accounts.models import User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.meetings.models import CalendarFeed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def renew_calendar_feed(*, by: User) -> str:
    """Revoke the user's current address (if any) and make a new one; the token is returned once."""
    CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(user=by, token_hash=token_hash(token))
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="calendar_feed",
        object_id=by.pk,
        summary="Tạo địa chỉ lịch sinh hoạt riêng (địa chỉ cũ bị thu hồi)",
    )
    return token


@transaction.atomic
def revoke_calendar_feed(*, by: User) -> None:
    if CalendarFeed.objects.filter(user=by, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        record(
            actor=by,
            action=AuditAction.REVOKE,
            object_type="calendar_feed",
            object_id=by.pk,
            summary="Thu hồi địa chỉ lịch sinh hoạt riêng",
        )
