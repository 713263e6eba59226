"""Creating a campaign, naming who is responsible for a unit, recording the day's progress."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import transaction

from sotay.accounts.permissions import Cap, can
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.models import (
    Campaign,
    CampaignStep,
    CampaignUnit,
    ProgressSnapshot,
    StepKind,
    UnitStep,
)
from sotay.campaign.queries import unit_rows
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


@transaction.atomic
def take_snapshot(*, campaign: Campaign, today: datetime.date, by: User | None) -> ProgressSnapshot:
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
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="campaign",
        object_id=campaign.pk,
        org=campaign.root,
        summary=f"Ghi số liệu tiến độ ngày {today:%d/%m/%Y}",
    )
    return snapshot


@transaction.atomic
def set_responsible(*, unit: CampaignUnit, user: User | None, by: User | None) -> CampaignUnit:
    """Name the person responsible for `unit` in the campaign (None: nobody)."""
    unit = CampaignUnit.objects.select_for_update().select_related("org").get(pk=unit.pk)
    unit.responsible = user
    unit.save(update_fields=["responsible"])
    audit(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="campaign_unit",
        object_id=unit.pk,
        org=unit.org,
        summary=f"Người phụ trách {unit.org.name}: {user.username if user else 'không'}",
    )
    return unit
