"""Who sees a study and who reviews a reflection.

A study opened at N concerns N's subtree: its members (who read it, looking up the tree as the library
does) and the committees and staff in or above it. Drafts are seen only by those who may open a study at
N (`Cap.VIEW_MEMBERS` over N). A reflection is reviewed only by its member's own branch committee
(secretary, deputy, committee member), even when the study was opened higher up. Anyone else: 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from sotay.accounts.models import Role
from sotay.accounts.permissions import Cap, assignments, can, scope_roots
from sotay.library.access import ancestor_paths
from sotay.members.models import Member
from sotay.orgs.models import Org, subtree_q
from sotay.study.models import Reflection, Study, StudyQuerySet, StudyStatus

BRANCH_COMMITTEE_ROLES = frozenset({Role.BRANCH_SECRETARY, Role.BRANCH_DEPUTY, Role.BRANCH_COMMITTEE})


def can_open_study(user: Any, org: Org) -> bool:
    """The branch committee for its branch; unit staff and committees above for their whole subtree."""
    return can(user, Cap.VIEW_MEMBERS, org)


def own_member(user: Any) -> Member | None:
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return None
    return Member.objects.active().select_related("org").filter(pk=member_id).first()


def studies_for_member(member: Member) -> StudyQuerySet:
    """The published studies whose target subtree holds the member's branch."""
    return Study.objects.published().filter(org__path__in=ancestor_paths([member.org]))


def studies_for(user: Any) -> StudyQuerySet:
    """Every study the user sees: as a member (published, above their branch) and as committee/staff
    (in or above their scope; drafts only where they may open one)."""
    q = Q(pk__in=[])
    member = own_member(user)
    if member is not None:
        q |= Q(org__path__in=ancestor_paths([member.org])) & ~Q(status=StudyStatus.DRAFT)
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if roots:
        q |= subtree_q(roots, field="org__path")
        above = set(ancestor_paths(roots)) - {r.path for r in roots}
        if above:
            q |= Q(org__path__in=above) & ~Q(status=StudyStatus.DRAFT)
    return Study.objects.filter(q)


def get_study_for_user(user: Any, pk: int) -> Study:
    study = studies_for(user).select_related("org").filter(pk=pk).first()
    if study is None:
        raise Http404("Không tìm thấy đợt học tập.")
    return study


def reviewed_branches(user: Any) -> list[Org]:
    """The branches whose reflections `user` reviews: where they sit on the branch committee."""
    return [a.org for a in assignments(user) if a.role in BRANCH_COMMITTEE_ROLES]


def can_review(user: Any, reflection: Reflection) -> bool:
    return any(org.pk == reflection.branch_id for org in reviewed_branches(user))
