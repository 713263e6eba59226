"""For unit staff: the audit log of their subtree and the campaigns' progress, scoped like the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from sotay.accounts.permissions import Cap, scope_roots
from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import OrgRef, Page
from sotay.audit.models import AuditAction, AuditEvent
from sotay.campaign.access import campaigns_for, get_campaign, units_for
from sotay.campaign.queries import unit_rows
from sotay.orgs.models import subtree_q

router = Router()


class AuditParams(CursorParams):
    action: AuditAction | None = Field(None, description="Chỉ một loại hành động.")
    member: int | None = Field(None, ge=1, le=2**53, description="Chỉ các lượt về một đảng viên (id).")


class AuditOut(Schema):
    """One audited act as the web audit page shows it: identifiers were masked when it was written."""

    id: int
    at: datetime.datetime = Field(title="Thời điểm")
    actor: str = Field(title="Người thực hiện")
    action: str = Field(title="Hành động")
    action_label: str = Field(title="Hành động (tên)")
    object_type: str = Field(title="Loại đối tượng")
    object_id: str = Field(title="Mã đối tượng")
    summary: str = Field(title="Nội dung")
    where: str = Field(title="Địa chỉ", description="Địa chỉ IP, hoặc kênh (web, API, lệnh).")


@router.get("/audit", response={200: Page[AuditOut], **problems(400, 401, 404, 422)}, tags=["audit"])
def audit_log(request: HttpRequest, params: Query[AuditParams]) -> dict[str, Any]:
    """Unit staff: the audit log of their subtree, newest first (as /nhat-ky/); 404 for other roles."""
    roots = scope_roots(request.user, Cap.VIEW_AUDIT)
    if not roots:
        raise Http404
    events = AuditEvent.objects.filter(subtree_q(roots, field="org_path"))
    if params.action:
        events = events.filter(action=params.action)
    if params.member:
        events = events.filter(object_type="member", object_id=str(params.member))
    rows, following = page_by(events, field="-id", cursor=params.cursor)
    items = [
        {
            "id": e.pk,
            "at": e.at,
            "actor": e.actor_label,
            "action": e.action,
            "action_label": e.get_action_display(),
            "object_type": e.object_type,
            "object_id": e.object_id,
            "summary": e.summary,
            "where": e.ip or e.channel,
        }
        for e in rows
    ]
    return {"items": items, "next": following}


class CampaignOut(Schema):
    id: int
    name: str = Field(title="Tên chiến dịch")
    root: OrgRef = Field(title="Phạm vi")
    created_at: datetime.datetime


class StepOut(Schema):
    kind: str = Field(title="Loại bước")
    title: str = Field(title="Tên bước")
    deadline: datetime.date = Field(title="Hạn")
    state: str = Field(title="Trạng thái", description="not_started / in_progress / done")
    status: str = Field(title="Tiến độ", description="done / late / at_risk / on_track, so với hạn hôm nay.")
    done_at: datetime.datetime | None


class UnitProgress(Schema):
    id: int
    org: OrgRef
    steps: list[StepOut]
    open_errors: int = Field(title="Lỗi chưa xử lý")
    open_warnings: int = Field(title="Cảnh báo chưa xử lý")
    open_duplicates: int = Field(title="Cặp nghi trùng chưa xử lý")
    entitled: int = Field(title="Đảng viên được cấp sổ tay")
    synced: int = Field(title="Đã đồng bộ sang sổ tay")


class CampaignProgress(Schema):
    campaign: CampaignOut
    today: datetime.date
    units: list[UnitProgress]


def _campaign(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "root": {"id": c.root_id, "name": c.root.name},
        "created_at": c.created_at,
    }


@router.get("/campaigns", response={200: Page[CampaignOut], **problems(400, 401, 422)}, tags=["campaigns"])
def list_campaigns(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """Campaigns over the caller's subtree or with a unit in it, newest first (empty for other roles)."""
    rows, following = page_by(campaigns_for(request), field="-id", cursor=params.cursor)  # type: ignore[arg-type]
    return {"items": [_campaign(c) for c in rows], "next": following}


@router.get(
    "/campaigns/{campaign_id}/progress",
    response={200: CampaignProgress, **problems(401, 404, 422)},
    tags=["campaigns"],
)
def campaign_progress(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    """Where each unit in the caller's subtree stands on each step, against its deadline (the campaign's
    progress page, read through sotay.campaign.queries); 404 outside the subtree."""
    campaign = get_campaign(request, campaign_id)  # type: ignore[arg-type]
    today = timezone.localdate()
    rows = unit_rows(campaign, units_for(request, campaign), today)  # type: ignore[arg-type]
    units = [
        {
            "id": r.unit.pk,
            "org": {"id": r.unit.org_id, "name": r.unit.org.name},
            "steps": [
                {
                    "kind": step.kind,
                    "title": step.title,
                    "deadline": step.deadline,
                    "state": state.state,
                    "status": status,
                    "done_at": state.done_at,
                }
                for step, state, status in r.steps
            ],
            "open_errors": r.open_errors,
            "open_warnings": r.open_warnings,
            "open_duplicates": r.open_duplicates,
            "entitled": r.extra["entitled"],
            "synced": r.extra["synced"],
        }
        for r in rows
    ]
    return {"campaign": _campaign(campaign), "today": today, "units": units}
