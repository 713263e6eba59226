"""Reading the change log after a cursor, whole (operators) or as one subtree sees it (staff, consumers).

A subtree's view of a move: a member moved from subtree A to B is one `update` row in the log. A reader
whose scope holds both branches sees that update; a reader who holds only B sees a `grant`; a reader who
holds only A sees a `revoke` (without the payload, and without saying where the member went).
"""

from __future__ import annotations

from typing import Any

from sotay.handbook.models import ChangeOp, HandbookChange
from sotay.handbook.sync.actions import current_cursor
from sotay.orgs.models import Org, subtree_q

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
# Ids are bigints: a larger cursor overflows PostgreSQL's bigint (an error, not an empty page), and
# SQLite's driver refuses it too. Callers validate against this before querying.
MAX_CURSOR = 2**63 - 1

_FIELDS = (
    "id",
    "op",
    "member_id",
    "member_code",
    "branch_code",
    "branch_path",
    "from_branch_code",
    "from_branch_path",
    "payload",
    "at",
)


def _inside(path: str, roots: list[Org]) -> bool:
    return any(root.path <= path < root.path_upper_bound for root in roots)


def present(row: dict[str, Any], roots: list[Org] | None) -> dict[str, Any]:
    """One change as JSON, as seen from `roots` (None: the whole log, as written)."""
    op, branch, payload, came_from = row["op"], row["branch_code"], row["payload"], row["from_branch_code"]
    if roots is not None and op == ChangeOp.UPDATE and row["from_branch_path"]:
        if not _inside(row["from_branch_path"], roots):
            op, came_from = ChangeOp.GRANT, ""
        elif not _inside(row["branch_path"], roots):
            op, branch, payload, came_from = ChangeOp.REVOKE, came_from, None, ""
    item = {
        "id": row["id"],
        "op": str(op),
        # The registry record's id: stable when a member code is corrected.
        "member_id": row["member_id"],
        "member_code": row["member_code"],
        "branch_code": branch,
        "payload": payload,
        "at": row["at"].isoformat(),
    }
    if came_from:
        item["from_branch_code"] = came_from
    return item


def changes_after(cursor: int, *, roots: list[Org] | None, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Up to `limit` changes with id > `cursor` (inside `roots`' subtrees unless None), and the next cursor.

    The newest id is read first, so every row up to it is committed (sync runs are serialised); when
    fewer than `limit` rows come back, the next cursor jumps to it, past rows outside the scope.
    """
    if roots is not None and not roots:
        return [], cursor
    high = current_cursor()
    qs = HandbookChange.objects.filter(id__gt=cursor, id__lte=high)
    if roots is not None:
        qs = qs.filter(subtree_q(roots, field="branch_path") | subtree_q(roots, field="from_branch_path"))
    rows = list(qs.order_by("id").values(*_FIELDS)[:limit])
    changes = [present(row, roots) for row in rows]
    following = rows[-1]["id"] if len(rows) == limit else max(cursor, high)
    return changes, following
