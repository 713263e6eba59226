"""Migration 3.0 → 4.0: promote a reviewed batch into the registry in one transaction, then reconcile
the original file with the registry's state and list every difference no decision explains."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign import gate
from sotay.campaign.actions.review import recheck
from sotay.campaign.legacy import (
    NORMALIZED_TO_FIELD,
    registry_rows,
    write_members_csv,
)
from sotay.campaign.models import (
    BatchState,
    Decision,
    DecisionKind,
    ImportBatch,
    StepKind,
    StepState,
)
from sotay.campaign.queries import live_records, open_errors
from sotay.core.errors import ActionError
from sotay.members.actions import bulk
from sotay.pipeline import reconcile_files

if TYPE_CHECKING:
    from sotay.accounts.models import User


def promote_batch(*, batch: ImportBatch, by: User | None) -> dict[str, int]:
    """Move the batch's reviewed records into the registry: all of them or none.

    The queue is checked again first, in its own transaction, so that what it finds stays in the queue
    when the promotion is refused ("1 error left" there means one open finding here). The check includes
    everything the registry refuses (`campaign.gate`), so a promotion is refused only for an open finding.
    """
    if batch.state != BatchState.CHECKED:
        raise ActionError({"batch": ["Tệp này đã được chuyển lên hoặc đã được thay bằng tệp mới."]})
    recheck(batch=batch, by=by)
    return _promote(batch=batch, by=by)


@transaction.atomic
def _promote(*, batch: ImportBatch, by: User | None) -> dict[str, int]:
    batch = ImportBatch.objects.select_for_update().select_related("unit__org").get(pk=batch.pk)
    unit_org = batch.unit.org
    if batch.state != BatchState.CHECKED:
        raise ActionError({"batch": ["Tệp này đã được chuyển lên hoặc đã được thay bằng tệp mới."]})
    remaining = open_errors(batch).count()
    if remaining:
        raise ActionError({"batch": [f"Còn {remaining} lỗi chưa xử lý trong hàng đợi; hãy xử lý hết trước."]})
    counts = bulk.upsert_members(
        rows=gate.bulk_rows(batch, live_records(batch)),
        within=unit_org,
        by=by,
        note=f"CSDL 3.0 → 4.0: {batch.original_name}"[:255],
        audit_as=("import_batch", batch.pk),
        summary=f"Chuyển lên CSDL 4.0 ({batch.original_name[:40]})",
        on=timezone.localdate(),
    )
    batch.state, batch.promoted_at = BatchState.PROMOTED, timezone.now()
    batch.save(update_fields=["state", "promoted_at"])
    batch.unit.set_step(StepKind.CLEAN, StepState.DONE, by)
    batch.unit.set_step(StepKind.MIGRATE, StepState.IN_PROGRESS, by)
    return counts


def _explanations(batch: ImportBatch) -> tuple[set[str], set[tuple[str, str, str]], set[tuple[str, str]]]:
    """What the reviewers decided: absorbed member codes, (code, field, new value) edits, merged fields."""
    absorbed = set(batch.records.filter(merged_into__isnull=False).values_list("member_code", flat=True))
    decisions = Decision.objects.filter(
        record__batch=batch, kind__in=[DecisionKind.EDIT, DecisionKind.ACCEPT], reverted_by__isnull=True
    ).select_related("record")
    edits = {(d.record.member_code, d.field, d.new_value) for d in decisions}
    merged: set[tuple[str, str]] = set()
    for rec in batch.records.filter(merged_into__isnull=True).exclude(provenance={}):
        for field, source in rec.provenance.items():
            if str(source).startswith("merge:"):
                merged.add((rec.member_code, field))
    return absorbed, edits, merged


def reconcile_batch(*, batch: ImportBatch, by: User | None) -> dict[str, Any]:
    """Compare the 3.0 file as uploaded with the registry now; store and return the outcome.

    A difference is explained when a reviewer's decision made it (an edit, a merge); anything else —
    a gender flip, a member in another branch — is listed with its member code to fix.
    """
    batch = ImportBatch.objects.select_related("unit__org").get(pk=batch.pk)
    if batch.state != BatchState.PROMOTED:
        raise ActionError({"batch": ["Chỉ đối chiếu được sau khi đã chuyển lên CSDL 4.0."]})
    with tempfile.TemporaryDirectory(prefix="sotay-reconcile-") as tmp:
        new = write_members_csv(registry_rows(batch.unit.org), Path(tmp) / "registry.csv")
        result = reconcile_files(Path(batch.stored_path), new)
    absorbed, edits, merged = _explanations(batch)
    records = {r.member_code: r.pk for r in batch.records.all()}
    unexplained: list[dict[str, Any]] = []
    explained = 0
    for d in result.differences.iter_rows(named=True):
        code, kind, key = d["member_code"] or "", d["kind"], d["field"] or ""
        field = NORMALIZED_TO_FIELD.get(key, key)
        new_value = d["new_value"] or ""
        ok = (kind == "missing" and code in absorbed) or (
            kind == "changed" and ((code, field, new_value) in edits or (code, field) in merged)
        )
        if ok:
            explained += 1
        else:
            unexplained.append({**d, "record_id": records.get(code)})
    outcome = {
        "at": timezone.now().isoformat(),
        "old_rows": result.old_rows,
        "new_rows": result.new_rows,
        "differences": result.differences.height,
        "explained": explained,
        "unexplained_count": len(unexplained),
        "unexplained": unexplained[:1000],
    }
    with transaction.atomic():
        batch.reconciliation = outcome
        batch.save(update_fields=["reconciliation"])
        if not unexplained:
            batch.unit.set_step(StepKind.MIGRATE, StepState.DONE, by)
        audit(
            actor=by,
            action=AuditAction.UPDATE,
            object_type="import_batch",
            object_id=batch.pk,
            org=batch.unit.org,
            summary=(
                f"Đối chiếu 3.0 với 4.0: {result.differences.height} khác biệt, "
                f"{len(unexplained)} chưa giải thích"
            ),
        )
    return outcome
