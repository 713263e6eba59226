"""The organisation tree with its member counts (a page of the registry, so here and not in `orgs`, which
knows nothing of members): the user's scope roots, children loaded on demand with htmx."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sotay.accounts.permissions import Cap, orgs_visible_to, scope_roots
from sotay.members.counts import active_by_child, subtree_totals
from sotay.orgs.models import Org


def _with_counts(nodes: list[Org], counts: dict[str, int]) -> list[dict[str, object]]:
    """Each node with the active members under it (`counts`: by the node's path)."""
    # Reversed once, not per row: a city has ~170 children (issue 12, the city's "org children" page).
    children_url = reverse("org_children", args=[0]).replace("/0/", "/{}/")
    list_url = reverse("member_list") + "?org={}"
    return [
        {
            "org": n,
            "members": counts.get(n.path, 0),
            "leaf": n.is_branch,
            "children_url": children_url.format(n.pk),
            "list_url": list_url.format(n.pk),
        }
        for n in nodes
    ]


@login_required
def org_tree(request: HttpRequest) -> HttpResponse:
    roots = scope_roots(request.user, Cap.VIEW_MEMBERS)
    if not roots:
        raise Http404("Không có quyền xem cây tổ chức.")
    # The roots' totals are the home page's (one query, and the same kept sum: sotay.members.counts).
    totals = subtree_totals(roots)
    rows = _with_counts(roots, {root.path: totals[root.pk].active for root in roots})
    return render(request, "members/tree.html", {"rows": rows})


@login_required
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    parent = orgs_visible_to(request.user).filter(pk=pk).first()
    if parent is None:
        raise Http404("Không tìm thấy tổ chức.")
    children = list(parent.children.order_by("valid_to", "path"))
    rows = _with_counts(children, active_by_child(len(parent.path), parent) if children else {})
    return render(request, "members/tree.html#children", {"rows": rows, "parent": parent})
