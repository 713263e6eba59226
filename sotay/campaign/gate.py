"""What the registry will refuse, as review-queue findings: one rule set from the queue to promotion.

Promotion hands the registry's writer (`sotay.members.actions.bulk`) the same rows that the queue checks
here, with the same waivers, so every reason a promotion can refuse is a finding the queue shows first,
and what the queue accepted (a value confirmed against the paper file, a value only warned about) the
promotion accepts and keeps as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sotay.campaign.legacy import LEGACY_TO_STATUS
from sotay.campaign.models import Finding, FindingState, ImportBatch, StagedRecord
from sotay.members.actions.bulk import BulkRow, check_rows
from sotay.orgs.models import Org
from sotay.pipeline import schema

# The registry refuses the row as it stands (its own validation, after the reviewers' waivers).
REGISTRY_RULE = "registry_refuses"
# Another member of the registry holds the row's code, citizen ID or card: a transfer, or a typo.
HELD_RULE = "registry_held_elsewhere"
GATE_RULES = frozenset({REGISTRY_RULE, HELD_RULE})
# Registry field -> staged field (member_code and org_code are the two that differ).
_STAGED_OF = {name: schema.BY_FIELD[name].staged_field or name for name in schema.REGISTRY_FROM_LEGACY}
_REGISTRY_OF = {staged: name for name, staged in _STAGED_OF.items()}


def waived_fields(batch: ImportBatch) -> dict[int, frozenset[str]]:
    """record id -> registry fields a reviewer settled: a finding confirmed against the paper file, or a
    checker warning (a warning never blocks; the value it is about is kept as it was). One query."""
    out: dict[int, set[str]] = {}
    rows = Finding.objects.filter(batch=batch).exclude(field="").exclude(rule=HELD_RULE)
    for record_id, field, state, severity, rule in rows.values_list(
        "record_id", "field", "state", "severity", "rule"
    ):
        if state == FindingState.PAPER or (severity == "warning" and rule not in GATE_RULES):
            name = _REGISTRY_OF.get(field)
            if name:
                out.setdefault(record_id, set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


def bulk_rows(batch: ImportBatch, records: Iterable[StagedRecord]) -> list[BulkRow]:
    """The registry's rows for `records` (live records of `batch`), with each row's waivers. Two queries."""
    branches = {o.code: o for o in Org.objects.in_subtree(batch.unit.org).current().branches()}
    waived = waived_fields(batch)
    return [_bulk_row(r, branches, waived.get(r.pk, frozenset())) for r in records]


def _bulk_row(record: StagedRecord, branches: dict[str, Org], waived: frozenset[str]) -> BulkRow:
    values: dict[str, Any] = {}
    for name in schema.REGISTRY_FROM_LEGACY:
        staged = getattr(record, _STAGED_OF[name])
        if name == "org":
            values[name] = branches.get(staged)
        elif name == "status":
            values[name] = LEGACY_TO_STATUS.get(staged, "")
        elif name == "card_number":
            values[name] = staged or None
        else:
            values[name] = staged
    return BulkRow(row=record.row, values=values, org_text=record.org_code, waived=waived)


def gate_findings(
    batch: ImportBatch, records: list[StagedRecord], covered: set[tuple[int, str]]
) -> dict[tuple[int, str, str], dict[str, str]]:
    """(record id, rule, staged field) -> {severity, message, suggestion}: what promotion would refuse.

    `covered` holds (record id, staged field) pairs the checker reports as errors now: the registry's
    refusal of the same field is that finding already, not a second one (it blocks until settled).
    """
    by_row = {r.row: r for r in records}
    out: dict[tuple[int, str, str], dict[str, str]] = {}
    for p in check_rows(rows=bulk_rows(batch, records), within=batch.unit.org):
        rule = HELD_RULE if p.held_by is not None else REGISTRY_RULE
        field = _STAGED_OF.get(p.field, "")
        if rule == REGISTRY_RULE and (by_row[p.row].pk, field) in covered:
            continue
        key = (by_row[p.row].pk, rule, field)
        if key in out:
            out[key]["message"] = f"{out[key]['message']} {p.message}"[:500]
        else:
            out[key] = {"severity": "error", "message": p.message[:500], "suggestion": ""}
    return out
