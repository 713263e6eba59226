"""Retention: audit-log rows and handbook change-log rows older than their settings are deleted (here in
the composition root because it spans the audit log and the handbook).

The only deletion of audit rows in the product, and itself audited (one row saying what went).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from sotay.audit.log import record
from sotay.audit.models import AuditAction, AuditEvent
from sotay.handbook.models import HandbookChange


@dataclass(frozen=True)
class Pruned:
    audit_events: int
    handbook_changes: int
    audit_before: datetime.datetime | None
    changes_before: datetime.datetime | None


def _cutoff(now: datetime.datetime, days: int) -> datetime.datetime | None:
    return now - datetime.timedelta(days=days) if days > 0 else None


@transaction.atomic
def prune_logs(*, now: datetime.datetime, audit_days: int, changes_days: int) -> Pruned:
    """Delete audit rows older than `audit_days` and handbook changes older than `changes_days`
    (0: keep for ever), then write one audit row with the counts and cut-offs."""
    audit_before, changes_before = _cutoff(now, audit_days), _cutoff(now, changes_days)
    events = AuditEvent.objects.filter(at__lt=audit_before).delete()[0] if audit_before else 0
    changes = HandbookChange.objects.filter(at__lt=changes_before).delete()[0] if changes_before else 0

    def said(before: datetime.datetime | None) -> str:
        return f"trước {before:%d/%m/%Y}" if before else "giữ mãi"

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
