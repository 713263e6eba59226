"""The editorial board's members ("Ban Biên tập"): unit staff give and take back the editor role within
their subtree (the same rule both ways: `Cap.MANAGE_ROLES` at a node holding the role's node)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.models import Role, RoleAssignment, User
from sotay.accounts.permissions import Cap, scope_roots
from sotay.core.errors import ActionError
from sotay.core.http import flash_errors
from sotay.news import actions
from sotay.news.forms import EditorForm
from sotay.orgs.models import Org, subtree_q


def _roots(request: AuthedHttpRequest) -> list[Org]:
    roots = scope_roots(request.user, Cap.MANAGE_ROLES)
    if not roots:
        raise Http404("Không có quyền giao vai trò.")
    return roots


@login_required
def news_editors(request: AuthedHttpRequest) -> HttpResponse:
    """Unit staff give the editor role within their subtree, and see who holds it there."""
    roots = _roots(request)
    orgs = Org.objects.in_any_subtree(roots).order_by("path")
    form = EditorForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        org = orgs.filter(pk=form.cleaned_data["org"]).first()
        user = User.objects.filter(username=form.cleaned_data["username"].strip(), is_active=True).first()
        if org is None:
            form.add_error("org", "Tổ chức này nằm ngoài phạm vi của đồng chí.")
        elif user is None:
            form.add_error("username", "Không có tài khoản với tên đăng nhập này.")
        else:
            try:
                actions.grant_editor(by=request.user, user=user, org=org)
            except ActionError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, f"Đã giao vai trò biên tập viên tại {org.name} cho {user.username}."
                )
                return redirect("news_editors")
    editors = (
        RoleAssignment.objects.active()
        .filter(subtree_q(roots, field="org__path"), role=Role.EDITOR)
        .select_related("user", "org")
        .order_by("org__path", "user__username")[:200]
    )
    return render(request, "news/editors.html", {"form": form, "editors": editors})


@login_required
@require_POST
def news_editor_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Take back one editor role of the user's subtree; outside it (or not an editor role) is a 404."""
    assignment = (
        RoleAssignment.objects.filter(subtree_q(_roots(request), field="org__path"), pk=pk, role=Role.EDITOR)
        .select_related("user", "org")
        .first()
    )
    if assignment is None:
        raise Http404("Không tìm thấy vai trò biên tập viên.")
    try:
        if actions.revoke_editor(by=request.user, assignment=assignment):
            messages.success(
                request,
                f"Đã thu hồi vai trò biên tập viên tại {assignment.org.name} của {assignment.user.username}.",
            )
    except ActionError as exc:
        flash_errors(request, exc)
    return redirect("news_editors")
