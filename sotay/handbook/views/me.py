"""The member-facing handbook: the member's own record, and a copy of their data (Law 91/2025)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from sotay.accounts.http import AuthedHttpRequest
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.compiled import Compiled
from sotay.corrections.fields import LABELS, shown
from sotay.corrections.queries import corrections_of
from sotay.handbook.access import own_member
from sotay.handbook.record import party_age
from sotay.members.actions import record_view
from sotay.members.export import member_data, member_data_csv
from sotay.members.models import Member, MemberEvent

# The member's history on their profile page: compiled once (sotay.core.compiled, issue 12).
_EVENTS = Compiled(
    lambda member: MemberEvent.objects.filter(member_id=member).select_related("from_org", "to_org"),
    member=int,
)
# QĐ 339-QĐ/TW's summary (domain.md §1.1), in its order; the branch is shown apart (not reportable).
SUMMARY_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "admission_date",
    "official_date",
    "card_number",
    "cccd",
    "phone",
)
OTHER_FIELDS = (
    "profile_number",
    "ethnicity",
    "religion",
    "hometown",
    "residence",
    "education",
    "political_theory",
)


@login_required
def my_profile(request: AuthedHttpRequest) -> HttpResponse:
    """ "Hồ sơ của tôi": the QĐ 339 summary, party age and the next badge, status and history, a
    "Báo sai" link on every field and where each report stands."""
    member = own_member(request.user)
    record_view(member=member, by=request.user, what="Tự xem hồ sơ")
    today = timezone.localdate()
    summary = [(f, LABELS.get(f, ""), shown(member, f)) for f in SUMMARY_FIELDS]
    others = [(f, LABELS[f], shown(member, f)) for f in OTHER_FIELDS]
    response = render(
        request,
        "handbook/my_record.html",
        {
            "member": member,
            "summary": summary,
            "others": others,
            "age": party_age(member, today),
            "corrections": corrections_of(member.pk),
            "events": _EVENTS.rows(member=member.pk),
        },
    )
    # Private: the service worker may keep it for offline reading on this device, no shared cache may.
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def my_data_export(request: AuthedHttpRequest) -> HttpResponse:
    """ "Tải dữ liệu của tôi": the signed-in member's own data as JSON or (?dinh-dang=csv) CSV. No id in
    the URL: there is nobody else's data to ask for."""
    member_id = getattr(request.user, "member_id", None)
    if not member_id:
        raise Http404("Tài khoản chưa gắn với hồ sơ đảng viên.")
    member = Member.objects.select_related("org").get(pk=member_id)
    as_csv = request.GET.get("dinh-dang") == "csv"
    data = member_data(member)
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="member",
        object_id=member.pk,
        org=member.org,
        summary=f"Tự tải dữ liệu cá nhân {member.code} ({'CSV' if as_csv else 'JSON'})",
    )
    name = f"du-lieu-ca-nhan-{member.code}"
    if as_csv:
        response = HttpResponse(member_data_csv(data), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
    response["Cache-Control"] = "no-store"
    return response
