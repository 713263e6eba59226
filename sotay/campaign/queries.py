"""Reading the campaign: where every unit stands, what enters the registry, what is still open.

Each function says what it costs; the pages call them, never build these queries themselves.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Substr

from sotay.campaign.models import (
    BatchState,
    Campaign,
    CampaignStep,
    CampaignUnit,
    DuplicatePair,
    Finding,
    FindingState,
    ImportBatch,
    PairState,
    StagedRecord,
    StepState,
    UnitStep,
)
from sotay.handbook.models import Entitlement
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.orgs.models import SEGMENT_WIDTH, Org, path_prefixes
from sotay.pipeline import schema


@dataclass
class UnitRow:
    unit: CampaignUnit
    steps: list[tuple[CampaignStep, UnitStep, str]]
    batch: ImportBatch | None
    open_errors: int = 0
    open_warnings: int = 0
    open_duplicates: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def all_done(self) -> bool:
        return all(status == "done" for _, _, status in self.steps)


def unit_rows(campaign: Campaign, units: list[CampaignUnit], today: datetime.date) -> list[UnitRow]:
    """Status of each unit: a constant number of queries, whatever the number of units."""
    steps = list(campaign.steps.order_by("order"))
    states: dict[tuple[int, int], UnitStep] = {
        (s.unit_id, s.step_id): s for s in UnitStep.objects.filter(unit__in=units).select_related("step")
    }
    latest: dict[int, ImportBatch] = {}
    for b in (
        ImportBatch.objects.filter(unit__in=units)
        .exclude(state=BatchState.SUPERSEDED)
        .order_by("uploaded_at", "id")
    ):
        latest[b.unit_id] = b
    batch_ids = [b.pk for b in latest.values()]
    counts = {
        row["batch_id"]: row
        for row in Finding.objects.filter(batch_id__in=batch_ids)
        .values("batch_id")
        .annotate(
            errors=Count("id", filter=Q(state=FindingState.OPEN, severity="error")),
            warnings=Count("id", filter=Q(state=FindingState.OPEN, severity="warning")),
        )
    }
    pairs = dict(
        DuplicatePair.objects.filter(batch_id__in=batch_ids, state=PairState.OPEN)
        .values("batch_id")
        .annotate(n=Count("id"))
        .values_list("batch_id", "n")
    )
    shares = synced_share(units)
    rows = []
    for unit in units:
        unit_steps = []
        for step in steps:
            state = states[(unit.pk, step.pk)]
            unit_steps.append((step, state, state.status_on(today)))
        batch = latest.get(unit.pk)
        row = UnitRow(unit=unit, steps=unit_steps, batch=batch)
        entitled, synced = shares.get(unit.pk, (0, 0))
        row.extra = {
            "entitled": entitled,
            "synced": synced,
            "pct": round(100 * synced / entitled) if entitled else 0,
        }
        if batch is not None:
            c: dict[str, Any] = dict(counts.get(batch.pk, {}))
            row.open_errors, row.open_warnings = c.get("errors", 0), c.get("warnings", 0)
            row.open_duplicates = pairs.get(batch.pk, 0)
        rows.append(row)
    return rows


def live_records(batch: ImportBatch) -> QuerySet[StagedRecord]:
    """The records that will enter the registry: not absorbed into another by a merge."""
    return batch.records.filter(merged_into__isnull=True).order_by("row")


def open_errors(batch: ImportBatch) -> QuerySet[Finding]:
    return batch.findings.filter(state=FindingState.OPEN, severity="error")


def synced_share(units: list[CampaignUnit]) -> dict[int, tuple[int, int]]:
    """unit id -> (entitled, synced) in two grouped queries, for units that are siblings in the tree."""
    if not units:
        return {}
    width = len(units[0].org.path)
    by_path = {u.org.path: u.pk for u in units}
    assert all(len(p) == width for p in by_path), "campaign units are the children of one root"
    parent = units[0].org.path[: width - SEGMENT_WIDTH]
    entitled = dict(
        Member.objects.filter(status__in=HANDBOOK_STATUSES, org__path__startswith=parent)
        .annotate(unit_path=Substr("org__path", 1, width))
        .values_list("unit_path")
        .annotate(n=Count("id"))
        .values_list("unit_path", "n")
    )
    synced = dict(
        Entitlement.objects.filter(active=True, branch_path__startswith=parent)
        .annotate(unit_path=Substr("branch_path", 1, width))
        .values_list("unit_path")
        .annotate(n=Count("id"))
        .values_list("unit_path", "n")
    )
    return {pk: (entitled.get(path, 0), synced.get(path, 0)) for path, pk in by_path.items()}


_DIFFERENCE_KINDS = {
    "missing": "Có trong tệp 3.0, không có trong CSDL 4.0",
    "added": "Có trong CSDL 4.0, không có trong tệp 3.0",
    "changed": "Giá trị khác",
}


def difference_rows(items: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Stored reconciliation differences as people read them: Vietnamese field labels and kinds, dates
    day-first (the reconciler compares ISO dates)."""
    out = []
    for d in items:
        key = d.get("field") or ""
        out.append(
            {
                "member_code": d.get("member_code") or "",
                "kind": _DIFFERENCE_KINDS.get(d.get("kind") or "", d.get("kind") or ""),
                "field": schema.label(key) if key else "",
                "old_value": _shown(key, d.get("old_value")),
                "new_value": _shown(key, d.get("new_value")),
                "reason": d.get("reason") or "",
            }
        )
    return out


