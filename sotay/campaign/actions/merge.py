"""Merging duplicate staged records with field-level survivorship, and undoing it exactly."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sotay import vn
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.actions.review import PAIR_RULES, _require_open_batch
from sotay.campaign.models import (
    RECORD_FIELDS,
    Decision,
    DecisionKind,
    DuplicatePair,
    Finding,
    FindingState,
    PairState,
    StagedRecord,
)
from sotay.campaign.values import as_text, from_text
from sotay.core.errors import ActionError

if TYPE_CHECKING:
    from sotay.accounts.models import User

MERGE_FIELDS = ("member_code", *RECORD_FIELDS)


def _snapshot(record: StagedRecord) -> dict[str, Any]:
    data: dict[str, Any] = {f: as_text(getattr(record, f)) for f in MERGE_FIELDS}
    data["provenance"] = dict(record.provenance)
    data["merged_into"] = record.merged_into_id
    return data


def _agrees_with_cccd(field: str, value: Any, cccd: str) -> bool:
    info = vn.decode_cccd(cccd) if cccd else None
    if info is None or value in (None, ""):
        return False
    if field == "gender":
        return bool(info.gender == value)
    if field == "birth_date":
        return isinstance(value, datetime.date) and value.year == info.birth_year
    return False


def default_choices(pair: DuplicatePair) -> dict[str, str]:
    """Per field, which record's value survives ('a' or 'b').

    The value that agrees with the citizen ID first (gender and birth year are written in its digits),
    then a value over an empty one, then the record most recently checked against the paper file,
    then the first record.
    """
    a, b = pair.a, pair.b
    cccd_choice = "a"
    if vn.is_cccd(b.cccd) and not vn.is_cccd(a.cccd):
        cccd_choice = "b"
    elif vn.is_cccd(a.cccd) and vn.is_cccd(b.cccd) and a.cccd != b.cccd:
        # Two well-formed numbers: keep the one whose digits agree with more of the record.
        score_a = sum(_agrees_with_cccd(f, getattr(a, f), a.cccd) for f in ("gender", "birth_date"))
        score_b = sum(_agrees_with_cccd(f, getattr(b, f), b.cccd) for f in ("gender", "birth_date"))
        cccd_choice = "b" if score_b > score_a else "a"
    cccd = (a if cccd_choice == "a" else b).cccd
    a_time = a.paper_checked_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)
    b_time = b.paper_checked_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)
    fresher = "b" if b_time > a_time else "a"
    choices: dict[str, str] = {}
    for field in MERGE_FIELDS:
        va, vb = getattr(a, field), getattr(b, field)
        if as_text(va) == as_text(vb):
            choices[field] = "a"
        elif field == "cccd":
            choices[field] = cccd_choice
        elif _agrees_with_cccd(field, va, cccd) != _agrees_with_cccd(field, vb, cccd):
            choices[field] = "a" if _agrees_with_cccd(field, va, cccd) else "b"
        elif va in (None, "") or vb in (None, ""):
            choices[field] = "b" if va in (None, "") else "a"
        else:
            choices[field] = fresher
    choices["member_code"] = "a"
    return choices


def _pair_findings(record_ids: list[int]) -> list[Finding]:
    return list(Finding.objects.filter(record_id__in=record_ids, rule__in=PAIR_RULES))


@transaction.atomic
def merge_pair(
    *, pair: DuplicatePair, by: User | None, choices: dict[str, str] | None = None
) -> StagedRecord:
    """Keep record A with the chosen value of each field; B is absorbed (kept, but not promoted)."""
    pair = (
        DuplicatePair.objects.select_for_update().select_related("a", "b", "batch__unit__org").get(pk=pair.pk)
    )
    _require_open_batch(pair.batch)
    if pair.state != PairState.OPEN:
        raise ActionError({"pair": ["Cặp này đã được xử lý."]})
    a, b = pair.a, pair.b
    if a.merged_into_id or b.merged_into_id:
        raise ActionError({"pair": ["Một trong hai bản ghi đã được gộp vào bản khác; hãy tách trước."]})
    chosen = default_choices(pair) | (choices or {})
    if set(chosen.values()) - {"a", "b"} or set(chosen) - set(MERGE_FIELDS):
        raise ActionError({"choices": ["Lựa chọn không hợp lệ."]})
    findings = _pair_findings([a.pk, b.pk])
    pair.snapshot = {
        "a": _snapshot(a),
        "b": _snapshot(b),
        "findings": {str(f.pk): f.state for f in findings},
        "choices": chosen,
    }
    for field, side in chosen.items():
        if side == "b":
            setattr(a, field, getattr(b, field))
            a.provenance = {**a.provenance, field: f"merge:{b.row}"}
    a.save()
    b.merged_into = a
    b.save(update_fields=["merged_into"])
    for f in findings:
        f.state = FindingState.RESOLVED
    Finding.objects.bulk_update(findings, ["state"])
    pair.state, pair.decided_at, pair.decided_by = PairState.MERGED, timezone.now(), by
    pair.save(update_fields=["snapshot", "state", "decided_at", "decided_by"])
    taken = sorted(f for f, side in chosen.items() if side == "b")
    Decision.objects.create(
        record=a, kind=DecisionKind.MERGE, old_value=str(b.row), new_value=",".join(taken)[:255], by=by
    )
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="staged_record",
        object_id=a.pk,
        org=pair.batch.unit.org,
        summary=f"Gộp dòng {b.row} vào dòng {a.row} (lấy từ dòng {b.row}: {', '.join(taken) or 'không'})",
    )
    return a


@transaction.atomic
def unmerge_pair(*, pair: DuplicatePair, by: User | None) -> None:
    """Restore both records exactly as they were before the merge."""
    pair = (
        DuplicatePair.objects.select_for_update().select_related("a", "b", "batch__unit__org").get(pk=pair.pk)
    )
    _require_open_batch(pair.batch)
    if pair.state != PairState.MERGED:
        raise ActionError({"pair": ["Cặp này chưa được gộp."]})
    for side in ("a", "b"):
        record: StagedRecord = getattr(pair, side)
        saved = pair.snapshot[side]
        for field in MERGE_FIELDS:
            setattr(record, field, from_text(field, saved[field]))
        record.provenance = saved["provenance"]
        record.merged_into_id = saved["merged_into"]
        record.save()
    states = pair.snapshot.get("findings", {})
    findings = list(Finding.objects.filter(pk__in=[int(k) for k in states]))
    for f in findings:
        f.state = states[str(f.pk)]
    Finding.objects.bulk_update(findings, ["state"])
    pair.state, pair.decided_at, pair.decided_by = PairState.OPEN, timezone.now(), by
    pair.snapshot = {}
    pair.save(update_fields=["snapshot", "state", "decided_at", "decided_by"])
    Decision.objects.create(record=pair.a, kind=DecisionKind.UNMERGE, old_value=str(pair.b.row), by=by)
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="staged_record",
        object_id=pair.a_id,
        org=pair.batch.unit.org,
        summary=f"Tách dòng {pair.b.row} khỏi dòng {pair.a.row}",
    )


@transaction.atomic
def mark_not_same(*, pair: DuplicatePair, by: User | None, note: str = "") -> None:
    """The two records are different people (e.g. a shared citizen ID typed wrong: correct one of them)."""
    pair = (
        DuplicatePair.objects.select_for_update().select_related("a", "b", "batch__unit__org").get(pk=pair.pk)
    )
    _require_open_batch(pair.batch)
    if pair.state != PairState.OPEN:
        raise ActionError({"pair": ["Cặp này đã được xử lý."]})
    pair.state, pair.decided_at, pair.decided_by = PairState.NOT_SAME, timezone.now(), by
    pair.save(update_fields=["state", "decided_at", "decided_by"])
    # A record's duplicate finding is settled once none of its pairs is open any more.
    for record in (pair.a, pair.b):
        still_open = DuplicatePair.objects.filter(state=PairState.OPEN, batch=pair.batch).filter(
            Q(a_id=record.pk) | Q(b_id=record.pk)
        )
        if not still_open.exists():
            Finding.objects.filter(record=record, rule__in=PAIR_RULES, state=FindingState.OPEN).update(
                state=FindingState.RESOLVED
            )
    Decision.objects.create(
        record=pair.a, kind=DecisionKind.NOT_SAME, old_value=str(pair.b.row), note=note[:500], by=by
    )
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="staged_record",
        object_id=pair.a_id,
        org=pair.batch.unit.org,
        summary=f"Dòng {pair.a.row} và dòng {pair.b.row} là hai người khác nhau",
    )
