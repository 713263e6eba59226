"""A new file for a unit keeps the reviewers' work on the file it replaces.

Decisions are carried over by member code and field when the value they were taken on is unchanged in
the new file; everything else is counted as not carried, and the upload says so. Part of the import's
transaction and of its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sotay.campaign.models import Decision, DecisionKind, Finding, FindingState, ImportBatch, StagedRecord
from sotay.campaign.values import as_text, from_text

if TYPE_CHECKING:
    from sotay.accounts.models import User

CARRIED_NOTE = "Giữ từ tệp trước"


@dataclass
class CarryOver:
    kept: int = 0
    lost: int = 0
    merges_lost: int = 0

    def summary(self) -> str:
        """What the upload kept and what it could not, in the reviewer's words ("" when nothing to say)."""
        if not (self.kept or self.lost or self.merges_lost):
            return ""
        said = f"Đã giữ {self.kept} quyết định từ tệp trước."
        if self.lost:
            said += f" {self.lost} quyết định không giữ được vì giá trị gốc trong tệp mới đã khác."
        if self.merges_lost:
            said += f" {self.merges_lost} lần gộp bản trùng cần làm lại trên tệp mới."
        return said


def _file_codes(old: ImportBatch, decisions: list[Decision]) -> dict[int, str]:
    """old record id -> its member code as the file had it (before any edit of the code)."""
    codes = dict(old.records.values_list("pk", "member_code"))
    for d in sorted(decisions, key=lambda d: (d.at, d.pk), reverse=True):
        if d.kind == DecisionKind.EDIT and d.field == "member_code":
            codes[d.record_id] = d.old_value
    return codes


def carry_decisions(*, old: ImportBatch, new: ImportBatch, by: User | None) -> CarryOver:
    """Apply `old`'s standing decisions to `new`'s records (same member code, same original value)."""
    out = CarryOver(merges_lost=old.pairs.filter(state="merged").count())
    decisions = list(
        Decision.objects.filter(
            record__batch=old,
            reverted_by__isnull=True,
            kind__in=[DecisionKind.EDIT, DecisionKind.ACCEPT, DecisionKind.PAPER],
        )
        .select_related("record", "finding")
        .order_by("at", "pk")
    )
    if not decisions:
        return out
    file_code = _file_codes(old, decisions)
    targets: dict[str, StagedRecord] = {}
    for rec in new.records.all():
        targets.setdefault(rec.member_code, rec)
    findings = {(f.record_id, f.rule, f.field): f for f in Finding.objects.filter(batch=new)}
    for d in decisions:
        target = targets.get(file_code.get(d.record_id, ""))
        old_finding = d.finding
        finding = (
            findings.get((target.pk, old_finding.rule, old_finding.field))
            if target is not None and old_finding is not None
            else None
        )
        if target is None:
            out.lost += 1
            continue
        if d.kind == DecisionKind.EDIT:
            current = as_text(getattr(target, d.field))
            if current != d.old_value:
                out.lost += 1
                continue
            setattr(target, d.field, from_text(d.field, d.new_value))
            target.provenance = {**target.provenance, d.field: "edit"}
            target.save(update_fields=[d.field, "provenance"])
            state = FindingState.EDITED
        else:
            if (
                finding is None
                or old_finding is None
                or finding.state != FindingState.OPEN
                or finding.original != old_finding.original
            ):
                out.lost += 1
                continue
            state = FindingState.PAPER if d.kind == DecisionKind.PAPER else FindingState.ACCEPTED
        prev = ""
        if finding is not None and finding.state == FindingState.OPEN:
            prev = finding.state
            finding.state, finding.note, finding.decided_by = state, d.note, d.by
            finding.decided_at = d.at
            finding.save(update_fields=["state", "note", "decided_by", "decided_at"])
        Decision.objects.create(
            record=target,
            finding=finding,
            kind=d.kind,
            field=d.field,
            old_value=d.old_value,
            new_value=d.new_value,
            note=(f"{d.note} ({CARRIED_NOTE})" if d.note else CARRIED_NOTE)[:500],
            prev_state=prev,
            by=by,
        )
        if d.kind == DecisionKind.PAPER:
            target.paper_checked_at = d.record.paper_checked_at
            target.save(update_fields=["paper_checked_at"])
        out.kept += 1
    return out
