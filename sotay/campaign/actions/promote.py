"""Migration 3.0 → 4.0: promote a reviewed batch into the registry in one transaction, then reconcile
the original file with the registry's state and list every difference no decision explains."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
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
    DuplicatePair,
    ImportBatch,
    PairState,
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


def _file_codes(batch: ImportBatch) -> dict[int, str]:
    """record id -> the member code the file gave it, for records whose code a reviewer changed (an edit,
    or a merge that kept the absorbed row's code: the survivor's code before the merge). Two queries."""
    out: dict[int, str] = {}
    edits = Decision.objects.filter(record__batch=batch, field="member_code", kind=DecisionKind.EDIT)
    for record_id, old in edits.order_by("at", "id").values_list("record_id", "old_value"):
        out.setdefault(record_id, old)
    merged = DuplicatePair.objects.filter(batch=batch, state=PairState.MERGED)
    for a_id, snapshot in merged.values_list("a_id", "snapshot"):
        if (snapshot or {}).get("choices", {}).get("member_code") == "b":
            out.setdefault(a_id, str(snapshot["a"].get("member_code") or ""))
    return out


@dataclass
class _Explanations:
    """What the reviewers decided, keyed by the member code the file gave each record."""

    absorbed: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)
    edits: dict[tuple[str, str, str], str] = field(default_factory=dict)
    merged: set[tuple[str, str]] = field(default_factory=set)
    records: dict[str, int] = field(default_factory=dict)

    def reason(self, code: str, kind: str, name: str, new_value: str) -> str:
        """Why the difference is there (Vietnamese), or "" when no decision made it."""
        if kind == "missing" and code in self.absorbed:
            return "Đã gộp vào bản ghi trùng của cùng người"
        if kind != "changed":
            return ""
        if name == "member_code" and (code, name) in self.merged:
            return "Mã đảng viên lấy từ bản ghi trùng khi gộp"
        if name == "member_code" and self.renamed.get(code) == new_value:
            return "Mã đảng viên đã sửa trong hàng đợi"
        if (code, name, new_value) in self.edits:
            return self.edits[(code, name, new_value)]
        if (code, name) in self.merged:
            return "Lấy từ bản ghi trùng khi gộp"
        return ""


def _explanations(batch: ImportBatch) -> _Explanations:
    """Absorbed codes, changed codes, (code, field, new value) edits and merged fields. Three queries."""
    file_code = _file_codes(batch)
    out = _Explanations()
    for rec in batch.records.only("pk", "member_code", "merged_into", "provenance"):
        code = file_code.get(rec.pk, rec.member_code)
        out.records[code] = rec.pk
        if rec.merged_into_id is not None:
            out.absorbed.add(code)
            continue
        if code != rec.member_code:
            out.renamed[code] = rec.member_code
        for name, source in (rec.provenance or {}).items():
            if str(source).startswith("merge:"):
                out.merged.add((code, name))
    decisions = Decision.objects.filter(
        record__batch=batch, kind__in=[DecisionKind.EDIT, DecisionKind.ACCEPT], reverted_by__isnull=True
    ).select_related("record")
    for d in decisions:
        code = file_code.get(d.record_id, d.record.member_code)
        said = (
            "Đã nhận đề xuất sửa trong hàng đợi" if d.kind == DecisionKind.ACCEPT else "Đã sửa trong hàng đợi"
        )
        out.edits[(code, d.field, d.new_value)] = said
    return out


def reconcile_batch(*, batch: ImportBatch, by: User | None) -> dict[str, Any]:
    """Compare the 3.0 file as uploaded with the registry now; store and return the outcome.

    A difference is explained when a reviewer's decision made it (an edit, an accepted suggestion, a
    corrected member code, a merge); anything else — a gender flip, a member in another branch — is
    listed with its member code to fix.
    """
    batch = ImportBatch.objects.select_related("unit__org").get(pk=batch.pk)
    if batch.state != BatchState.PROMOTED:
        raise ActionError({"batch": ["Chỉ đối chiếu được sau khi đã chuyển lên CSDL 4.0."]})
    why = _explanations(batch)
    with tempfile.TemporaryDirectory(prefix="sotay-reconcile-") as tmp:
        new = write_members_csv(registry_rows(batch.unit.org), Path(tmp) / "registry.csv")
        result = reconcile_files(
            Path(batch.stored_path), new, renamed=why.renamed, old_sheet=batch.sheet or None
        )
    unexplained: list[dict[str, Any]] = []
    explained: list[dict[str, Any]] = []
    for d in result.differences.iter_rows(named=True):
        code, kind, key = d["member_code"] or "", d["kind"], d["field"] or ""
        reason = why.reason(code, kind, NORMALIZED_TO_FIELD.get(key, key), d["new_value"] or "")
        item = {**d, "record_id": why.records.get(code), "reason": reason}
        (explained if reason else unexplained).append(item)
    outcome = {
        "at": timezone.now().isoformat(),
        "old_rows": result.old_rows,
        "new_rows": result.new_rows,
        "differences": result.differences.height,
        "explained": len(explained),
        "explained_items": explained[:1000],
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
