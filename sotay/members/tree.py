"""The organisation tree with its member counts (a page of the registry, so here and not in `orgs`, which
knows nothing of members): the user's scope roots, children loaded on demand with htmx."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from sotay.accounts.permissions import Cap, orgs_visible_to, scope_roots
from sotay.members.counts import active_by_child
from sotay.orgs.models import SEGMENT_WIDTH, Org


def _with_counts(parent_path_len: int, nodes: list[Org], within: Org | None) -> list[dict[str, object]]:
    """Active members under each node, in one grouped query over the organisations' maintained counts
    (never the member table)."""
    if not nodes:
        return []
    counts = active_by_child(parent_path_len, within) if within is not None else {}
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
    rows = []
    for root in roots:
        rows += _with_counts(len(root.path) - SEGMENT_WIDTH, [root], root)
    return render(request, "members/tree.html", {"rows": rows})


@login_required
def org_children(request: HttpRequest, pk: int) -> HttpResponse:
    parent = orgs_visible_to(request.user).filter(pk=pk).first()
    if parent is None:
        raise Http404("Không tìm thấy tổ chức.")
    children = list(parent.children.order_by("valid_to", "path"))
    rows = _with_counts(len(parent.path), children, parent)
    return render(request, "members/tree.html#children", {"rows": rows, "parent": parent})
