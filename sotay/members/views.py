"""Member pages for staff: the list with search, one record. (The member's own page is the handbook's.)"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render

from sotay import vn
from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, can, home_org, orgs_visible_to, scope_roots
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.http import int_param
from sotay.members import search
from sotay.members.access import get_member_for_user, visible_members
from sotay.members.actions import record_view
from sotay.members.counts import subtree_totals
from sotay.members.keyset import LETTERS, KeysetPage, bounded_count, page_of, prefix_range
from sotay.members.models import Gender, MemberQuerySet, MemberStatus
from sotay.members.views_manage import manage_context
from sotay.orgs.models import Org

PAGE_SIZE = 50


def _filtered(request: AuthedHttpRequest) -> tuple[MemberQuerySet, dict[str, Any]]:
    qs = visible_members(request).select_related("org")
    params = request.GET
    # A NUL byte cannot be stored (the audit row keeps the query) on PostgreSQL: dropped.
    q = params.get("q", "").replace("\x00", "").strip()[:100]
    chosen_org: Org | None = None
    if org_id := params.get("org", "").strip():
        org_pk = int_param(org_id)
        chosen_org = orgs_visible_to(request.user).filter(pk=org_pk).first() if org_pk else None
        if chosen_org is None:
            raise Http404("Không tìm thấy tổ chức.")
        qs = qs.in_subtree(chosen_org)
    status = params.get("status", "active")
    if status == "active":
        qs = qs.active()
    elif status in MemberStatus.values:
        qs = qs.filter(status=status)
    gender = params.get("gender", "")
    if gender in Gender.values:
        qs = qs.filter(gender=gender)
    if params.get("transit") == "1":
        qs = qs.in_transit()
    identifier = False
    ranked_query = None
    prefix_many = False
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        if digits and len(digits) == len(q.replace(" ", "").replace(".", "")):
            identifier = True
            qs = qs.filter(
                Q(cccd=digits)
                | Q(code=q)
                | Q(card_number=digits)
                | Q(phone=vn.clean_phone(q).value or digits)
            )
        elif (name_query := search.parse(q)) and not _many_start_with(qs, name_query):
            # Words anywhere in the name, in any order, ranked (sotay.members.search).
            ranked_query = name_query
        elif name_query:
            # So many names start with the words ("nguyen van") that all of them are listed in name
            # order, a range of the name-key index, page after page (ADR 0009).
            qs = qs.filter(prefix_range(" ".join(name_query.words)))
            prefix_many = True
        else:
            # Neither a number nor a word ("%", "_", quotes): no name holds it, nothing is read.
            qs = qs.none()
    filters = {
        "q": q,
        # What the audit log keeps of the query: a number typed (CCCD, phone, card) masked.
        "q_logged": vn.mask_identifier(digits) if identifier else q,
        "org": chosen_org,
        "status": status,
        "gender": gender,
        "transit": params.get("transit") == "1",
        "ranked": ranked_query,
        # More than `search.CAP` names start with the words (counted up to there already).
        "prefix_many": prefix_many,
    }
    return qs.order_by("name_key", "id"), filters


def _many_start_with(qs: MemberQuerySet, query: search.NameQuery) -> bool:
    """More than `search.CAP` names start with the words (an index range, read up to the cap)."""
    starting = qs.filter(prefix_range(" ".join(query.words))).order_by()
    return starting[: search.CAP + 1].count() > search.CAP


def _ranked_page(qs: MemberQuerySet, query: search.NameQuery, start: str) -> KeysetPage:
    """One page of the ranked matches (at most `search.CAP`, ranked in memory): the cursor is `~offset`."""
    rows, more = search.ranked(qs, query)
    offset = (int_param(start[1:]) or 0) if start[:1] == "~" else 0
    offset = min(offset, max(0, len(rows) - 1))
    page = KeysetPage(
        rows=rows[offset : offset + PAGE_SIZE],
        has_next=offset + PAGE_SIZE < len(rows),
        has_previous=offset > 0,
        count=len(rows),
        ranked=True,
        more=more,
    )
    page.next_cursor = f"~{offset + PAGE_SIZE}"
    page.previous_cursor = f"~{max(0, offset - PAGE_SIZE)}"
    return page


def _count(request: AuthedHttpRequest, qs: MemberQuerySet, filters: dict[str, Any]) -> int:
    """The list's total: from the maintained per-organisation counts when only the branch and the status
    are chosen (exact, no member row read); otherwise counted up to a bound."""
    status = filters["status"]
    if (
        filters["q"]
        or filters["gender"]
        or filters["transit"]
        or status not in {"active", "all", *MemberStatus}
    ):
        return bounded_count(qs)
    roots = [filters["org"]] if filters["org"] else scope_roots(request.user, Cap.VIEW_MEMBERS)
    totals = subtree_totals(roots).values()
    if status == "active":
        return sum(t.active for t in totals)
    return sum(n for t in totals for s, n in t.by_status.items() if status == "all" or s == status)


@login_required
def member_list(request: AuthedHttpRequest) -> HttpResponse:
    if not scope_roots(request.user, Cap.VIEW_MEMBERS):
        raise Http404("Không có quyền xem danh sách đảng viên.")
    qs, filters = _filtered(request)
    get = request.GET
    if filters["ranked"]:
        page = _ranked_page(qs, filters["ranked"], get.get("after", "") or get.get("before", ""))
    else:
        page = page_of(
            qs,
            after=get.get("after", ""),
            before=get.get("before", ""),
            letter=get.get("letter", ""),
            size=PAGE_SIZE,
        )
        # A page turn or a filter typed (htmx) shows the rows without counting again.
        if not request.htmx:
            if filters["prefix_many"]:
                # "Hơn 500": counting further would read the name index's range over the whole
                # registry (every province's "Hoàng…"), 0.3 s at 5.6 M members, to print a number
                # the next word typed makes obsolete.
                page.count, page.bound = search.CAP + 1, search.CAP
            else:
                page.count = _count(request, qs, filters)
    where = (
        f"từ «{page.letter}»"
        if page.letter
        else ("trang tiếp" if get.get("after") or get.get("before") else "trang đầu")
    )
    record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="member_list",
        # Without an org filter the search belongs to the searcher's own scope, for their unit's staff.
        org=filters["org"] if isinstance(filters["org"], Org) else home_org(request.user, Cap.VIEW_MEMBERS),
        summary=f"Danh sách đảng viên (tìm «{filters['q_logged']}», {where})"[:255],
    )
    query = request.GET.copy()
    for name in ("page", "after", "before", "letter"):
        query.pop(name, None)
    context = {
        "page": page,
        "filters": filters,
        "statuses": MemberStatus.choices,
        "genders": Gender.choices,
        "query": query.urlencode(),
        "letters": LETTERS,
    }
    template = "members/list.html#results" if request.htmx else "members/list.html"
    return render(request, template, context)


@login_required
def member_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    member = get_member_for_user(request, pk)
    record_view(member=member, by=request.user)
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "own": False,
            # Ethnicity and religion are sensitive: only for those who manage records.
            "show_sensitive": can(request.user, Cap.EDIT_MEMBERS, member.org),
            "events": member.events.select_related("from_org", "to_org"),
            **manage_context(request, member),
        },
    )
