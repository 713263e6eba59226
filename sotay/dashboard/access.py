"""Who sees which node's dashboard: the subtree of a role that may view members (unit staff, branch
committees). Any other node is a 404 (ADR 0002)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sotay.accounts.permissions import Cap, can, scope_roots
from sotay.orgs.models import Org

CAP = Cap.VIEW_MEMBERS


def dashboard_roots(user: Any) -> list[Org]:
    return scope_roots(user, CAP)


def get_node_for_user(user: Any, pk: int) -> Org:
    org = Org.objects.filter(pk=pk).first()
    if org is None or not can(user, CAP, org):
        raise Http404("Không tìm thấy đơn vị.")
    return org


def can_refresh(user: Any, org: Org) -> bool:
    """Recomputing the facts on demand is for the unit's staff (it costs a background job)."""
    return can(user, Cap.EDIT_MEMBERS, org)


def visible_ancestors(user: Any, org: Org) -> list[Org]:
    """The breadcrumb: the node's ancestors that lie inside the user's scope, root first (one query)."""
    roots = dashboard_roots(user)
    return [a for a in org.ancestors() if any(a.path.startswith(r.path) for r in roots)]
