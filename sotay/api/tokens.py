"""Tokens: sign in for a token, list and revoke one's own, and (unit staff) those of accounts in the
subtree. Revoking is audited (sotay.api.actions)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status
from ninja.errors import HttpError

from sotay.accounts.permissions import Cap, scope_roots
from sotay.api.actions import issue_token, revoke_token
from sotay.api.models import ApiToken
from sotay.api.pagination import CursorParams, page_by
from sotay.api.problems import problems
from sotay.api.schemas import AccountTokenInfo, Page, TokenIn, TokenInfo, TokenOut

router = Router(tags=["auth"])


def _uid(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


def _info(t: ApiToken) -> dict[str, Any]:
    return {
        "id": t.pk,
        "device": t.device,
        "created_at": t.created_at,
        "expires": t.expires_at,
        "last_used_on": t.last_used_on,
        "revoked": t.revoked_at is not None,
    }


@router.post("/auth/token", auth=None, response={200: TokenOut, **problems(400, 401, 413, 422)})
def create_token(request: HttpRequest, body: TokenIn) -> TokenOut:
    """Sign in with a username and password (same backends and throttling as the web sign-in)."""
    # Hook: when django-otp lands, staff with a confirmed device must send a valid `otp` here.
    user = authenticate(request, username=body.username, password=body.password)
    if user is None:
        raise HttpError(401, "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa.")
    token, secret = issue_token(user=user, device=body.device)
    return TokenOut(id=token.pk, token=secret, expires=token.expires_at)


@router.get("/auth/tokens", response={200: Page[TokenInfo], **problems(400, 401, 422)})
def list_tokens(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """The caller's own tokens, newest first."""
    rows, following = page_by(
        ApiToken.objects.filter(user_id=_uid(request)), field="-id", cursor=params.cursor
    )
    return {"items": [_info(t) for t in rows], "next": following}


@router.delete("/auth/tokens/{token_id}", response={204: None, **problems(401, 404, 422)})
def delete_token(request: HttpRequest, token_id: int) -> Status:
    """Revoke one of the caller's own tokens (signing out a device)."""
    token = ApiToken.objects.filter(pk=token_id, user_id=_uid(request)).first()
    if token is None:
        raise Http404
    revoke_token(token=token, by=request.user)  # type: ignore[arg-type]
    return Status(204, None)


def _staff_tokens(request: HttpRequest) -> Any:
    roots = scope_roots(request.user, Cap.MANAGE_ROLES)
    if not roots:
        raise Http404
    return ApiToken.objects.of_accounts_in(roots).select_related("user")


@router.get("/staff/tokens", response={200: Page[AccountTokenInfo], **problems(400, 401, 404, 422)})
def account_tokens(request: HttpRequest, params: Query[CursorParams]) -> dict[str, Any]:
    """Unit staff: the tokens of the accounts in their subtree, newest first (404 for other roles)."""
    rows, following = page_by(_staff_tokens(request), field="-id", cursor=params.cursor)
    items = [{**_info(t), "user_id": t.user_id, "username": t.user.username} for t in rows]
    return {"items": items, "next": following}


@router.delete("/staff/tokens/{token_id}", response={204: None, **problems(401, 404, 422)})
def revoke_account_token(request: HttpRequest, token_id: int) -> Status:
    """Unit staff: revoke a token of an account in their subtree (a lost phone); 404 outside it."""
    token = _staff_tokens(request).filter(pk=token_id).first()
    if token is None:
        raise Http404
    revoke_token(token=token, by=request.user)  # type: ignore[arg-type]
    return Status(204, None)
