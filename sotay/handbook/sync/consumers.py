"""Consumer accounts of the change feed: made, read by token, revoked — each audited.

A branch secretary used to read every CCCD, phone and card number of their subtree in bulk through the
feed. The feed is now served only to these non-person accounts, each scoped to a subtree and granted the
payload fields it needs (identifiers only when named).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.handbook.models import CONSUMER_FIELDS, FeedConsumer
from sotay.handbook.sync.feed import changes_after
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User

TOKEN_PREFIX = "stf_"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_consumer(*, name: str, root: Org, fields: list[str], by: User | None) -> tuple[FeedConsumer, str]:
    """Make a consumer account; returns it and its token (shown once, stored hashed)."""
    name = " ".join(name.split())
    if not name:
        raise ActionError({"name": ["Hãy đặt tên cho hệ thống đọc thay đổi."]})
    unknown = sorted(set(fields) - set(CONSUMER_FIELDS))
    if unknown:
        raise ActionError(
            {"fields": [f"Không có trường: {', '.join(unknown)}. Các trường: {', '.join(CONSUMER_FIELDS)}."]}
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    consumer = FeedConsumer.objects.create(
        name=name[:120],
        root=root,
        fields=[f for f in CONSUMER_FIELDS if f in fields],
        token_hash=_hash(token),
        created_by=by,
    )
    granted = ", ".join(consumer.fields) or "không trường nào"
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="feed_consumer",
        object_id=consumer.pk,
        org=root,
        summary=f"Cấp tài khoản đọc thay đổi «{consumer.name}» ({granted})",
    )
    return consumer, token


@transaction.atomic
def revoke_consumer(*, consumer: FeedConsumer, by: User | None) -> FeedConsumer:
    consumer = FeedConsumer.objects.select_for_update().get(pk=consumer.pk)
    if consumer.revoked_at is None:
        consumer.revoked_at = timezone.now()
        consumer.save(update_fields=["revoked_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="feed_consumer",
            object_id=consumer.pk,
            org=consumer.root,
            summary=f"Thu hồi tài khoản đọc thay đổi «{consumer.name}»",
        )
    return consumer


def consumer_for_token(token: str) -> FeedConsumer | None:
    """The active consumer holding `token`, or None (unknown, malformed or revoked)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    return (
        FeedConsumer.objects.select_related("root")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )


def granted_payload(payload: dict[str, Any] | None, fields: list[str]) -> dict[str, Any] | None:
    """The payload as a consumer sees it: the member code and branch code always (the keys of the feed),
    every other field only when granted."""
    if payload is None:
        return None
    keep = {"member_code", "branch_code", *fields}
    return {k: v for k, v in payload.items() if k in keep}


def read_changes(
    *, consumer: FeedConsumer, after: int, limit: int, via: str
) -> tuple[list[dict[str, Any]], int]:
    """One page of the change feed as `consumer` may see it (its subtree, its granted fields); audited.
    `via` names the channel in the audit row ("web", "API")."""
    changes, following = changes_after(after, roots=[consumer.root], limit=limit)
    for change in changes:
        change["payload"] = granted_payload(change["payload"], consumer.fields)
    record(
        actor=None,
        action=AuditAction.EXPORT,
        object_type="handbook_changes",
        object_id=consumer.pk,
        org=consumer.root,
        summary=f"«{consumer.name}» đọc thay đổi Sổ tay ({via}) sau #{after}: {len(changes)} dòng",
        changes={"cursor": [after, following]},
    )
    return changes, following
