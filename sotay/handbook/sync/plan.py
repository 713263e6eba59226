"""Deciding what the handbook should hold for a subtree, without writing anything.

The sync (`actions.sync_handbook`) writes these decisions; the health figures (`health.sync_health`) only
count them. Both read members in chunks of `CHUNK` with `values()`, so the number of queries grows with
the subtree's size divided by `CHUNK`, never per member.

Who is entitled (QĐ 339-QĐ/TW, domain.md §1.1): official and probationary members (`HANDBOOK_STATUSES`),
never exempted ones, bound to the branch where they are active.

* **In transit**: a member whose transfer is under way stays bound to the sending branch (their
  `Member.org`) until the receiving branch confirms; the receipt changes `org`, and the next run moves
  the binding. The registry counts them once, at the sending branch, and so does the handbook: they never
  lose access while the paperwork travels and are never bound twice.
* **Subtree-scoped runs**: a run over root R looks at (1) the members whose branch is in R and (2) the
  active entitlements bound in R whose member's branch is now outside R. Both are decided on the member's
  whole record, so a member transferred from subtree A to B is moved (one update) by whichever of the A or
  B runs comes first, and the other run finds nothing to do. One entitlement row per member makes a
  double binding impossible.
* **Rejected**: entitled by status, but the record cannot be published as it stands (branch closed by a
  merger, not yet open, or not a branch). A rejected member keeps whatever entitlement they had: a data
  problem must not cut a member off; staff fix the record and the next run publishes it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q

from sotay.handbook.models import RejectReason
from sotay.handbook.sync.payload import MEMBER_FIELDS, build_payload, payload_hash
from sotay.members.models import HANDBOOK_STATUSES, Member, MemberQuerySet
from sotay.orgs.models import BRANCH_TYPES, Org, subtree_q

CHUNK = 2000  # members per query: bounds memory on a 366k-member subtree

ROW_FIELDS = (
    "id",
    *MEMBER_FIELDS,
    "status",
    "updated_at",
    "org_id",
    "org__code",
    "org__name",
    "org__path",
    "org__type",
    "org__valid_from",
    "org__valid_to",
    "org__successor__code",
    "handbook__id",
    "handbook__active",
    "handbook__payload_hash",
    "handbook__branch_id",
    "handbook__branch_path",
    "handbook__branch__code",
    "handbook__granted_at",
)


class Kind(StrEnum):
    GRANT = "grant"
    UPDATE = "update"
    REVOKE = "revoke"
    UNCHANGED = "unchanged"
    REJECT = "reject"


PENDING = frozenset({Kind.GRANT, Kind.UPDATE, Kind.REVOKE})


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one member's entitlement."""

    kind: Kind
    member_id: int
    member_code: str
    updated_at: datetime.datetime
    in_scope: bool  # the member's registry branch is in the run's subtree (False: bound here, moved out)
    entitled: bool  # status is dự bị or chính thức
    entitlement_id: int | None
    bound_active: bool
    bound_code: str  # where the active entitlement is bound now ('' if none)
    bound_path: str
    granted_at: datetime.datetime | None  # of the current entitlement, kept by an update
    org_id: int
    org_code: str
    org_path: str
    payload: dict[str, Any] | None = None
    hash: str = ""
    reason: str = ""
    detail: str = ""


def _branch_problem(row: dict[str, Any], today: datetime.date) -> tuple[str, str] | None:
    code = row["org__code"]
    if row["org__type"] not in BRANCH_TYPES:
        return RejectReason.NOT_A_BRANCH, f"{code} không phải chi bộ hoặc chi bộ cơ sở."
    valid_to: datetime.date | None = row["org__valid_to"]
    if valid_to is not None and valid_to < today:
        detail = f"Chi bộ {code} đã kết thúc hoạt động từ {valid_to:%d/%m/%Y}"
        if successor := row["org__successor__code"]:
            detail += f", sáp nhập vào {successor}; hồ sơ đảng viên chưa được chuyển sang"
        return RejectReason.BRANCH_CLOSED, detail + "."
    valid_from: datetime.date | None = row["org__valid_from"]
    if valid_from is not None and valid_from > today:
        return RejectReason.BRANCH_NOT_YET, f"Chi bộ {code} có hiệu lực từ {valid_from:%d/%m/%Y}."
    return None


def decide(row: dict[str, Any], *, in_scope: bool, today: datetime.date) -> Decision | None:
    """The decision for one member row (`ROW_FIELDS`); None when there is nothing to hold or publish."""
    active = bool(row["handbook__active"])
    entitled = row["status"] in HANDBOOK_STATUSES
    common: dict[str, Any] = {
        "member_id": row["id"],
        "member_code": row["code"],
        "updated_at": row["updated_at"],
        "in_scope": in_scope,
        "entitled": entitled,
        "entitlement_id": row["handbook__id"],
        "bound_active": active,
        "bound_code": (row["handbook__branch__code"] or "") if active else "",
        "bound_path": (row["handbook__branch_path"] or "") if active else "",
        "granted_at": row["handbook__granted_at"],
        "org_id": row["org_id"],
        "org_code": row["org__code"],
        "org_path": row["org__path"],
    }
    if not entitled:
        # Exempted, struck off, expelled, resigned or deceased: out of the handbook.
        return Decision(Kind.REVOKE, **common) if active else None
    problem = _branch_problem(row, today)
    if problem is not None:
        return Decision(Kind.REJECT, **common, reason=problem[0], detail=problem[1])
    payload = build_payload(row)
    digest = payload_hash(payload)
    if not active:
        kind = Kind.GRANT
    elif (
        row["handbook__payload_hash"] != digest
        or row["handbook__branch_id"] != row["org_id"]
        or row["handbook__branch_path"] != row["org__path"]
    ):
        kind = Kind.UPDATE
    else:
        kind = Kind.UNCHANGED
    return Decision(kind, **common, payload=payload, hash=digest)


def _chunks(qs: MemberQuerySet) -> Iterator[list[dict[str, Any]]]:
    """The matching ids first (one sorted query), then `CHUNK` rows at a time by primary key.

    Keyset paging on the filtered join (`pk > last ... LIMIT n`) would re-sort the rest of the subtree
    for every page; primary-key lookups keep each page cheap. 366k ids are a few MB.
    """
    ids = list(qs.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        page = ids[start : start + CHUNK]
        rows = Member.objects.filter(pk__in=page).order_by("pk").values(*ROW_FIELDS)
        yield list(rows)


def scan(root: Org, *, today: datetime.date) -> Iterator[list[Decision]]:
    """Decisions for `root`'s subtree, a chunk at a time. Reads the whole subtree: one query per chunk.

    Who is looked at is fixed by the id queries before anything is written; a caller that writes
    between chunks only touches members already decided.
    """
    in_root = subtree_q([root], field="org__path")
    registry = Member.objects.filter(in_root).filter(
        Q(status__in=HANDBOOK_STATUSES) | Q(handbook__active=True)
    )
    bound_here_moved_out = Member.objects.filter(
        handbook__active=True,
        handbook__branch_path__gte=root.path,
        handbook__branch_path__lt=root.path_upper_bound,
    ).exclude(in_root)
    for qs, in_scope in ((registry, True), (bound_here_moved_out, False)):
        for rows in _chunks(qs):
            decided = (decide(row, in_scope=in_scope, today=today) for row in rows)
            yield [d for d in decided if d is not None]
