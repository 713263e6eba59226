"""The audit log, for unit staff: events on objects of their subtree only."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sotay.accounts.permissions import Cap, scope_roots
from sotay.audit.models import AuditAction, AuditEvent
from sotay.orgs.models import subtree_q


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    roots = scope_roots(request.user, Cap.VIEW_AUDIT)
    if not roots:
        raise Http404("Không có quyền xem nhật ký.")
    events = AuditEvent.objects.filter(subtree_q(roots, field="org_path"))
    action = request.GET.get("action", "")
    if action in AuditAction.values:
        events = events.filter(action=action)
    if object_id := request.GET.get("member", "").strip():
        events = events.filter(object_type="member", object_id=object_id)
    page = Paginator(events.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    # The pager keeps every filter (the member filter was lost on the next page before).
    query = urlencode({k: v for k, v in (("action", action), ("member", object_id)) if v})
    context = {"page": page, "actions": AuditAction.choices, "action": action, "query": query}
    return render(request, "audit/log.html", context)
