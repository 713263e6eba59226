"""The one permission layer: a role held at node N grants its capabilities on N's subtree, never more.

Every view and command asks here. Lookups outside the caller's scope raise Http404 (not 403), so a
user of a sibling unit cannot even learn that a record exists.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from sotay.accounts.models import Role, RoleAssignment
from sotay.core.carried import carried_rows, instances
from sotay.core.compiled import Compiled
from sotay.dbrouter import reporting
from sotay.orgs.models import SEGMENT_WIDTH, Org


class Cap(StrEnum):
    VIEW_MEMBERS = "view_members"
    EDIT_MEMBERS = "edit_members"
    VIEW_AUDIT = "view_audit"
    MANAGE_ORGS = "manage_orgs"
    MANAGE_ROLES = "manage_roles"
    EDIT_CONTENT = "edit_content"
    ADMIN_SITE = "admin_site"
    # Approve members' registrations, issue activation codes (the branch committee and unit staff).
    MANAGE_ACCOUNTS = "manage_accounts"


_COMMITTEE = frozenset({Cap.VIEW_MEMBERS, Cap.MANAGE_ACCOUNTS})
ROLE_CAPS: dict[str, frozenset[Cap]] = {
    # A member sees their own record (handled separately), not others' records.
    Role.MEMBER: frozenset(),
    Role.BRANCH_SECRETARY: _COMMITTEE,
    Role.BRANCH_DEPUTY: _COMMITTEE,
    Role.BRANCH_COMMITTEE: _COMMITTEE,
    Role.UNIT_STAFF: frozenset(
        {
            Cap.VIEW_MEMBERS,
            Cap.EDIT_MEMBERS,
            Cap.VIEW_AUDIT,
            Cap.MANAGE_ORGS,
            Cap.MANAGE_ROLES,
            Cap.MANAGE_ACCOUNTS,
            # Unit staff publish their unit's documents in the library, as editors do.
            Cap.EDIT_CONTENT,
        }
    ),
    Role.EDITOR: frozenset({Cap.EDIT_CONTENT}),
    Role.SYSADMIN: frozenset(Cap),
}


def report_view(view: Callable[..., Any]) -> Callable[..., Any]:
    """A read-only report (a dashboard, a progress page, an export): its reads go to the read replica
    when one is configured (`sotay.dbrouter.reporting`). The user's roles are read from the primary
    first, so a role revoked a moment ago is refused at once even if the replica lags."""

    @functools.wraps(view)
    def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
        assignments(request.user)
        with reporting():
            return view(request, *args, **kwargs)

    # The view's annotations resolved in its own module: django-ninja reads an endpoint's parameters
    # from its signature and would look string annotations up in this module's globals.
    wrapped.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    return wrapped


# Read on nearly every page: compiled once (sotay.core.compiled, issue 12).
_ACTIVE_ROLES = Compiled(
    lambda user: RoleAssignment.objects.active().filter(user_id=user).select_related("org"), user=int
)


def carried_roles() -> Subquery:
    """The account's active role assignments with their organisations, as one column of the account's
    own row (`sotay.core.carried`): `accounts.backends` reads them with the account, so that a page
    does not ask for them on their own (issue 12)."""
    active = RoleAssignment.objects.active().filter(user_id=OuterRef("pk"))
    return carried_rows(active, by="user_id", related=["org"])


def keep_carried_roles(user: Any, text: str | None) -> None:
    """Keep the assignments `carried_roles` brought as the user's for the request (`assignments`)."""
    user._sotay_roles = instances(RoleAssignment, text, related={"org": Org})


def assignments(user: Any) -> list[RoleAssignment]:
    """The user's active role assignments, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached: list[RoleAssignment] | None = getattr(user, "_sotay_roles", None)
    if cached is None:
        cached = _ACTIVE_ROLES.rows(user=user.pk)
        user._sotay_roles = cached
    return cached


def roles_of(user: Any) -> set[str]:
    return {a.role for a in assignments(user)}


def scope_roots(user: Any, cap: Cap) -> list[Org]:
    """The nodes at whose subtrees the user holds `cap`, with nested ones dropped."""
    roots = sorted(
        {a.org.path: a.org for a in assignments(user) if cap in ROLE_CAPS[a.role]}.values(),
        key=lambda o: o.path,
    )
    kept: list[Org] = []
    for org in roots:
        if not any(org.path.startswith(k.path) for k in kept):
            kept.append(org)
    return kept


def can(user: Any, cap: Cap, org: Org) -> bool:
    return any(org.path.startswith(root.path) for root in scope_roots(user, cap))


def can_use_admin_site(user: Any) -> bool:
    """The Django admin reaches every row of every unit, so only a role held at a root of the tree
    (the whole of it) opens it; a system administrator of a ward administers their subtree in the app
    (docs/adr/0007)."""
    return bool(getattr(user, "is_active", False)) and any(
        Cap.ADMIN_SITE in ROLE_CAPS[a.role] and a.org.parent_id is None for a in assignments(user)
    )


def has_cap_anywhere(user: Any, cap: Cap) -> bool:
    return bool(scope_roots(user, cap))


def orgs_visible_to(user: Any, cap: Cap = Cap.VIEW_MEMBERS) -> QuerySet[Org]:
    return Org.objects.in_any_subtree(scope_roots(user, cap))


def home_org(user: Any, cap: Cap | None = None) -> Org | None:
    """Where the user's acts belong in the audit log when they touch no record (sign-in, a search):
    the org of their role (holding `cap`, when given), or the nearest common ancestor of several.

    The unit's staff then see their people's sign-ins and searches; other units do not.
    """
    orgs = scope_roots(user, cap) if cap else [a.org for a in assignments(user)]
    paths = {o.path for o in orgs}
    if not paths:
        return None
    if len(paths) == 1:
        return orgs[0]
    # Paths are fixed-width segments: the common ancestor is the longest run of equal segments.
    segments = [[p[i : i + SEGMENT_WIDTH] for i in range(0, len(p), SEGMENT_WIDTH)] for p in paths]
    common = ""
    for column in zip(*segments, strict=False):
        if len(set(column)) != 1:
            break
        common += column[0]
    return Org.objects.filter(path=common).first() if common else None


def member_q_for_self(user: Any) -> Q:
    member_id = getattr(user, "member_id", None)
    return Q(pk=member_id) if member_id else Q(pk__in=[])
