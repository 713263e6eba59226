"""Retention: audit-log rows and handbook change-log rows older than their settings are deleted (here in
the composition root because it spans the audit log and the handbook).

The only deletion of audit rows in the product, and itself audited (one row saying what went).

Pruning goes by whole months (ADR 0009): the cut-off is the first instant of the local month that holds
`now - days`, so every deleted row is older than the setting and a month goes at once, never a day at a
time. Rows go in batches of `BATCH`, oldest first, each batch in its own short transaction through the
indexed `at` column: a month of a national audit log (millions of rows) never holds one long transaction
or one huge WAL burst, and the pages writing audit rows meanwhile wait for no lock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction, AuditEvent
from sotay.handbook.models import HandbookChange

BATCH = 10_000


@dataclass(frozen=True)
class Pruned:
    audit_events: int
    handbook_changes: int
    audit_before: datetime.datetime | None
    changes_before: datetime.datetime | None


def month_cutoff(now: datetime.datetime, days: int) -> datetime.datetime | None:
    """The first instant (local time) of the month holding `now - days`; None when `days` is 0 (keep)."""
    if days <= 0:
        return None
    edge = timezone.localtime(now - datetime.timedelta(days=days))
    start = datetime.datetime(edge.year, edge.month, 1)
    return timezone.make_aware(start, timezone.get_current_timezone())


def delete_before(model: type[models.Model], before: datetime.datetime, *, batch: int = BATCH) -> int:
    """Delete `model`'s rows with `at` before `before`, `batch` rows per transaction (lowest keys first:
    the oldest rows, on an append-only log)."""
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(
                model._default_manager.filter(at__lt=before)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                return deleted
            deleted += model._default_manager.filter(pk__in=ids).delete()[0]


def prune_logs(*, now: datetime.datetime, audit_days: int, changes_days: int) -> Pruned:
    """Delete the months of audit rows older than `audit_days` and of handbook changes older than
    `changes_days` (0: keep for ever), then write one audit row with the counts and cut-offs."""
    audit_before, changes_before = month_cutoff(now, audit_days), month_cutoff(now, changes_days)
    events = delete_before(AuditEvent, audit_before) if audit_before else 0
    changes = delete_before(HandbookChange, changes_before) if changes_before else 0

    def said(before: datetime.datetime | None) -> str:
        return f"trước {timezone.localtime(before):%d/%m/%Y}" if before else "giữ mãi"

    with transaction.atomic():
        record(
            actor=None,
            action=AuditAction.DELETE,
            object_type="retention",
            summary=(
                f"Xóa theo thời hạn lưu: {events} dòng nhật ký ({said(audit_before)}), "
                f"{changes} thay đổi Sổ tay ({said(changes_before)})"
            ),
            changes={
                "audit_events": [events, audit_before.isoformat() if audit_before else None],
                "handbook_changes": [changes, changes_before.isoformat() if changes_before else None],
            },
        )
    return Pruned(events, changes, audit_before, changes_before)
