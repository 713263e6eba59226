"""Who may open the member-facing handbook pages: an account whose member holds the member role.

The role follows the registry (`sotay.accounts.follow`): the sync revokes it with the entitlement
(QĐ 339-QĐ/TW) and moves it with a confirmed transfer. Anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sotay.accounts.models import Role
from sotay.accounts.permissions import assignments
from sotay.members.models import Member
from sotay.members.own import own_record

NO_ACCESS = "Tài khoản này không dùng Sổ tay đảng viên."


def has_handbook(user: Any) -> bool:
    member_id = getattr(user, "member_id", None)
    return bool(member_id) and any(a.role == Role.MEMBER for a in assignments(user))


def own_member(user: Any) -> Member:
    """The signed-in member's own record, with its branch; 404 without handbook access."""
    if not has_handbook(user):
        raise Http404(NO_ACCESS)
    member = own_record(user)
    if member is None or not any(
        a.role == Role.MEMBER and a.org_id == member.org_id for a in assignments(user)
    ):
        raise Http404(NO_ACCESS)
    return member
