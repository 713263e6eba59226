"""Migration 3.0 → 4.0: promote a reviewed batch into the registry in one transaction, then reconcile
the original file with the registry's state and list every difference no decision explains."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from sotay import vn
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.models import (
    BatchState,
    Decision,
    DecisionKind,
    ImportBatch,
    StagedRecord,
    StepKind,
    StepState,
)
from sotay.campaign.services.legacy_io import (
    LEGACY_TO_STATUS,
    NORMALIZED_TO_FIELD,
    registry_rows,
    write_members_csv,
)
from sotay.campaign.services.review import live_records, open_errors, recheck
from sotay.core.errors import ActionError
from sotay.members.models import EventKind, Member, MemberEvent
from sotay.members.validation import clean_record
from sotay.orgs.models import Org
from sotay.pipeline import reconcile_files

if TYPE_CHECKING:
    from sotay.accounts.models import User

BULK = 2000
MAX_LISTED = 50
UPDATABLE = (
    "code", "full_name", "birth_date", "gender", "cccd", "card_number", "admission_date", "official_date",
    "ethnicity", "religion", "hometown", "residence", "phone", "education", "political_theory", "org",
    "status",
)  # fmt: skip


def _member_values(record: StagedRecord, branches: dict[str, Org]) -> dict[str, Any]:
    return {
        "code": record.member_code,
        "full_name": record.full_name,
        "birth_date": record.birth_date,
        "gender": record.gender,
        "cccd": record.cccd,
        "card_number": record.card_number or None,
        "admission_date": record.admission_date,
        "official_date": record.official_date,
        "ethnicity": record.ethnicity,
        "religion": record.religion,
        "hometown": record.hometown,
        "residence": record.residence,
        "phone": record.phone,
        "education": record.education,
        "political_theory": record.political_theory,
        "org": branches.get(record.org_code),
        "status": LEGACY_TO_STATUS.get(record.status, ""),
    }


def _duplicates_within(records: list[StagedRecord]) -> list[str]:
    problems = []
    for field, label in (("member_code", "Mã đảng viên"), ("cccd", "Số CCCD"), ("card_number", "Số thẻ")):
        counts = Counter(getattr(r, field) for r in records if getattr(r, field))
        for value, n in counts.items():
            if n > 1:
                rows = [str(r.row) for r in records if getattr(r, field) == value]
                problems.append(f"{label} {value} ở {n} dòng ({', '.join(rows[:5])}).")
    return problems


@transaction.atomic
def promote_batch(*, batch: ImportBatch, by: User | None) -> dict[str, int]:
    """Move the batch's reviewed records into the registry: all of them or none.

    Members are matched by member code, then by citizen ID (a re-keyed member); a member the registry
    holds in another unit's subtree is refused (that is a transfer, not a migration).
    """
    batch = ImportBatch.objects.select_for_update().select_related("unit__org").get(pk=batch.pk)
    unit_org = batch.unit.org
    if batch.state != BatchState.CHECKED:
        raise ActionError({"batch": ["Tệp này đã được chuyển lên hoặc đã được thay bằng tệp mới."]})
    recheck(batch=batch, by=by)
    remaining = open_errors(batch).count()
    if remaining:
        raise ActionError({"batch": [f"Còn {remaining} lỗi chưa xử lý trong hàng đợi; hãy xử lý hết trước."]})
    records = list(live_records(batch))
    problems = _duplicates_within(records)
    branches = {o.code: o for o in Org.objects.in_subtree(unit_org).current().branches()}
    by_code = {m.code: m for m in Member.objects.filter(code__in=[r.member_code for r in records])}
    by_cccd = {m.cccd: m for m in Member.objects.filter(cccd__in=[r.cccd for r in records if r.cccd])}
    creates: list[Member] = []
    updates: list[tuple[Member, StagedRecord]] = []
    for rec in records:
        values = _member_values(rec, branches)
        cleaned = clean_record(values)
        errors = [m for msgs in cleaned.errors.values() for m in msgs]
        if values["org"] is None:
            errors.append(f"mã tổ chức «{rec.org_code}» không phải chi bộ của {unit_org.name}")
        if not values["status"]:
            errors.append("tình trạng không hợp lệ")
        existing = by_code.get(rec.member_code) or by_cccd.get(rec.cccd)
        if existing is not None and not existing.org.path.startswith(unit_org.path):
            errors.append("đảng viên đang sinh hoạt ở đơn vị khác: cần làm thủ tục chuyển sinh hoạt")
        if errors:
            problems.append(f"Dòng {rec.row} ({rec.member_code}): {'; '.join(errors)}")
            continue
        fields = cleaned.values
        if existing is None:
            creates.append(Member(**fields, name_key=vn.fold(fields["full_name"])))
        else:
            for name in UPDATABLE:
                setattr(existing, name, fields[name])
            existing.name_key = vn.fold(existing.full_name)
            updates.append((existing, rec))
    if problems:
        shown = problems[:MAX_LISTED]
        more = len(problems) - len(shown)
        raise ActionError({"batch": [*shown, *([f"… và {more} vấn đề khác."] if more else [])]})
    Member.objects.bulk_create(creates, batch_size=BULK)
    Member.objects.bulk_update([m for m, _ in updates], [*UPDATABLE, "name_key"], batch_size=BULK)
    today = timezone.localdate()
    note = f"CSDL 3.0 → 4.0: {batch.original_name}"[:255]
    created = Member.objects.filter(code__in=[m.code for m in creates])
    MemberEvent.objects.bulk_create(
        (
            MemberEvent(
                member=m,
                kind=EventKind.CREATED,
                on=today,
                to_status=m.status,
                to_org=m.org,
                note=note,
                created_by=by,
            )
            for m in created
        ),
        batch_size=BULK,
    )
    MemberEvent.objects.bulk_create(
        (
            MemberEvent(member=m, kind=EventKind.EDITED, on=today, note=note, created_by=by)
            for m, _ in updates
        ),
        batch_size=BULK,
    )
    batch.state, batch.promoted_at = BatchState.PROMOTED, timezone.now()
    batch.save(update_fields=["state", "promoted_at"])
    batch.unit.set_step(StepKind.CLEAN, StepState.DONE, by)
    batch.unit.set_step(StepKind.MIGRATE, StepState.IN_PROGRESS, by)
    audit(
        actor=by,
        action=AuditAction.CREATE,
        object_type="import_batch",
        object_id=batch.pk,
        org=unit_org,
        summary=(
            f"Chuyển lên CSDL 4.0: {len(creates)} mới, {len(updates)} cập nhật ({batch.original_name[:40]})"
        ),
    )
    return {"created": len(creates), "updated": len(updates)}


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
