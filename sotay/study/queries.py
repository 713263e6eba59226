"""Reads of a study's progress, reused by pages and the API: counts per branch under a node."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from sotay.core.compiled import Compiled, Counting, count_together
from sotay.library.access import ancestor_paths
from sotay.members.models import Member, MemberQuerySet
from sotay.orgs.models import Org, subtree_q
from sotay.study.access import studies_above
from sotay.study.models import Reflection, ReflectionStatus, Study


@dataclass
class BranchProgress:
    branch_id: int
    target: int = 0
    draft: int = 0
    submitted: int = 0
    completed: int = 0
    returned: int = 0
    late: int = 0

    @property
    def not_started(self) -> int:
        return self.target - self.draft - self.submitted - self.completed - self.returned


def progress_by_branch(study: Study, root: Org) -> dict[int, BranchProgress]:
    """Per branch in the study's subtree and `root`'s: active members, reflections by state, and how
    many were handed in late (two queries)."""
    scope = subtree_q([study.org], field="org__path") & subtree_q([root], field="org__path")
    rows: dict[int, BranchProgress] = {
        r["org"]: BranchProgress(branch_id=r["org"], target=r["n"])
        for r in Member.objects.active().filter(scope).values("org").annotate(n=Count("pk"))
    }
    counts = (
        Reflection.objects.filter(study=study, member__in=Member.objects.active().filter(scope))
        .values("member__org")
        .annotate(
            draft=Count("pk", filter=Q(status=ReflectionStatus.DRAFT)),
            submitted=Count("pk", filter=Q(status=ReflectionStatus.SUBMITTED)),
            completed=Count("pk", filter=Q(status=ReflectionStatus.COMPLETED)),
            returned=Count("pk", filter=Q(status=ReflectionStatus.RETURNED)),
            late=Count("pk", filter=Q(late=True)),
        )
    )
    for c in counts:
        row = rows.setdefault(c["member__org"], BranchProgress(branch_id=c["member__org"]))
        for key in ("draft", "submitted", "completed", "returned", "late"):
            setattr(row, key, c[key])
    return rows


def rolled_up(rows: dict[int, BranchProgress]) -> BranchProgress:
    total = BranchProgress(branch_id=0)
    for row in rows.values():
        for key in ("target", "draft", "submitted", "completed", "returned", "late"):
            setattr(total, key, getattr(total, key) + getattr(row, key))
    return total


# The drill-down lists behind the statistics' columns: slug → (title, filter on the member's reflection).
STATE_LISTS: dict[str, str] = {
    "chua-bat-dau": "Chưa bắt đầu viết",
    "dang-viet": "Đang viết, chưa nộp",
    "da-nop": "Đã nộp, chờ chi bộ xem",
    "tra-lai": "Chi bộ trả lại để sửa",
    "dat": "Bài đạt",
    "nop-muon": "Nộp muộn",
}
_STATUS_OF = {
    "dang-viet": ReflectionStatus.DRAFT,
    "da-nop": ReflectionStatus.SUBMITTED,
    "tra-lai": ReflectionStatus.RETURNED,
    "dat": ReflectionStatus.COMPLETED,
}


def members_in_state(study: Study, node: Org, slug: str) -> MemberQuerySet:
    """The active members of `node`'s subtree (within the study's) on list `slug`, each annotated with
    their reflection's status, late flag and submission time. Raises KeyError for an unknown list."""
    STATE_LISTS[slug]
    mine = Reflection.objects.filter(study=study, member=OuterRef("pk"))
    qs = (
        Member.objects.active()
        .filter(subtree_q([study.org], field="org__path") & subtree_q([node], field="org__path"))
        .annotate(
            reflection_status=Subquery(mine.values("status")[:1]),
            reflection_late=Subquery(mine.values("late")[:1]),
            reflection_submitted_at=Subquery(mine.values("submitted_at")[:1]),
        )
    )
    if slug == "chua-bat-dau":
        return qs.exclude(Exists(mine))
    if slug == "nop-muon":
        return qs.filter(Exists(mine.filter(late=True)))
    return qs.filter(Exists(mine.filter(status=_STATUS_OF[slug])))


STATUS_LABELS = dict(ReflectionStatus.choices)


def _waiting(member: int, paths: list[str]) -> Any:
    done = Reflection.objects.filter(
        study=OuterRef("pk"),
        member=member,
        status__in=[ReflectionStatus.SUBMITTED, ReflectionStatus.COMPLETED],
    )
    return studies_above(paths).open().exclude(Exists(done)).values("pk")


# On the handbook's home: compiled once (sotay.core.compiled, issue 12).
_WAITING = Compiled(_waiting, member=int, paths=(str,))


def open_for_member(member: Member) -> int:
    """How many open studies still wait for the member's reflection (none written, a draft, or
    returned for revision): the handbook home's reminder. One query."""
    return count_together([waiting_counting(member)])[0]


def waiting_counting(member: Member) -> Counting:
    """`open_for_member` not run yet (`core.compiled.count_together`)."""
    return _WAITING.counting(member=member.pk, paths=ancestor_paths([member.org]))
