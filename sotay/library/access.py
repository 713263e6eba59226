"""Who reads and who manages a document.

Reading looks *up* the tree: a document issued at N is read by everyone whose organisation is N or lies
under it, so a person reads what was issued at their organisations and at their ancestors. Managing looks
*down*, as every staff permission does (ADR 0002): `Cap.EDIT_CONTENT` at N (editors, unit staff) publishes,
edits, supersedes and withdraws documents issued in N's subtree, and reads them (withdrawn ones too).
A withdrawn document is read by nobody else. Anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from sotay.accounts.permissions import Cap, assignments, can, scope_roots
from sotay.library.models import Document, DocumentQuerySet
from sotay.orgs.models import Org, path_prefixes, subtree_q


def reader_orgs(user: Any) -> list[Org]:
    """The organisations a person belongs to: where they hold a role, and their own branch."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[Org] | None = getattr(user, "_sotay_reader_orgs", None)
    if cached is None:
        cached = [a.org for a in assignments(user)]
        member_id = getattr(user, "member_id", None)
        if member_id and not any(a.role == "member" for a in assignments(user)):
            cached.extend(Org.objects.filter(members__pk=member_id))
        user._sotay_reader_orgs = cached
    return cached


def ancestor_paths(orgs: list[Org]) -> list[str]:
    """Every node from the root down to each of `orgs`: the prefixes of their paths (no query)."""
    paths: set[str] = set()
    for org in orgs:
        paths.update(path_prefixes(org.path))
    return sorted(paths)


def documents_visible_to(user: Any) -> DocumentQuerySet:
    """What `user` reads (issued above or at their organisations, not withdrawn) and what they manage
    (below, withdrawn documents included: kept for the record)."""
    q = Q()
    paths = ancestor_paths(reader_orgs(user))
    if paths:
        q |= Q(issued_at__path__in=paths, withdrawn_at__isnull=True)
    managed = scope_roots(user, Cap.EDIT_CONTENT)
    if managed:
        q |= subtree_q(managed, field="issued_at__path")
    if not q:
        return Document.objects.none()
    return Document.objects.filter(q)


def documents_managed_by(user: Any) -> DocumentQuerySet:
    roots = scope_roots(user, Cap.EDIT_CONTENT)
    if not roots:
        return Document.objects.none()
    return Document.objects.filter(subtree_q(roots, field="issued_at__path"))


def get_document_for_user(user: Any, pk: int) -> Document:
    doc = (
        documents_visible_to(user)
        .select_related("issued_at", "superseded_by", "created_by")
        .filter(pk=pk)
        .first()
    )
    if doc is None:
        raise Http404("Không tìm thấy văn bản.")
    return doc


def can_manage(user: Any, doc: Document) -> bool:
    return can(user, Cap.EDIT_CONTENT, doc.issued_at)


def publishing_orgs(user: Any) -> Any:
    """The nodes where `user` may issue documents: their content scope, root first."""
    roots = scope_roots(user, Cap.EDIT_CONTENT)
    return Org.objects.in_any_subtree(roots).order_by("path")
