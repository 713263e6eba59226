"""The organisation tree with its member counts (a page of the registry, so here and not in `orgs`, which
knows nothing of members): the user's scope roots, children loaded on demand with htmx."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sotay.accounts.permissions import Cap, orgs_visible_to, scope_roots
from sotay.members.models import Member
from sotay.orgs.models import SEGMENT_WIDTH, Org


def _with_counts(parent_path_len: int, nodes: list[Org], within: Org | None) -> list[dict[str, object]]:
    """Active members under each node, in one grouped query over the common subtree."""
    if not nodes:
        return []
    prefix_len = parent_path_len + SEGMENT_WIDTH
    members = Member.objects.active()
    members = members.in_subtree(within) if within is not None else members.filter(org__in=[])
    counts = dict(
        members.annotate(prefix=Substr("org__path", 1, prefix_len))
        .values_list("prefix")
        .annotate(n=Count("id"))
        .values_list("prefix", "n")
    )
    return [{"org": n, "members": counts.get(n.path, 0), "leaf": n.is_branch} for n in nodes]


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
