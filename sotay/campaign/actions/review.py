"""Review-queue decisions: accept a suggestion, edit a value, confirm against the paper file, revert;
and re-checking a batch after its records changed."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.gate import HELD_RULE, gate_findings
from sotay.campaign.legacy import FINDING_FIELD, staged_row, write_members_csv, write_orgs_csv
from sotay.campaign.models import Decision, DecisionKind, Finding, FindingState, ImportBatch, StagedRecord
from sotay.campaign.queries import live_records
from sotay.campaign.values import as_text, clean_value, from_text
from sotay.core.errors import ActionError
from sotay.pipeline import check_file

if TYPE_CHECKING:
    from sotay.accounts.models import User

# Warnings whose fix the checker already applied: they are confirmed (or overridden by an edit), and a
# re-check, which reads the already-normalised values, neither reopens nor resolves them.
AUTO_FIX_RULES = frozenset({"name_not_normalized", "phone_renumbered"})
# Findings that belong to duplicate pairs and are settled by merging or separating the pair.
PAIR_RULES = frozenset({"duplicate_person"})


def _audit_decision(decision: Decision, batch: ImportBatch, summary: str) -> None:
    audit(
        actor=decision.by,
        action=AuditAction.UPDATE,
        object_type="staged_record",
        object_id=decision.record_id,
        org=batch.unit.org,
        summary=summary,
        changes={decision.field: [decision.old_value, decision.new_value]} if decision.field else {},
    )


def _locked(finding: Finding) -> Finding:
    """The finding, re-read under a row lock in the caller's transaction, its batch still open: two
    simultaneous submissions of the same decision make one decision and one audit row."""
    locked = (
        Finding.objects.select_for_update().select_related("record", "batch__unit__org").get(pk=finding.pk)
    )
    _require_open_batch(locked.batch)
    return locked


def _decide(finding: Finding, state: str, by: User | None, note: str = "") -> str:
    before = finding.state
    finding.state = state
    finding.note = note[:500]
    finding.decided_at = timezone.now()
    finding.decided_by = by
    finding.save(update_fields=["state", "note", "decided_at", "decided_by"])
    return before


@transaction.atomic
def accept_suggestion(*, finding: Finding, by: User | None) -> Decision:
    """Confirm the automatic fix (the value already stands in the record)."""
    finding = _locked(finding)
    if finding.state != FindingState.OPEN:
        raise ActionError({"finding": ["Phát hiện này đã được xử lý."]})
    if not finding.suggestion or finding.severity != "warning":
        raise ActionError({"finding": ["Phát hiện này không có đề xuất sửa tự động."]})
    prev = _decide(finding, FindingState.ACCEPTED, by)
    decision = Decision.objects.create(
        record=finding.record,
        finding=finding,
        kind=DecisionKind.ACCEPT,
        field=finding.field,
        old_value=finding.original,
        new_value=finding.suggestion,
        prev_state=prev,
        by=by,
    )
    _audit_decision(decision, finding.batch, f"Nhận đề xuất {finding.rule} dòng {finding.record.row}")
    return decision


@transaction.atomic
def bulk_accept(*, batch: ImportBatch, rules: set[str], by: User | None) -> int:
    """Accept every open automatic fix of the given rules in a batch (names, renumbered phones)."""
    batch = ImportBatch.objects.select_for_update().select_related("unit__org").get(pk=batch.pk)
    _require_open_batch(batch)
    rules = set(rules) & AUTO_FIX_RULES
    findings = list(
        batch.findings.filter(rule__in=rules, state=FindingState.OPEN)
        .exclude(suggestion="")
        .select_related("record")
    )
    now = timezone.now()
    for f in findings:
        f.state, f.decided_at, f.decided_by = FindingState.ACCEPTED, now, by
    Finding.objects.bulk_update(findings, ["state", "decided_at", "decided_by"], batch_size=2000)
    Decision.objects.bulk_create(
        (
            Decision(
                record_id=f.record_id,
                finding=f,
                kind=DecisionKind.ACCEPT,
                field=f.field,
                old_value=f.original,
                new_value=f.suggestion,
                prev_state=FindingState.OPEN,
                by=by,
            )
            for f in findings
        ),
        batch_size=2000,
    )
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="import_batch",
        object_id=batch.pk,
        org=batch.unit.org,
        summary=f"Nhận hàng loạt {len(findings)} đề xuất ({', '.join(sorted(rules))})",
    )
    return len(findings)


@transaction.atomic
def edit_value(
    *,
    record: StagedRecord,
    field: str,
    text: str,
    by: User | None,
    finding: Finding | None = None,
    note: str = "",
) -> Decision:
    """Set a field of a staged record to what the reviewer typed (cleaned); the finding becomes 'edited'."""
    record = StagedRecord.objects.select_for_update().select_related("batch__unit__org").get(pk=record.pk)
    _require_open_batch(record.batch)
    value = clean_value(field, text)
    old = getattr(record, field)
    if as_text(old) == as_text(value):
        raise ActionError({"value": ["Giá trị mới giống giá trị hiện tại."]})
    setattr(record, field, value)
    record.provenance = {**record.provenance, field: "edit"}
    record.save(update_fields=[field, "provenance"])
    prev = ""
    if finding is not None:
        if finding.record_id != record.pk:
            raise ActionError({"finding": ["Phát hiện không thuộc bản ghi này."]})
        prev = _decide(finding, FindingState.EDITED, by, note)
    decision = Decision.objects.create(
        record=record,
        finding=finding,
        kind=DecisionKind.EDIT,
        field=field,
        old_value=as_text(old),
        new_value=as_text(value),
        note=note[:500],
        prev_state=prev,
        by=by,
    )
    _audit_decision(decision, record.batch, f"Sửa {field} dòng {record.row}")
    # Checked at once by the same rules: a value still wrong reopens its finding, and the consequences for
    # other rows (the partner of a duplicate code, a card now held twice) are updated in this request.
    recheck(batch=record.batch, by=by)
    return decision


@transaction.atomic
def confirm_paper(*, finding: Finding, note: str, by: User | None) -> Decision:
    """The value was checked against the member's paper file and is right as it stands."""
    if not note.strip():
        raise ActionError({"note": ["Hãy ghi rõ đã đối chiếu với giấy tờ nào (ví dụ: lý lịch đảng viên)."]})
    finding = _locked(finding)
    if finding.rule == HELD_RULE:
        raise ActionError(
            {"finding": ["Số này đã thuộc đảng viên khác; hãy sửa số hoặc gửi đề nghị chuyển sinh hoạt."]}
        )
    if finding.state != FindingState.OPEN:
        raise ActionError({"finding": ["Phát hiện này đã được xử lý."]})
    prev = _decide(finding, FindingState.PAPER, by, note)
    finding.record.paper_checked_at = timezone.now()
    finding.record.save(update_fields=["paper_checked_at"])
    decision = Decision.objects.create(
        record=finding.record,
        finding=finding,
        kind=DecisionKind.PAPER,
        note=note[:500],
        prev_state=prev,
        by=by,
    )
    _audit_decision(
        decision, finding.batch, f"Đối chiếu hồ sơ giấy: {finding.rule} dòng {finding.record.row}"
    )
    return decision


