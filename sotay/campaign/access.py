"""Who may see which campaign and unit: staff with EDIT_MEMBERS over the unit (or the whole campaign)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, can, scope_roots
from sotay.campaign.models import Campaign, CampaignUnit, ImportBatch
from sotay.orgs.models import subtree_q


def campaigns_for(request: AuthedHttpRequest) -> QuerySet[Campaign]:
    roots = scope_roots(request.user, Cap.EDIT_MEMBERS)
    if not roots:
        return Campaign.objects.none()
    # A campaign whose root is in scope, or that has a unit in scope.
    units = CampaignUnit.objects.filter(subtree_q(roots, field="org__path")).values("campaign_id")
    return Campaign.objects.filter(Q(subtree_q(roots, field="root__path")) | Q(pk__in=units)).select_related(
        "root"
    )


def get_campaign(request: AuthedHttpRequest, pk: int) -> Campaign:
    campaign = campaigns_for(request).filter(pk=pk).first()
    if campaign is None:
        raise Http404("Không tìm thấy chiến dịch.")
    return campaign


def units_for(request: AuthedHttpRequest, campaign: Campaign) -> list[CampaignUnit]:
    units = campaign.units.select_related("org", "responsible")
    if can(request.user, Cap.EDIT_MEMBERS, campaign.root):
        return list(units)
    roots = scope_roots(request.user, Cap.EDIT_MEMBERS)
    return list(units.filter(subtree_q(roots, field="org__path")))


def get_unit(request: AuthedHttpRequest, pk: int) -> CampaignUnit:
    unit = CampaignUnit.objects.select_related("campaign__root", "org").filter(pk=pk).first()
    if unit is None or not can(request.user, Cap.EDIT_MEMBERS, unit.org):
        raise Http404("Không tìm thấy đơn vị.")
    return unit


def get_batch(unit: CampaignUnit) -> ImportBatch:
    batch = unit.current_batch()
    if batch is None:
        raise Http404("Đơn vị chưa nhập tệp nào.")
    return batch
