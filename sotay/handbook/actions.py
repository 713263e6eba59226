"""Publishing the registry to the handbook: the only writer of entitlements and of the change log.

The semantics (who is entitled, in-transit members, subtree-scoped runs, rejections) are in
`sotay.handbook.plan`; this module writes what the plan decides, in bulk.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.handbook.models import ChangeOp, Entitlement, HandbookChange, Rejection, SyncRun
from sotay.handbook.plan import Decision, Kind, scan
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User

BATCH = 1000  # rows per INSERT/UPDATE statement

_UPDATE_FIELDS = ["branch", "branch_path", "payload", "payload_hash", "updated_at"]
_REGRANT_FIELDS = [*_UPDATE_FIELDS, "active", "granted_at", "revoked_at"]
_REVOKE_FIELDS = ["active", "revoked_at", "updated_at"]


def current_cursor() -> int:
    """The id of the newest change (0 when the log is empty)."""
    return HandbookChange.objects.aggregate(m=Max("id"))["m"] or 0


def _serialize_runs() -> None:
    """One run at a time, across the whole tree.

    Two reasons: change ids are then committed in id order, so a consumer that has read up to cursor N
    never misses a row below N committed later; and two overlapping subtree runs cannot both publish the
    same move. The lock is on the tree's root rows (FOR NO KEY UPDATE on PostgreSQL, so inserts that
    reference those rows are not blocked); SQLite serialises writers by itself.
    """
    roots = Org.objects.filter(parent__isnull=True).order_by("path")
    if connection.features.has_select_for_update:
        no_key = connection.features.has_select_for_no_key_update
        list(roots.select_for_update(no_key=no_key).values_list("pk", flat=True))


def _entitlement(d: Decision, now: datetime.datetime) -> Entitlement:
    assert d.payload is not None
    return Entitlement(
        id=d.entitlement_id,
        member_id=d.member_id,
        branch_id=d.org_id,
        branch_path=d.org_path,
        active=True,
        payload=d.payload,
        payload_hash=d.hash,
        granted_at=now,
        updated_at=now,
        revoked_at=None,
    )


def _write(run: SyncRun, decisions: list[Decision], now: datetime.datetime, counts: Counter[str]) -> None:
    """Write one chunk's differences: a few bulk statements, whatever the chunk's size."""
    new: list[Entitlement] = []
    regranted: list[Entitlement] = []
    updated: list[Entitlement] = []
    revoked: list[Entitlement] = []
    changes: list[HandbookChange] = []
    rejections: list[Rejection] = []
    for d in decisions:
        counts[d.kind] += 1
        change = HandbookChange(
            run=run, member_id=d.member_id, member_code=d.member_code, at=now, payload=d.payload
        )
        if d.kind == Kind.UNCHANGED:
            continue
        if d.kind == Kind.REJECT:
            rejections.append(
                Rejection(run=run, member_id=d.member_id, org_id=d.org_id, reason=d.reason, detail=d.detail)
            )
            continue
        if d.kind == Kind.REVOKE:
            revoked.append(Entitlement(id=d.entitlement_id, active=False, revoked_at=now, updated_at=now))
            change.op, change.branch_code, change.branch_path = ChangeOp.REVOKE, d.bound_code, d.bound_path
            change.payload = None
        else:
            if d.kind == Kind.GRANT:
                (new if d.entitlement_id is None else regranted).append(_entitlement(d, now))
                change.op = ChangeOp.GRANT
            else:
                updated.append(_entitlement(d, now))
                change.op = ChangeOp.UPDATE
                if d.bound_path != d.org_path:  # a move: tell the old subtree the member left
                    change.from_branch_code, change.from_branch_path = d.bound_code, d.bound_path
            change.branch_code, change.branch_path = d.org_code, d.org_path
        changes.append(change)
    Entitlement.objects.bulk_create(new, batch_size=BATCH)
    Entitlement.objects.bulk_update(regranted, _REGRANT_FIELDS, batch_size=BATCH)
    Entitlement.objects.bulk_update(updated, _UPDATE_FIELDS, batch_size=BATCH)
    Entitlement.objects.bulk_update(revoked, _REVOKE_FIELDS, batch_size=BATCH)
    HandbookChange.objects.bulk_create(changes, batch_size=BATCH)
    Rejection.objects.bulk_create(rejections, batch_size=BATCH)


@transaction.atomic
def sync_handbook(*, root: Org, by: User | None, today: datetime.date | None = None) -> SyncRun:
    """Publish `root`'s subtree to the handbook: grant, update and revoke only what differs.

    Idempotent: a second run with no registry change in between writes no change row. Reads the whole
    subtree (one query per 5,000 members) and writes in batches of 1,000 rows.
    """
    _serialize_runs()
    now = timezone.now()
    today = today or timezone.localdate()
    run = SyncRun.objects.create(scope=root, by=by, started_at=now, cursor_before=current_cursor())
    counts: Counter[str] = Counter()
    for decisions in scan(root, today=today):
        _write(run, decisions, now, counts)
    run.granted, run.updated, run.revoked = counts[Kind.GRANT], counts[Kind.UPDATE], counts[Kind.REVOKE]
    run.unchanged, run.rejected = counts[Kind.UNCHANGED], counts[Kind.REJECT]
    run.cursor_after = current_cursor() if run.granted + run.updated + run.revoked else run.cursor_before
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "granted",
            "updated",
            "revoked",
            "unchanged",
            "rejected",
            "cursor_after",
            "finished_at",
        ]
    )
    record(
        actor=by,
        action=AuditAction.EXPORT,
        object_type="handbook_sync",
        object_id=run.pk,
        org=root,
        summary=(
            f"Đồng bộ Sổ tay {root.code}: cấp mới {run.granted}, cập nhật {run.updated}, "
            f"thu hồi {run.revoked}, không đổi {run.unchanged}, không đồng bộ được {run.rejected}"
        ),
        changes={"cursor": [run.cursor_before, run.cursor_after]},
    )
    return run