def _shown(key: str, value: object) -> str:
    text = "" if value is None else str(value)
    if key in schema.DATE_KEYS and text:
        try:
            return datetime.date.fromisoformat(text).strftime("%d/%m/%Y")
        except ValueError:
            return text  # the file's unreadable date, as typed
    return text


@dataclass
class OpenIssues:
    """What the latest campaign still has open for a part of the tree."""

    campaign: Campaign | None
    errors_by_rule: dict[str, int]
    duplicates: int
    no_cccd: int  # open findings on the CCCD field (missing or invalid)


def open_issues_in(org: Any) -> OpenIssues:
    """Open errors by rule and open duplicate pairs of the newest campaign covering `org`, in the latest
    batch of each of its units inside `org`'s subtree (or of the unit holding `org`, narrowed to the
    records of `org`'s branches). Four queries, whatever the number of units."""
    ancestors = path_prefixes(org.path)
    campaign = Campaign.objects.filter(root__path__in=ancestors).order_by("-created_at", "-id").first()
    if campaign is None:
        return OpenIssues(None, {}, 0, 0)
    units = CampaignUnit.objects.filter(campaign=campaign).filter(
        Q(org__path__gte=org.path, org__path__lt=org.path_upper_bound) | Q(org__path__in=ancestors)
    )
    batches = {
        b.unit_id: b.pk
        for b in ImportBatch.objects.filter(unit__in=units)
        .exclude(state=BatchState.SUPERSEDED)
        .order_by("uploaded_at", "id")
        .only("id", "unit_id")
    }
    findings = Finding.objects.filter(
        batch_id__in=list(batches.values()), state=FindingState.OPEN, severity="error"
    )
    pairs = DuplicatePair.objects.filter(batch_id__in=list(batches.values()), state=PairState.OPEN)
    if not units.filter(org__path__gte=org.path, org__path__lt=org.path_upper_bound).exists():
        # `org` lies below a unit: only its own branches' records.
        codes = list(Org.objects.in_subtree(org).values_list("code", flat=True))
        findings = findings.filter(record__org_code__in=codes)
        pairs = pairs.filter(a__org_code__in=codes)
    by_rule = dict(findings.values_list("rule").annotate(n=Count("id")).values_list("rule", "n").order_by())
    no_cccd = findings.filter(field="cccd").count()
    return OpenIssues(campaign, by_rule, pairs.count(), no_cccd)


def unfinished_units(campaign: Campaign) -> QuerySet[CampaignUnit]:
    """The campaign's units with a step not done, with the steps still open (the closing page lists them).
    Two queries when evaluated (the units, then their open steps)."""
    open_steps = UnitStep.objects.exclude(state=StepState.DONE).select_related("step").order_by("step__order")
    return (
        campaign.units.filter(pk__in=open_steps.values("unit"))
        .select_related("org")
        .prefetch_related(Prefetch("step_states", queryset=open_steps, to_attr="open_steps"))
        .order_by("org__path")
    )