@transaction.atomic
def revert_decision(*, decision: Decision, by: User | None) -> Decision:
    """Undo a decision: the value and the finding's state go back to what they were."""
    decision = (
        Decision.objects.select_for_update().select_related("record__batch__unit__org").get(pk=decision.pk)
    )
    record = decision.record
    _require_open_batch(record.batch)
    if decision.reverted_by_id or decision.kind == DecisionKind.REVERT:
        raise ActionError({"decision": ["Quyết định này đã được hoàn tác."]})
    if decision.kind not in (DecisionKind.ACCEPT, DecisionKind.EDIT, DecisionKind.PAPER):
        raise ActionError({"decision": ["Gộp bản trùng được hoàn tác bằng nút «Tách»."]})
    if decision.kind == DecisionKind.EDIT:
        current = as_text(getattr(record, decision.field))
        if current != decision.new_value:
            raise ActionError(
                {"decision": ["Giá trị đã được sửa tiếp sau đó; hãy hoàn tác lần sửa sau trước."]}
            )
        setattr(record, decision.field, from_text(decision.field, decision.old_value))
        record.provenance = {**record.provenance, decision.field: "revert"}
        record.save(update_fields=[decision.field, "provenance"])
    if decision.finding is not None and decision.prev_state:
        finding = decision.finding
        finding.state = decision.prev_state
        finding.save(update_fields=["state"])
    undo = Decision.objects.create(
        record=record,
        finding=decision.finding,
        kind=DecisionKind.REVERT,
        field=decision.field,
        old_value=decision.new_value,
        new_value=decision.old_value,
        by=by,
    )
    decision.reverted_by = undo
    decision.save(update_fields=["reverted_by"])
    if decision.kind == DecisionKind.EDIT:
        recheck(batch=record.batch, by=by)  # the value is back: its findings and its partners' follow
    _audit_decision(undo, record.batch, f"Hoàn tác {decision.get_kind_display()} dòng {record.row}")
    return undo


