"""Publishing the registry to the handbook: the only writer of entitlements and of the change log.

The semantics (who is entitled, in-transit members, subtree-scoped runs, rejections) are in
`sotay.handbook.sync.plan`; this module writes what the plan decides, in bulk.
"""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from sotay.accounts.follow import follow_registry
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.handbook.models import ChangeOp, Entitlement, HandbookChange, Rejection, SyncRun
from sotay.handbook.sync import gates
from sotay.handbook.sync.plan import Decision, Kind, scan
from sotay.orgs.models import Org

if TYPE_CHECKING:
    from sotay.accounts.models import User

BATCH = 1000  # rows per INSERT, or ids per UPDATE/DELETE ... WHERE id IN (...)


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


def _entitlement(d: Decision, now: datetime.datetime, *, granted_at: datetime.datetime) -> Entitlement:
    assert d.payload is not None
    return Entitlement(
        member_id=d.member_id,
        branch_id=d.org_id,
        branch_path=d.org_path,
        active=True,
        payload=d.payload,
        payload_hash=d.hash,
        granted_at=granted_at,
        updated_at=now,
        revoked_at=None,
    )


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def _write(
    run: SyncRun, decisions: list[Decision], now: datetime.datetime, counts: Counter[str], touched: set[int]
) -> None:
    """Write one chunk's differences: a few bulk statements, whatever the chunk's size.

    An updated or re-granted entitlement is deleted and inserted again rather than updated in place:
    `bulk_update` builds a CASE WHEN per row and field (seconds per thousand rows), while nothing
    refers to an entitlement's id, so replacing the row is two plain statements.
    """
    fresh: list[Entitlement] = []
    replaced: list[int] = []
    revoked: list[int] = []
    changes: list[HandbookChange] = []
    rejections: list[Rejection] = []
    for d in decisions:
        counts[d.kind] += 1
        if d.kind == Kind.UNCHANGED:
            continue
        if d.kind == Kind.REJECT:
            rejections.append(
                Rejection(run=run, member_id=d.member_id, org_id=d.org_id, reason=d.reason, detail=d.detail)
            )
            continue
        if d.kind in (Kind.GRANT, Kind.REVOKE) or d.bound_code != d.org_code:
            touched.add(d.member_id)  # its account follows (sotay.accounts.follow)
        change = HandbookChange(run=run, member_id=d.member_id, member_code=d.member_code, at=now)
        if d.kind == Kind.REVOKE:
            assert d.entitlement_id is not None
            revoked.append(d.entitlement_id)
            change.op, change.branch_code, change.branch_path = ChangeOp.REVOKE, d.bound_code, d.bound_path
        else:
            if d.entitlement_id is not None:
                replaced.append(d.entitlement_id)
            if d.kind == Kind.GRANT:
                fresh.append(_entitlement(d, now, granted_at=now))
                change.op = ChangeOp.GRANT
            else:
                assert d.granted_at is not None
                fresh.append(_entitlement(d, now, granted_at=d.granted_at))
                change.op = ChangeOp.UPDATE
                if d.bound_path != d.org_path:  # a move: tell the old subtree the member left
                    change.from_branch_code, change.from_branch_path = d.bound_code, d.bound_path
            change.branch_code, change.branch_path, change.payload = d.org_code, d.org_path, d.payload
        changes.append(change)
    for ids in _batches(revoked):
        Entitlement.objects.filter(id__in=ids).update(active=False, revoked_at=now, updated_at=now)
    for ids in _batches(replaced):
        Entitlement.objects.filter(id__in=ids).delete()
    Entitlement.objects.bulk_create(fresh, batch_size=BATCH)
    HandbookChange.objects.bulk_create(changes, batch_size=BATCH)
    Rejection.objects.bulk_create(rejections, batch_size=BATCH)


@transaction.atomic
def sync_handbook(*, root: Org, by: User | None, today: datetime.date | None = None) -> SyncRun:
    """Publish `root`'s subtree to the handbook: grant, update and revoke only what differs.

    Accounts follow in the same transaction (`sotay.accounts.follow.follow_registry`): a revoked member's
    account loses the member role and its sessions, a moved member's role moves with them.

    Idempotent: a second run with no registry change in between writes no change row. Reads the whole
    subtree (one query per 2,000 members) and writes in batches of 1,000 rows.
    """
    _serialize_runs()
    now = timezone.now()
    today = today or timezone.localdate()
    run = SyncRun.objects.create(scope=root, by=by, started_at=now, cursor_before=current_cursor())
    counts: Counter[str] = Counter()
    touched: set[int] = set()
    for decisions in scan(root, today=today):
        _write(run, decisions, now, counts, touched)
    # The accounts follow: revoked entitlements lose the member role and their sessions, moves carry it.
    follow_registry(member_ids=touched, by=by)
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


def request_sync(*, root: Org, by: User | None) -> SyncRun:
    """A person's "sync now" for `root`'s subtree: the one path, wherever it is started from.

    Refused (ActionError, nothing written) while another app's rule holds the subtree back (the campaign:
    a unit whose migration is not reconciled yet); after the sync, those apps record it (the campaign's
    third step turns done). The scheduled and command-line syncs call `sync_handbook` directly.
    """
    reasons = gates.refusals(root)
    if reasons:
        raise ActionError({"sync": reasons})
    run = sync_handbook(root=root, by=by)
    gates.synced(root, by)
    return run
