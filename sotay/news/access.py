"""Who reads, writes and approves a news item.

Reading looks *up* the tree, as the library does: an item targeting N is read by everyone whose
organisation is N or lies under it. Writing looks *down*: `Cap.EDIT_CONTENT` at N (editors and unit
staff) writes items for N's subtree. Approving is the editorial board's: an **editor** role held at a
node whose subtree holds the target, and never on one's own item. Anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from sotay.accounts.models import Role
from sotay.accounts.permissions import Cap, assignments, can, scope_roots
from sotay.library.access import ancestor_paths, reader_orgs
from sotay.news.models import NewsItem, NewsItemQuerySet
from sotay.orgs.models import Org, subtree_q

OWN_ITEM = "Không ai tự duyệt tin của mình: một biên tập viên khác trong phạm vi sẽ duyệt tin này."


def approver_roots(user: Any) -> list[Org]:
    """The nodes where `user` holds the editor role (the editorial board), nested ones dropped."""
    roots = sorted({a.org.path: a.org for a in assignments(user) if a.role == Role.EDITOR}.values(), key=str)
    kept: list[Org] = []
    for org in sorted(roots, key=lambda o: o.path):
        if not any(org.path.startswith(k.path) for k in kept):
            kept.append(org)
    return kept


def can_write(user: Any, org: Org) -> bool:
    return can(user, Cap.EDIT_CONTENT, org)


def can_approve_at(user: Any, org: Org) -> bool:
    return any(org.path.startswith(root.path) for root in approver_roots(user))


def managed_by(user: Any) -> NewsItemQuerySet:
    """Items whose target lies in the user's writing or approving scope (the editorial desk)."""
    roots = scope_roots(user, Cap.EDIT_CONTENT) + approver_roots(user)
    if not roots:
        return NewsItem.objects.none()
    return NewsItem.objects.filter(subtree_q(roots, field="target__path"))


def readable_q(user: Any) -> Q | None:
    """Published items whose target holds one of the user's organisations (their branch up to the centre)."""
    paths = readable_paths(user)
    return Q(target__path__in=paths) if paths else None


def readable_paths(user: Any) -> list[str]:
    """The paths of the nodes whose items the user reads: their organisations and every node above."""
    return ancestor_paths(reader_orgs(user))


def get_item_for_user(user: Any, pk: int) -> NewsItem:
    """A published item the user reads, or any item of their editorial scope; else 404."""
    q = Q(pk__in=managed_by(user).values("pk"))
    readable = readable_q(user)
    if readable is not None:
        q |= readable & Q(status="published")
    item = NewsItem.objects.filter(q, pk=pk).select_related("target", "created_by", "approved_by").first()
    if item is None:
        raise Http404("Không tìm thấy tin.")
    return item


def may_manage(user: Any, item: NewsItem) -> bool:
    return can_write(user, item.target) or can_approve_at(user, item.target)


def writing_orgs(user: Any) -> Any:
    """The nodes `user` may write news for: their content scope, root first."""
    return Org.objects.in_any_subtree(scope_roots(user, Cap.EDIT_CONTENT)).order_by("path")