def _require_open_batch(batch: ImportBatch) -> None:
    if batch.state != "checked":
        raise ActionError(
            {"batch": ["Tệp này đã được chuyển lên CSDL 4.0 hoặc đã được thay, không sửa được nữa."]}
        )


@transaction.atomic
def recheck(*, batch: ImportBatch, by: User | None, audited: bool = True) -> dict[str, int]:
    """Run the checker again over the records as they now stand; open, reopen or resolve findings.

    Decisions survive: a finding confirmed against the paper file stays confirmed while the checker still
    reports it; an edited value the checker still rejects reopens its finding.
    """
    batch = ImportBatch.objects.select_for_update().select_related("unit__org").get(pk=batch.pk)
    _require_open_batch(batch)
    records = list(live_records(batch))
    with tempfile.TemporaryDirectory(prefix="sotay-recheck-") as tmp:
        members = write_members_csv((staged_row(r) for r in records), Path(tmp) / "members.csv")
        orgs = write_orgs_csv(batch.unit.org, Path(tmp) / "orgs.csv")
        result = check_file(members, orgs, report=False, duplicates=False)
    reported: dict[tuple[int, str, str], dict[str, str]] = {}
    for f in result.findings.iter_rows(named=True):
        if f["rule"] in AUTO_FIX_RULES | PAIR_RULES:
            continue
        key = (records[f["row"] - 1].pk, f["rule"], FINDING_FIELD.get(f["field"] or "", ""))
        reported.setdefault(key, f)
    # What the registry would refuse at promotion, with the reviewers' waivers: the same check promotion runs.
    covered = {(k[0], k[2]) for k, f in reported.items() if f["severity"] == "error"}
    reported.update(gate_findings(batch, records, covered))
    existing = {
        (f.record_id, f.rule, f.field): f
        for f in batch.findings.exclude(rule__in=AUTO_FIX_RULES | PAIR_RULES)
    }
    live = {r.pk for r in records}
    counts = {"new": 0, "reopened": 0, "resolved": 0}
    to_update: list[Finding] = []
    for key, finding in existing.items():
        if key in reported:
            if finding.state in (FindingState.EDITED, FindingState.RESOLVED, FindingState.ACCEPTED):
                finding.state = FindingState.OPEN
                finding.message = (reported[key]["message"] or "")[:500]
                to_update.append(finding)
                counts["reopened"] += 1
        elif finding.state != FindingState.RESOLVED and (
            finding.state == FindingState.OPEN or finding.record_id not in live
        ):
            finding.state = FindingState.RESOLVED
            to_update.append(finding)
            counts["resolved"] += 1
    Finding.objects.bulk_update(to_update, ["state", "message"], batch_size=2000)
    by_pk = {r.pk: r for r in records}
    new = [
        Finding(
            batch=batch,
            record=by_pk[key[0]],
            rule=key[1],
            field=key[2],
            severity=f["severity"],
            message=(f["message"] or "")[:500],
            suggestion=(f["suggestion"] or "")[:255],
        )
        for key, f in reported.items()
        if key not in existing
    ]
    Finding.objects.bulk_create(new, batch_size=2000)
    counts["new"] = len(new)
    batch.checked_at = timezone.now()
    batch.save(update_fields=["checked_at"])
    if not audited:  # part of a larger act (an import) that writes its own audit row
        return counts
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="import_batch",
        object_id=batch.pk,
        org=batch.unit.org,
        summary=(
            f"Kiểm tra lại: {counts['new']} mới, {counts['reopened']} mở lại, {counts['resolved']} đã hết"
        ),
    )
    return counts
