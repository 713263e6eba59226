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

from sotay.api.problems import problems
from sotay.handbook.sync.consumers import consumer_for_token, read_changes
from sotay.handbook.sync.feed import DEFAULT_LIMIT, MAX_CURSOR, MAX_LIMIT


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


@router.get("/changes", response={200: ChangePage, **problems(401, 422)})
def handbook_changes(request: HttpRequest, params: Query[FeedParams]) -> dict[str, Any]:
    """Consumer accounts: the changes of their subtree after a cursor, with the fields they are granted."""
    consumer = request.auth  # type: ignore[attr-defined]
    changes, following = read_changes(consumer=consumer, after=params.after, limit=params.limit, via="API")
    return {"items": changes, "next": following}
