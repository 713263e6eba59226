"""Who sees a question: its asker; the committee it was sent to and the committees and staff above it
(`Cap.VIEW_MEMBERS` over the question's organisation). A published answer: everyone who reads that
organisation's documents (its subtree, as the library). Anyone else: 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from sotay.accounts.permissions import Cap, can, scope_roots
from sotay.library.access import ancestor_paths, reader_orgs
from sotay.orgs.models import BRANCH_TYPES, GRASSROOTS_TYPES, Org, OrgType, subtree_q
from sotay.questions.models import Question, QuestionQuerySet

# The committees a member may write to: their branch's, its grassroots unit's and the ward's (or
# commune's); never the province or the centre.
_ADDRESSABLE = (
    BRANCH_TYPES
    | GRASSROOTS_TYPES
    | {
        OrgType.DANG_BO_XA,
        OrgType.DANG_BO_PHUONG,
        OrgType.DAC_KHU,
        OrgType.DANG_BO_BO_PHAN,
        OrgType.DANG_BO_CO_QUAN,
    }
)


def answerable_by(user: Any) -> QuestionQuerySet:
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if not roots:
        return Question.objects.none()
    return Question.objects.filter(subtree_q(roots, field="org__path"))


def can_answer(user: Any, question: Question) -> bool:
    return can(user, Cap.VIEW_MEMBERS, question.org)


def get_question_for_user(user: Any, pk: int) -> Question:
    """The asker's own question, or one the user's committee answers."""
    q = Q(asker=user)
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if roots:
        q |= subtree_q(roots, field="org__path")
    question = Question.objects.filter(q).select_related("org", "asker", "answered_by").filter(pk=pk).first()
    if question is None:
        raise Http404("Không tìm thấy câu hỏi.")
    return question


def published_for(user: Any) -> QuestionQuerySet:
    paths = ancestor_paths(reader_orgs(user))
    q = Q(org__path__in=paths) if paths else Q()
    roots = scope_roots(user, Cap.VIEW_MEMBERS)
    if roots:
        q |= subtree_q(roots, field="org__path")
    if not q:
        return Question.objects.none()
    return Question.objects.published().filter(q)


def committees_for(user: Any) -> list[Org]:
    """Where a member may send a question: their branch and the committees above it up to the ward."""
    member_id = getattr(user, "member_id", None)
    if not member_id:
        return []
    branch = Org.objects.filter(members__pk=member_id).first()
    if branch is None:
        return []
    chain = [*branch.ancestors(), branch]
    return [o for o in reversed(chain) if o.type in _ADDRESSABLE]
