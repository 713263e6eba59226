"""Creating a campaign and reading where every unit stands."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q

from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
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
    ProgressSnapshot,
    StepKind,
    UnitStep,
)
from sotay.core.errors import ActionError
from sotay.orgs.models import BRANCH_TYPES, Org

if TYPE_CHECKING:
    from sotay.accounts.models import User

DEFAULT_STEPS = (
    (StepKind.CLEAN, "Làm sạch dữ liệu"),
    (StepKind.MIGRATE, "Chuyển đổi lên CSDL 4.0"),
    (StepKind.SYNC, "Đồng bộ sang Sổ tay"),
)


@transaction.atomic
def create_campaign(
    *,
    root: Org,
    name: str,
    deadlines: dict[str, datetime.date],
    by: User | None,
    check_permission: bool = True,
) -> Campaign:
    """A campaign over `root`'s subtree; its units are `root`'s current children (branches excluded)."""
    if check_permission and not can(by, Cap.EDIT_MEMBERS, root):
        raise ActionError({"root": ["Chỉ Ban Tổ chức của cấp này mới tạo được chiến dịch."]})
    name = " ".join(name.split())
    if not name:
        raise ActionError({"name": ["Hãy đặt tên chiến dịch."]})
    missing = [title for kind, title in DEFAULT_STEPS if kind not in deadlines]
    if missing:
        raise ActionError({"deadlines": [f"Thiếu hạn cho bước: {', '.join(missing)}."]})
    ordered = [deadlines[kind] for kind, _ in DEFAULT_STEPS]
    if ordered != sorted(ordered):
        raise ActionError(
            {"deadlines": ["Hạn của các bước phải theo thứ tự: làm sạch, chuyển đổi, đồng bộ."]}
        )
    children = list(Org.objects.filter(parent=root).current().exclude(type__in=BRANCH_TYPES).order_by("path"))
    if not children:
        raise ActionError({"root": ["Tổ chức này không có đơn vị trực thuộc để giao việc."]})
    campaign = Campaign.objects.create(name=name, root=root, created_by=by)
    steps = [
        CampaignStep.objects.create(
            campaign=campaign, order=i, kind=kind, title=title, deadline=deadlines[kind]
        )
        for i, (kind, title) in enumerate(DEFAULT_STEPS, start=1)
    ]
    units = CampaignUnit.objects.bulk_create(CampaignUnit(campaign=campaign, org=o) for o in children)
    UnitStep.objects.bulk_create(UnitStep(unit=u, step=s) for u in units for s in steps)
    audit(
        actor=by,
        action=AuditAction.CREATE,
        object_type="campaign",
        object_id=campaign.pk,
        org=root,
        summary=f"Tạo chiến dịch «{name}» ({len(units)} đơn vị)",
    )
    return campaign


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
    from sotay.campaign.services.sync import synced_share

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


def take_snapshot(campaign: Campaign, today: datetime.date) -> ProgressSnapshot:
    """Today's figures for the burndown (updated in place during the day)."""
    units = list(campaign.units.all())
    rows = unit_rows(campaign, units, today)
    done: dict[str, int] = {}
    for row in rows:
        for step, _, status in row.steps:
            done[step.kind] = done.get(step.kind, 0) + (status == "done")
    snapshot, _ = ProgressSnapshot.objects.update_or_create(
        campaign=campaign,
        on=today,
        defaults={
            "open_errors": sum(r.open_errors for r in rows),
            "open_duplicates": sum(r.open_duplicates for r in rows),
            "units_done": done,
        },
    )
    return snapshot
