"""The handbook change feed for other systems (consumer accounts), moved under /api/v1/.

Reuses the handbook's consumer accounts and feed: one subtree per consumer, granted payload fields only.
The cursor is the last change id seen (an integer, 0 to start); `next` is the cursor for the next call.
Rows older than the retention period (`SOTAY_RETENTION_*`, sotay prune_logs) are gone: a consumer that
falls behind further than that must resynchronise from a full export.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.security import HttpBearer
from pydantic import Field

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.handbook.sync.consumers import consumer_for_token, granted_payload
from sotay.handbook.sync.feed import DEFAULT_LIMIT, MAX_CURSOR, MAX_LIMIT, changes_after


class ConsumerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return consumer_for_token(token)


class FeedParams(Schema):
    after: int = Field(0, ge=0, le=MAX_CURSOR)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class Change(Schema):
    id: int
    op: str
    member_id: int | None
    member_code: str
    branch_code: str
    payload: dict[str, Any] | None
    at: str
    from_branch_code: str | None = None


class ChangePage(Schema):
    items: list[Change]
    next: int


router = Router(auth=ConsumerToken(), tags=["handbook"])


@router.get("/changes", response=ChangePage)
def handbook_changes(request: HttpRequest, params: Query[FeedParams]) -> dict[str, Any]:
    consumer = request.auth  # type: ignore[attr-defined]
    changes, following = changes_after(params.after, roots=[consumer.root], limit=params.limit)
    for change in changes:
        change["payload"] = granted_payload(change["payload"], consumer.fields)
    record(
        actor=None,
        action=AuditAction.EXPORT,
        object_type="handbook_changes",
        object_id=consumer.pk,
        org=consumer.root,
        summary=f"«{consumer.name}» đọc thay đổi Sổ tay (API) sau #{params.after}: {len(changes)} dòng",
        changes={"cursor": [params.after, following]},
    )
    return {"items": changes, "next": following}
