"""Fetching member records for a user: anything outside their subtree is a 404."""

from typing import Any

from django.http import Http404, HttpRequest

from sotay.accounts.permissions import Cap, scope_roots
from sotay.members.models import Member, MemberQuerySet
from sotay.orgs.models import subtree_q


def members_visible_to(user: Any, cap: Cap = Cap.VIEW_MEMBERS) -> MemberQuerySet:
    """Members whose branch lies in the user's scope for `cap` (one indexed range per root)."""
    roots = scope_roots(user, cap)
    if not roots:
        return Member.objects.none()
    return Member.objects.filter(subtree_q(roots, field="org__path"))


def get_member_for_user(request: HttpRequest, pk: int, cap: Cap = Cap.VIEW_MEMBERS) -> Member:
    member = (
        members_visible_to(request.user, cap).select_related("org", "in_transit_to").filter(pk=pk).first()
    )
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member


def visible_members(request: HttpRequest, cap: Cap = Cap.VIEW_MEMBERS) -> MemberQuerySet:
    return members_visible_to(request.user, cap)
