"""Who may see and prepare a branch's meetings (ADR 0002: a role at node N reaches its subtree; else 404).

- The branch committee (secretary, deputy, committee member) and unit staff or system administrators above
  the branch prepare its meetings: schedule, edit, publish, attendance, votes, minutes.
- A member sees the published meetings of the branch that counts them (`Member.org`: a member in transit
  is still counted, and invited, by the branch they are leaving), if the handbook is for them (probationary
  or official; never an exempted member, domain.md §1.1).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from sotay.accounts.models import Role, RoleAssignment, User
from sotay.accounts.permissions import assignments
from sotay.core.compiled import Compiled
from sotay.meetings.models import Meeting, MeetingQuerySet, Rsvp
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.members.own import own_record
from sotay.orgs.models import BRANCH_TYPES, Org, OrgType

MANAGING_ROLES = frozenset(
    {Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE, Role.UNIT_STAFF, Role.SYSADMIN}
)
STAFF_ROLES = frozenset({Role.UNIT_STAFF, Role.SYSADMIN})
# The roles that make up a node's committee (cấp ủy): at a đảng ủy cơ sở, its executive committee.
COMMITTEE_ROLES = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE})
# Nodes whose committee holds its own meetings (domain.md §4.5; issue 14: "a đảng ủy cơ sở's committee").
COMMITTEE_TYPES = frozenset({OrgType.DANG_BO_CO_SO})
MEETING_ORG_TYPES = BRANCH_TYPES | COMMITTEE_TYPES


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
    member = own_record(user)
    if member is None or member.status not in HANDBOOK_STATUSES:
        return None
    return member


def upcoming_meeting(member: Member) -> Meeting | None:
    """The member's branch's next published meeting that is not over yet."""
    return _upcoming(member).first()


def _upcoming(member: Member) -> MeetingQuerySet:
    return _upcoming_at(member.org_id, timezone.now())


def _upcoming_at(branch: int, now: datetime.datetime) -> MeetingQuerySet:
    return Meeting.objects.of_branch(branch).published().filter(ends_at__gte=now).order_by("starts_at")


def _next_with_answer(branch: int, member: int, now: datetime.datetime) -> MeetingQuerySet:
    answer = Rsvp.objects.filter(meeting=OuterRef("pk"), member=member).values("answer")[:1]
    return _upcoming_at(branch, now).annotate(my_answer=Subquery(answer))[:1]


# The handbook's home shows it: compiled once (sotay.core.compiled, issue 12).
_NEXT = Compiled(_next_with_answer, branch=int, member=int, now=datetime.datetime)


def next_meeting(member: Member) -> tuple[Meeting | None, str]:
    """The upcoming meeting and the member's answer to it ("" if none), in one query."""
    meeting = _NEXT.first(branch=member.org_id, member=member.pk, now=timezone.now())
    if meeting is None:
        return None, ""
    return meeting, meeting.my_answer or ""


def is_branch_member(user: Any, branch: Org) -> bool:
    """Whether the user is invited to the meetings held at `branch`: a member the branch counts, or, at a
    đảng ủy cơ sở, a committee member (a committee role at that node, and a member record)."""
    member = own_member(user)
    if member is None:
        return False
    if branch.type in COMMITTEE_TYPES:
        return any(a.role in COMMITTEE_ROLES and a.org_id == branch.pk for a in assignments(user))
    return member.org_id == branch.pk


def get_branch_for_user(user: Any, pk: int, *, manage: bool = False) -> Org:
    branch = Org.objects.filter(pk=pk, type__in=MEETING_ORG_TYPES).first()
    if branch is None or not (can_manage(user, branch) or (not manage and is_branch_member(user, branch))):
        raise Http404("Không tìm thấy chi bộ.")
    return branch


def meetings_for(user: Any, branch: Org) -> MeetingQuerySet:
    qs = Meeting.objects.of_branch(branch)
    return qs if can_manage(user, branch) else qs.seen_by_members()


# Every meeting page and the QR check-in read it: compiled once (sotay.core.compiled, issue 12).
_MEETING = Compiled(lambda pk: Meeting.objects.select_related("branch", "chair").filter(pk=pk), pk=int)


def meeting_with_branch(pk: int) -> Meeting | None:
    """The meeting with its branch and chair, or None."""
    return _MEETING.first(pk=pk)


def get_meeting_for_user(user: Any, pk: int, *, manage: bool = False) -> Meeting:
    """A meeting the user may see (a branch member: published ones only), or may prepare with `manage`."""
    return check_meeting_access(user, meeting_with_branch(pk), manage=manage)


def check_meeting_access(user: Any, meeting: Meeting | None, *, manage: bool = False) -> Meeting:
    """`meeting` (read with its branch) if the user may see it, or prepare it with `manage`; else 404."""
    if meeting is None:
        raise Http404("Không tìm thấy buổi sinh hoạt.")
    if can_manage(user, meeting.branch):
        return meeting
    if not manage and meeting.seen_by_members and is_branch_member(user, meeting.branch):
        return meeting
    raise Http404("Không tìm thấy buổi sinh hoạt.")


def invitee_users(meeting: Meeting) -> Any:
    """The active accounts a meeting's notifications go to."""
    return User.objects.filter(member__in=invitees(meeting.branch), is_active=True)


def invitees(branch: Org) -> Any:
    """The members a meeting held at `branch` is for: probationary and official members the branch counts;
    at a đảng ủy cơ sở, the members holding a committee role there (not the members of its subtree)."""
    if branch.type in COMMITTEE_TYPES:
        return Member.objects.filter(
            status__in=HANDBOOK_STATUSES,
            pk__in=RoleAssignment.objects.active()
            .filter(org=branch, role__in=COMMITTEE_ROLES, user__member__isnull=False)
            .values("user__member"),
        )
    return Member.objects.filter(org=branch, status__in=HANDBOOK_STATUSES)
