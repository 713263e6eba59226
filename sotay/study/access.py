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
from sotay.orgs.models import SEGMENT_WIDTH, Org, subtree_q
from sotay.study.models import (
    Reflection,
    ReflectionQuerySet,
    ReflectionStatus,
    Study,
    StudyQuerySet,
    StudyStatus,
)

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
    return studies_above(ancestor_paths([member.org]))


def studies_above(paths: list[str]) -> StudyQuerySet:
    """The published studies targeting one of these nodes (a branch's ancestor paths)."""
    return Study.objects.published().filter(org__path__in=paths)


def studies_for(user: Any) -> StudyQuerySet:
    """Every study the user sees: as a member (published, above their branch) and as committee/staff
    (in or above their scope; drafts only where they may open one)."""
    q = _committee_q(user)
    member = own_member(user)
    if member is not None:
        q |= Q(org__path__in=ancestor_paths([member.org])) & ~Q(status=StudyStatus.DRAFT)
    return Study.objects.filter(q)


def _committee_q(user: Any) -> Q:
    q = Q(pk__in=[])
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if roots:
        q |= subtree_q(roots, field="org__path")
        above = set(ancestor_paths(roots)) - {r.path for r in roots}
        if above:
            q |= Q(org__path__in=above) & ~Q(status=StudyStatus.DRAFT)
    return q


def committee_studies(user: Any) -> StudyQuerySet:
    """What a committee or unit staff follows: studies in their scope (drafts too) and the published
    ones above it that concern their members."""
    return Study.objects.filter(_committee_q(user))


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


def managed_studies(user: Any) -> StudyQuerySet:
    """The studies the user opens and manages: those targeted in their scope (drafts included)."""
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if not roots:
        return Study.objects.none()
    return Study.objects.filter(subtree_q(roots, field="org__path"))


# A choice list of hundreds of organisations helps nobody: a scope and the levels just below it.
_TARGET_DEPTH = 2


def target_orgs(user: Any) -> list[Org]:
    """Where the user may open a study: each of their scopes and the organisations up to two levels
    below it, in tree order."""
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if not roots:
        return []
    deepest = max(len(r.path) for r in roots) + _TARGET_DEPTH * SEGMENT_WIDTH
    orgs = Org.objects.filter(subtree_q(roots, field="path")).order_by("path")
    return [o for o in orgs.only("pk", "name", "path", "type") if len(o.path) <= deepest]


def stats_node(user: Any, study: Study, org_pk: int | None) -> Org:
    """The node whose statistics the user reads: in the study's subtree and in the user's scope (by
    default the study's own target, or the user's scope inside it). Anything else: 404."""
    if org_pk is None:
        if can(user, Cap.VIEW_MEMBERS, study.org):
            return study.org
        inside = [r for r in scope_roots(user, Cap.VIEW_MEMBERS) if r.path.startswith(study.org.path)]
        if not inside:
            raise Http404("Không tìm thấy đợt học tập.")
        return inside[0]
    node = Org.objects.filter(pk=org_pk, path__startswith=study.org.path).first()
    if node is None or not can(user, Cap.VIEW_MEMBERS, node):
        raise Http404("Không tìm thấy đơn vị.")
    return node


def reviewable_reflections(user: Any) -> ReflectionQuerySet:
    branches = reviewed_branches(user)
    if not branches:
        return Reflection.objects.none()
    return Reflection.objects.filter(branch__in=branches)


def get_reflection_for_reviewer(user: Any, pk: int) -> Reflection:
    """A handed-in reflection of a branch the user reviews (a draft is the member's own business)."""
    reflection = (
        reviewable_reflections(user)
        .handed_in()
        .select_related("study", "study__org", "member", "branch", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if reflection is None:
        raise Http404("Không tìm thấy bài thu hoạch.")
    return reflection


def get_reflection_with_file(user: Any, pk: int) -> Reflection:
    """The attached file's reflection, for its member or (once handed in) their branch committee."""
    q = Q(pk__in=[])
    member_id = getattr(user, "member_id", None)
    if member_id:
        q |= Q(member_id=member_id)
    branches = reviewed_branches(user)
    if branches:
        q |= Q(branch__in=branches) & ~Q(status=ReflectionStatus.DRAFT)
    reflection = Reflection.objects.filter(q).filter(pk=pk).first()
    if reflection is None or not reflection.file:
        raise Http404("Không tìm thấy tệp.")
    return reflection
