"""Fetching member records for a user: anything outside their subtree is a 404."""

from django.http import Http404, HttpRequest

from sotay.accounts.permissions import Cap, members_visible_to
from sotay.members.models import Member, MemberQuerySet


def get_member_for_user(request: HttpRequest, pk: int, cap: Cap = Cap.VIEW_MEMBERS) -> Member:
    member = (
        members_visible_to(request.user, cap).select_related("org", "in_transit_to").filter(pk=pk).first()
    )
    if member is None:
        raise Http404("Không tìm thấy đảng viên.")
    return member


def visible_members(request: HttpRequest, cap: Cap = Cap.VIEW_MEMBERS) -> MemberQuerySet:
    return members_visible_to(request.user, cap)
