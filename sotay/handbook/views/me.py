"""The member-facing handbook: the member's own record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from sotay.accounts.http import AuthedHttpRequest
from sotay.members.actions import record_view
from sotay.members.models import Member


@login_required
def my_profile(request: AuthedHttpRequest) -> HttpResponse:
    member_id = getattr(request.user, "member_id", None)
    if not member_id:
        raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
    member = Member.objects.select_related("org", "in_transit_to").get(pk=member_id)
    record_view(member=member, by=request.user, what="Tự xem hồ sơ")
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "own": True,
            "show_sensitive": True,
            "events": member.events.select_related("from_org", "to_org"),
        },
    )
