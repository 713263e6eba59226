"""Records: the member's own, the members and the organisations in a staff member's subtree (404 outside)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Query, Router
from pydantic import Field

from sotay.accounts.permissions import Cap, home_org, scope_roots
from sotay.api.pagination import CursorParams, member_page, page_by
from sotay.api.problems import problems
from sotay.api.schemas import MemberSummary, MyRecord, OrgOut, Page
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.members import search
from sotay.members.access import members_visible_to
from sotay.members.actions import record_view
from sotay.members.export import member_data
from sotay.members.keyset import prefix_range
from sotay.members.models import Member
from sotay.orgs.models import Org, subtree_q

router = Router()


class MemberListParams(CursorParams):
    q: str = Field(
        "", max_length=100, description="Mã đảng viên, hoặc phần đầu của họ tên (có dấu hay không dấu)."
    )


def _own_member(request: HttpRequest) -> Member:
    member_id = getattr(request.user, "member_id", None)
    if not member_id:
        raise Http404
    return Member.objects.select_related("org").get(pk=member_id)


@router.get("/me", response={200: MyRecord, **problems(401, 404)}, tags=["me"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in member's own record (the handbook page's summary); 404 for an account without one."""
    m = _own_member(request)
    return {
        "id": m.pk,
        "code": m.code,
        "full_name": m.full_name,
        "birth_date": m.birth_date,
        "admission_date": m.admission_date,
        "official_date": m.official_date,
        "status": m.status,
        "org": {"id": m.org_id, "name": m.org.name},
    }


@router.get("/me/data", response={200: dict[str, Any], **problems(401, 404)}, tags=["me"])
def my_data(request: HttpRequest) -> dict[str, Any]:
    """A copy of the member's own data (as /ho-so/du-lieu/)."""
    return member_data(_own_member(request))


def _summary(m: Member) -> MemberSummary:
    """A member as lists and details show it: the CCCD masked."""
    return MemberSummary(
        id=m.pk,
        code=m.code,
        full_name=m.full_name,
        birth_date=m.birth_date,
        gender=m.gender,
        cccd=m.cccd_masked,
        status=m.status,
        org_id=m.org_id,
    )


@router.get("/members", response={200: Page[MemberSummary], **problems(400, 401, 404, 422)}, tags=["members"])
def list_members(request: HttpRequest, params: Query[MemberListParams]) -> dict[str, Any]:
    """Members in the caller's subtree in name order (the web list's keyset pager); 404 for non-staff."""
    if not scope_roots(request.user, Cap.VIEW_MEMBERS):
        raise Http404
    qs = members_visible_to(request.user)
    q = " ".join(params.q.split())
    if q:
        if q[:1].isdigit() or "." in q:
            qs = qs.filter(code=q)
        else:
            # The start of the folded name ("nguyen van", with or without marks): a range of the name
            # key's index, as the web list's, never a scan of the subtree (issue 12).
            # A code is matched exactly as well (codes in other formats than digits).
            words = search.parse(q).words
            qs = qs.filter(Q(code=q) | prefix_range(" ".join(words))) if words else qs.filter(code=q)
    rows, following = member_page(qs, cursor=params.cursor)
    record(
        actor=request.user,  # type: ignore[arg-type]
        action=AuditAction.SEARCH,
        object_type="member_list",
        org=home_org(request.user, Cap.VIEW_MEMBERS),
        summary=f"Danh sách đảng viên qua API (tìm «{q}»; số dài được che trong nhật ký)"[:255],
    )
    return {"items": [_summary(m) for m in rows], "next": following}


@router.get(
    "/members/{member_id}", response={200: MemberSummary, **problems(401, 404, 422)}, tags=["members"]
)
def member_detail(request: HttpRequest, member_id: int) -> MemberSummary:
    """One member in the caller's subtree (the read is audited); 404 outside it."""
    m = members_visible_to(request.user).filter(pk=member_id).first()
    if m is None:
        raise Http404
    record_view(member=m, by=request.user, what="Xem hồ sơ qua API")  # type: ignore[arg-type]
    return _summary(m)


@router.get(
    "/orgs/{org_id}/children", response={200: Page[OrgOut], **problems(400, 401, 404, 422)}, tags=["orgs"]
)
def org_children(request: HttpRequest, org_id: int, params: Query[CursorParams]) -> dict[str, Any]:
    """The children of a node in the caller's subtree, in tree order; 404 outside it."""
    roots = scope_roots(request.user, Cap.VIEW_MEMBERS)
    org = Org.objects.filter(subtree_q(roots), pk=org_id).first() if roots else None
    if org is None:
        raise Http404
    kids, following = page_by(Org.objects.filter(parent=org), field="path", cursor=params.cursor)
    items = [OrgOut(id=o.pk, code=o.code, name=o.name, type=o.type, parent_id=o.parent_id) for o in kids]
    return {"items": items, "next": following}
