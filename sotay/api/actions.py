"""Writes of the API app: issuing, using and revoking tokens, each with one audit row."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sotay.accounts.permissions import home_org
from sotay.api.models import ApiToken
from sotay.audit.log import record
from sotay.audit.models import AuditAction

if TYPE_CHECKING:
    from sotay.accounts.models import User

TOKEN_PREFIX = "sta_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(*, user: User, device: str) -> tuple[ApiToken, str]:
    """A new token for `user` on `device`; returns it and the secret (shown once, stored hashed)."""
    device = " ".join(device.split())[:80] or "Không tên"
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    lifetime = datetime.timedelta(days=settings.SOTAY_API_TOKEN_DAYS)
    token = ApiToken.objects.create(
        user=user, device=device, token_hash=hash_token(secret), expires_at=timezone.now() + lifetime
    )
    record(
        actor=user,
        action=AuditAction.CREATE,
        object_type="api_token",
        object_id=token.pk,
        org=home_org(user),
        summary=f"Cấp mã truy cập API cho thiết bị «{device}»",
    )
    return token, secret


def note_token_use(*, token: ApiToken) -> None:
    """At most one audit row per token per day (the first use of the day).

    The check is outside any transaction: every API request passes here, and on SQLite an atomic block
    takes the database's write lock (BEGIN IMMEDIATE) even when it then writes nothing."""
    if token.last_used_on != timezone.localdate():
        _note_first_use_today(token)


@transaction.atomic
def _note_first_use_today(token: ApiToken) -> None:
    today = timezone.localdate()
    updated = ApiToken.objects.filter(pk=token.pk).exclude(last_used_on=today).update(last_used_on=today)
    token.last_used_on = today
    if updated:
        record(
            actor=token.user,
            action=AuditAction.VIEW,
            object_type="api_token",
            object_id=token.pk,
            org=home_org(token.user),
            summary=f"Dùng mã truy cập API «{token.device}» trong ngày",
        )


@transaction.atomic
def revoke_token(*, token: ApiToken, by: User) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="api_token",
            object_id=token.pk,
            org=home_org(token.user),
            summary=f"Thu hồi mã truy cập API «{token.device}»",
        )
    return token
