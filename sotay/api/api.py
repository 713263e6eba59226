"""The API at /api/v1/: django-ninja with bearer tokens, problem-details errors, cursor pagination.

Bearer only: a browser session is not accepted, so no CSRF question arises (docs/api.md).
"""

from __future__ import annotations

import base64
import binascii
import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from sotay.accounts.permissions import Cap, scope_roots
from sotay.api.actions import hash_token, issue_token, note_token_use, revoke_token
from sotay.api.feed import router as feed_router
from sotay.api.models import ApiToken
from sotay.members.access import members_visible_to
from sotay.members.export import member_data
from sotay.members.models import Member
from sotay.orgs.models import Org

PROBLEM = "application/problem+json"
PAGE_SIZE = 50


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.live().select_related("user").filter(token_hash=hash_token(token)).first()
        if row is None or not row.user.is_active:
            return None
        note_token_use(token=row)
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]
        return row.user


api = NinjaAPI(
    title="Sổ tay API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_url=None,
)


def _problem(request: HttpRequest, status: int, title: str, detail: str) -> HttpResponse:
    return api.create_response(
        request,
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status=status,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(request, 404, "Not Found", "Không tìm thấy.")


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(request, 401, "Unauthorized", "Cần mã truy cập hợp lệ (Authorization: Bearer …).")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _problem(request, 422, "Unprocessable Content", "Dữ liệu gửi lên không hợp lệ.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _problem(request, exc.status_code, "Error", str(exc))


# Cursor pagination: an opaque base64 of "<sort key>|<id>" (keyset on (sort key, id)).
def encode_cursor(key: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{key}|{pk}".encode()).decode()


def decode_cursor(cursor: str | None) -> tuple[str, int] | None:
    if not cursor:
        return None
    try:
        key, _, pk = base64.urlsafe_b64decode(cursor.encode()).decode().rpartition("|")
        return key, int(pk)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise HttpError(400, "Con trỏ trang không hợp lệ.") from exc


class TokenIn(Schema):
    username: str
    password: str
    device: str = ""
    otp: str | None = None


class TokenOut(Schema):
    id: int
    token: str
    expires: datetime.datetime


class TokenInfo(Schema):
    id: int
    device: str
    created_at: datetime.datetime
    expires: datetime.datetime
    last_used_on: datetime.date | None
    revoked: bool


class OrgOut(Schema):
    id: int
    code: str
    name: str
    type: str
    parent_id: int | None


class MemberSummary(Schema):
    id: int
    code: str
    full_name: str
    birth_date: datetime.date
    gender: str
    cccd: str
    status: str
    org_id: int


class Page[T](Schema):
    items: list[T]
    next: str | None


def _uid(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


def _token_info(t: ApiToken) -> TokenInfo:
    return TokenInfo(
        id=t.pk,
        device=t.device,
        created_at=t.created_at,
        expires=t.expires_at,
        last_used_on=t.last_used_on,
        revoked=t.revoked_at is not None,
    )


@api.post("/auth/token", auth=None, response={200: TokenOut}, tags=["auth"])
def create_token(request: HttpRequest, body: TokenIn) -> TokenOut:
    """Sign in with a username and password (same backends and throttling as the web sign-in)."""
    # Hook: when django-otp lands, staff with a confirmed device must send a valid `otp` here.
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        raise HttpError(401, "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa.")
    token, secret = issue_token(user=user, device=body.device)
    return TokenOut(id=token.pk, token=secret, expires=token.expires_at)


@api.get("/auth/tokens", response=Page[TokenInfo], tags=["auth"])
def list_tokens(request: HttpRequest) -> dict[str, Any]:
    return {
        "items": [_token_info(t) for t in ApiToken.objects.filter(user_id=_uid(request))[:100]],
        "next": None,
    }


@api.delete("/auth/tokens/{token_id}", response={204: None}, tags=["auth"])
def delete_token(request: HttpRequest, token_id: int) -> Status:
    token = ApiToken.objects.filter(pk=token_id, user_id=_uid(request)).first()
    if token is None:
        raise Http404
    revoke_token(token=token, by=request.user)  # type: ignore[arg-type]
    return Status(204, None)


def _own_member(request: HttpRequest) -> Member:
    member_id = getattr(request.user, "member_id", None)
    if not member_id:
        raise Http404
    return Member.objects.select_related("org").get(pk=member_id)


@api.get("/me", response=dict[str, Any], tags=["me"])
def me(request: HttpRequest) -> dict[str, Any]:
    """The signed-in member's own record (the handbook page's summary)."""
    m = _own_member(request)
    return {
        "id": m.pk,
        "code": m.code,
        "full_name": m.full_name,
        "birth_date": m.birth_date.isoformat(),
        "admission_date": m.admission_date.isoformat(),
        "official_date": m.official_date.isoformat() if m.official_date else None,
        "status": m.status,
        "org": {"id": m.org_id, "name": m.org.name},
    }


@api.get("/me/data", response=dict[str, Any], tags=["me"])
def my_data(request: HttpRequest) -> dict[str, Any]:
    """A copy of the member's own data (as /ho-so/du-lieu/)."""
    return member_data(_own_member(request))


@api.get("/members", response=Page[MemberSummary], tags=["members"])
def list_members(request: HttpRequest, q: str = "", cursor: str | None = None) -> dict[str, Any]:
    qs = members_visible_to(request.user).order_by("name_key", "id")
    if q:
        qs = qs.filter(code=q) if q[:1].isdigit() or "." in q else qs.filter(full_name__istartswith=q)
    after = decode_cursor(cursor)
    if after:
        from django.db.models import Q

        qs = qs.filter(Q(name_key__gt=after[0]) | Q(name_key=after[0], id__gt=after[1]))
    rows = list(qs[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    items = [_summary(m) for m in rows]
    return {"items": items, "next": encode_cursor(rows[-1].name_key, rows[-1].pk) if more else None}


@api.get("/members/{member_id}", response=MemberSummary, tags=["members"])
def member_detail(request: HttpRequest, member_id: int) -> MemberSummary:
    m = members_visible_to(request.user).filter(pk=member_id).first()
    if m is None:
        raise Http404
    return _summary(m)


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


@api.get("/orgs/{org_id}/children", response=Page[OrgOut], tags=["orgs"])
def org_children(request: HttpRequest, org_id: int) -> dict[str, Any]:
    org = Org.objects.filter(pk=org_id).first()
    roots = scope_roots(request.user, Cap.VIEW_MEMBERS)
    if org is None or not any(org.path.startswith(r.path) for r in roots):
        raise Http404
    kids = Org.objects.filter(parent=org).order_by("path")[:500]
    return {
        "items": [
            OrgOut(id=o.pk, code=o.code, name=o.name, type=o.type, parent_id=o.parent_id) for o in kids
        ],
        "next": None,
    }


api.add_router("/handbook", feed_router)
