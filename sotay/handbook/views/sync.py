"""Handbook sync pages: health per scope with a "sync now" button (unit staff), and the change feed (JSON)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, can, scope_roots
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.core.http import flash_errors, same_site_path
from sotay.handbook.sync.actions import request_sync
from sotay.handbook.sync.consumers import consumer_for_token, read_changes
from sotay.handbook.sync.feed import DEFAULT_LIMIT, MAX_CURSOR, MAX_LIMIT
from sotay.handbook.sync.health import sync_health
from sotay.orgs.models import Org


def _get_org_for_sync(request: AuthedHttpRequest, pk: int) -> Org:
    org = Org.objects.filter(pk=pk).first()
    if org is None or not can(request.user, Cap.EDIT_MEMBERS, org):
        raise Http404("Không tìm thấy tổ chức.")
    return org


@login_required
@require_GET
def handbook_health(request: AuthedHttpRequest) -> HttpResponse:
    roots = scope_roots(request.user, Cap.EDIT_MEMBERS)
    if not roots:
        raise Http404("Không có quyền xem tình trạng đồng bộ Sổ tay.")
    # Reads every member of each scope (the comparison needs their payloads): seconds on a large đảng bộ.
    healths = [sync_health(root) for root in roots]
    # The page lists rejected members by name: a read of personal data.
    record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="handbook_health",
        org=roots[0],
        summary=f"Xem tình trạng đồng bộ Sổ tay ({', '.join(r.code for r in roots)})",
    )
    return render(request, "handbook/health.html", {"healths": healths})


@login_required
@require_POST
def handbook_sync(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    org = _get_org_for_sync(request, pk)
    back = same_site_path(request, request.POST.get("next"), default="")
    try:
        run = request_sync(root=org, by=request.user)
    except ActionError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            f"Đã đồng bộ {org.name}: cấp mới {run.granted}, cập nhật {run.updated}, thu hồi {run.revoked}, "
            f"không đổi {run.unchanged}, không đồng bộ được {run.rejected}.",
        )
    return redirect(back or "handbook_health")


def _int_param(request: HttpRequest, name: str, default: int) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    # isascii: str.isdigit() also accepts digits such as "²" that int() refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if value <= MAX_CURSOR else None


@require_GET
def handbook_changes(request: HttpRequest) -> HttpResponse:
    """`?sau=<cursor>&gioi-han=<n>` → {"changes": [...], "next": cursor}, within the consumer's subtree.

    Served only to a consumer account (`Authorization: Bearer <token>`; `sotay feed_consumer`), never to a
    person's session: the feed is every member's record in bulk. Payloads carry the fields granted.
    """
    auth = request.headers.get("Authorization", "")
    consumer = (
        consumer_for_token(auth.removeprefix("Bearer ").strip()) if auth.startswith("Bearer ") else None
    )
    if consumer is None:
        response = JsonResponse(
            {
                "error": "Cần mã truy cập của một hệ thống được cấp quyền đọc thay đổi "
                "(Authorization: Bearer …)."
            },
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="so-tay"'
        return response
    after = _int_param(request, "sau", 0)
    limit = _int_param(request, "gioi-han", DEFAULT_LIMIT)
    if after is None or limit is None or limit < 1:
        return JsonResponse(
            {"error": "Tham số «sau» và «gioi-han» phải là số nguyên không âm; «gioi-han» từ 1."}, status=400
        )
    changes, following = read_changes(consumer=consumer, after=after, limit=min(limit, MAX_LIMIT), via="web")
    return JsonResponse({"changes": changes, "next": following}, json_dumps_params={"ensure_ascii": False})
