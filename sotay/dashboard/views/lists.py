"""The lists behind the numbers: a node's members on one list (keyset pages), and its Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import report_view
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.dashboard import downloads
from sotay.dashboard.access import get_node_for_user, visible_ancestors
from sotay.dashboard.lists import LISTS, MemberList, members_of
from sotay.members.keyset import page_of
from sotay.members.models import Member, MemberQuerySet
from sotay.orgs.models import Org

PAGE_SIZE = 50


def _list(request: AuthedHttpRequest, pk: int, slug: str) -> tuple[Org, MemberList, MemberQuerySet]:
    node = get_node_for_user(request.user, pk)
    if slug not in LISTS:
        raise Http404("Không có danh sách này.")
    qs = members_of(Member.objects.in_subtree(node), slug).select_related("org")
    return node, LISTS[slug], qs


@login_required
@require_safe
@report_view
def member_list(request: AuthedHttpRequest, pk: int, slug: str) -> HttpResponse:
    node, which, qs = _list(request, pk, slug)
    get = request.GET
    page = page_of(qs, after=get.get("after", ""), before=get.get("before", ""), size=PAGE_SIZE)
    # Names and phone numbers of others: the read is logged, as the member list's is (ADR 0009).
    record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="dashboard_list",
        org=node,
        summary=f"Điều hành: danh sách «{which.title}» — {node.name}"[:255],
    )
    context = {"node": node, "which": which, "page": page, "crumbs": visible_ancestors(request.user, node)}
    return render(request, "dashboard/list.html", context)


@login_required
@require_safe
@report_view
def member_list_export(request: AuthedHttpRequest, pk: int, slug: str) -> HttpResponse:
    got = downloads.member_list_file(by=request.user, node=get_node_for_user(request.user, pk), slug=slug)
    response = HttpResponse(got.content, content_type=downloads.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{got.filename}"'
    return response
