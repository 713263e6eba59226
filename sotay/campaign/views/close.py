"""Closing a campaign: the staff at its root see the units still unfinished, then declare it finished."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, can
from sotay.campaign.access import get_campaign
from sotay.campaign.actions.close import MAX_NOTE, close_campaign
from sotay.campaign.queries import unfinished_units
from sotay.core.errors import ActionError


@login_required
def campaign_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """GET: what is left and the form; POST: close. Staff of a unit below the root get a 404."""
    campaign = get_campaign(request, pk)
    if not can(request.user, Cap.EDIT_MEMBERS, campaign.root):
        raise Http404("Không có quyền.")
    note = request.POST.get("note", "")[: MAX_NOTE * 4]
    errors: list[str] = []
    if request.method == "POST":
        try:
            if close_campaign(campaign=campaign, note=note, by=request.user):
                messages.success(request, f"Đã kết thúc chiến dịch «{campaign.name}».")
            return redirect("campaign_close", pk=campaign.pk)
        except ActionError as exc:
            errors = exc.messages
    return render(
        request,
        "campaign/close.html",
        {
            "campaign": campaign,
            "unfinished": unfinished_units(campaign)[:500],
            "unfinished_count": unfinished_units(campaign).count(),
            "note": note,
            "errors": errors,
            "max_note": MAX_NOTE,
        },
        status=400 if errors else 200,
    )
