"""Campaign list, creation, progress table with burndown, Excel export."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from sotay import vn
from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.models import RoleAssignment, User
from sotay.accounts.permissions import Cap, can, orgs_visible_to, report_view, scope_roots
from sotay.audit.log import record as audit
from sotay.audit.models import AuditAction
from sotay.campaign.access import campaigns_for, get_campaign, units_for
from sotay.campaign.actions.campaigns import DEFAULT_STEPS, create_campaign, set_responsible, take_snapshot
from sotay.campaign.charts import burndown_chart
from sotay.campaign.exports import progress_workbook
from sotay.campaign.models import Campaign, StepKind
from sotay.campaign.queries import unit_rows
from sotay.core.errors import ActionError
from sotay.core.http import flash_errors, int_param
from sotay.orgs.models import BRANCH_TYPES, subtree_q


@login_required
def campaign_list(request: AuthedHttpRequest) -> HttpResponse:
    if not scope_roots(request.user, Cap.EDIT_MEMBERS):
        raise Http404("Không có quyền.")
    roots = (
        orgs_visible_to(request.user, Cap.EDIT_MEMBERS).exclude(type__in=BRANCH_TYPES).order_by("path")[:200]
    )
    return render(
        request,
        "campaign/list.html",
        {"campaigns": campaigns_for(request), "roots": roots, "steps": DEFAULT_STEPS},
    )


@login_required
@require_POST
def campaign_create(request: AuthedHttpRequest) -> HttpResponse:
    raw_root = request.POST.get("root", "")
    root_pk = int_param(raw_root) or 0
    root = orgs_visible_to(request.user, Cap.EDIT_MEMBERS).filter(pk=root_pk).first()
    if root is None:
        raise Http404("Không tìm thấy tổ chức.")
    deadlines: dict[str, datetime.date] = {}
    for kind, title in DEFAULT_STEPS:
        parsed = vn.parse_date(request.POST.get(f"deadline_{kind}", ""))
        if parsed is None:
            messages.error(request, f"Hạn của bước «{title}» chưa đúng (ghi theo dạng ngày/tháng/năm).")
            return redirect("campaign_list")
        deadlines[kind] = parsed
    try:
        campaign = create_campaign(
            root=root, name=request.POST.get("name", ""), deadlines=deadlines, by=request.user
        )
    except ActionError as exc:
        flash_errors(request, exc)
        return redirect("campaign_list")
    messages.success(request, f"Đã tạo chiến dịch «{campaign.name}».")
    return redirect("campaign_detail", pk=campaign.pk)


def _staff_in_scope(campaign: Campaign) -> QuerySet[User]:
    """People holding an active role inside the campaign's scope: the only ones a unit can be given to."""
    roles = RoleAssignment.objects.active().filter(subtree_q([campaign.root], field="org__path"))
    return User.objects.filter(roles__in=roles).distinct()


@login_required
@require_safe
@report_view
def campaign_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(request, pk)
    today = timezone.localdate()
    units = units_for(request, campaign)
    rows = unit_rows(campaign, units, today)
    whole = can(request.user, Cap.EDIT_MEMBERS, campaign.root)
    snapshots = list(campaign.snapshots.order_by("on")) if whole else []
    context = {
        "campaign": campaign,
        "steps": list(campaign.steps.order_by("order")),
        "rows": rows,
        "whole": whole,
        "today": today,
        "totals": {
            "units": len(rows),
            "errors": sum(r.open_errors for r in rows),
            "duplicates": sum(r.open_duplicates for r in rows),
            "done": {
                kind: sum(1 for r in rows for s, _, status in r.steps if s.kind == kind and status == "done")
                for kind in StepKind.values
            },
        },
        "snapshots": snapshots,
        "burndown": burndown_chart(snapshots) if snapshots else "",
        "staff": list(_staff_in_scope(campaign).order_by("username")[:500]) if whole else [],
    }
    return render(request, "campaign/detail.html", context)


@login_required
@require_safe
@report_view
def campaign_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(request, pk)
    today = timezone.localdate()
    rows = unit_rows(campaign, units_for(request, campaign), today)
    buffer = BytesIO()
    progress_workbook(campaign, rows, today).save(buffer)
    audit(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="campaign",
        object_id=campaign.pk,
        org=campaign.root,
        summary=f"Xuất Excel tiến độ «{campaign.name}»",
    )
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-chien-dich-{campaign.pk}-{today:%Y%m%d}.xlsx"'
    )
    return response


@login_required
@require_POST
def campaign_snapshot(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign(request, pk)
    if not can(request.user, Cap.EDIT_MEMBERS, campaign.root):
        raise Http404("Không có quyền.")
    take_snapshot(campaign=campaign, today=timezone.localdate(), by=request.user)
    return redirect("campaign_detail", pk=pk)


@login_required
@require_POST
def unit_responsible(request: AuthedHttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    campaign = get_campaign(request, pk)
    if not can(request.user, Cap.EDIT_MEMBERS, campaign.root):
        raise Http404("Không có quyền.")
    unit = campaign.units.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    username = request.POST.get("username", "").strip()[:150]
    # Only someone holding a role inside the campaign's scope can be responsible; anyone else, existing or
    # not, gets the same answer, so the field tells nothing about accounts outside the scope.
    user = _staff_in_scope(campaign).filter(username=username).first() if username else None
    if username and user is None:
        messages.error(request, f"Không tìm thấy cán bộ «{username}» có vai trò trong phạm vi chiến dịch.")
        return redirect("campaign_detail", pk=pk)
    set_responsible(unit=unit, user=user, by=request.user)
    return redirect("campaign_detail", pk=pk)
