"""Who may see and prepare a branch's meetings (ADR 0002: a role at node N reaches its subtree; else 404).

- The branch committee (secretary, deputy, committee member) and unit staff or system administrators above
  the branch prepare its meetings: schedule, edit, publish, attendance, votes, minutes.
- A member sees the published meetings of the branch that counts them (`Member.org`: a member in transit
  is still counted, and invited, by the branch they are leaving), if the handbook is for them (probationary
  or official; never an exempted member, domain.md §1.1).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sotay.accounts.models import Role
from sotay.accounts.permissions import assignments
from sotay.meetings.models import Meeting, MeetingQuerySet
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.orgs.models import BRANCH_TYPES, Org

MANAGING_ROLES = frozenset(
    {Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE, Role.UNIT_STAFF, Role.SYSADMIN}
)
STAFF_ROLES = frozenset({Role.UNIT_STAFF, Role.SYSADMIN})


def manage_roots(user: Any) -> list[Org]:
    """The nodes whose subtrees' meetings the user prepares."""
    return [a.org for a in assignments(user) if a.role in MANAGING_ROLES]


def staff_roots(user: Any) -> list[Org]:
    """Unit staff's nodes: they see every branch of their subtree (the compliance overview)."""
    return [a.org for a in assignments(user) if a.role in STAFF_ROLES]


def can_manage(user: Any, branch: Org) -> bool:
    return any(branch.path.startswith(root.path) for root in manage_roots(user))


def own_member(user: Any) -> Member | None:
    """The user's member record if the handbook (and so the branch's meetings) is for them."""
    member: Member | None = getattr(user, "member", None) if getattr(user, "member_id", None) else None
    if member is None or member.status not in HANDBOOK_STATUSES:
        return None
    return member


def is_branch_member(user: Any, branch: Org) -> bool:
    member = own_member(user)
    return member is not None and member.org_id == branch.pk


def get_branch_for_user(user: Any, pk: int, *, manage: bool = False) -> Org:
    branch = Org.objects.filter(pk=pk, type__in=BRANCH_TYPES).first()
    if branch is None or not (can_manage(user, branch) or (not manage and is_branch_member(user, branch))):
        raise Http404("Không tìm thấy chi bộ.")
    return branch


def meetings_for(user: Any, branch: Org) -> MeetingQuerySet:
    qs = Meeting.objects.of_branch(branch)
    return qs if can_manage(user, branch) else qs.seen_by_members()


def get_meeting_for_user(user: Any, pk: int, *, manage: bool = False) -> Meeting:
    """A meeting the user may see (a branch member: published ones only), or may prepare with `manage`."""
    meeting = Meeting.objects.select_related("branch", "chair").filter(pk=pk).first()
    if meeting is None:
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    if can_manage(user, meeting.branch):
        return meeting
    if not manage and meeting.seen_by_members and is_branch_member(user, meeting.branch):
        return meeting
    raise Http404("Không tìm thấy buổi sinh hoạt.")


def invitee_users(meeting: Meeting) -> Any:
    """The active accounts a meeting's notifications go to."""
    from sotay.accounts.models import User

    return User.objects.filter(member__in=invitees(meeting.branch), is_active=True)


def invitees(branch: Org) -> Any:
    """The members a meeting of `branch` is for: probationary and official members the branch counts."""
    return Member.objects.filter(org=branch, status__in=HANDBOOK_STATUSES)
