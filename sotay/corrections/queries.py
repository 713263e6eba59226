"""Reads other apps may use: open corrections of a subtree (the campaign's unit page shows them)."""

from __future__ import annotations

from sotay.core.compiled import Compiled
from sotay.corrections.models import Correction
from sotay.orgs.models import Org


def open_corrections(root: Org, *, limit: int = 50) -> list[Correction]:
    """Open reports of members of `root`'s subtree, earliest deadline first (one query)."""
    return list(
        Correction.objects.open()
        .in_subtrees([root])
        .select_related("member__org")
        .order_by("due_at", "pk")[:limit]
    )


def open_correction_count(root: Org) -> int:
    return Correction.objects.open().in_subtrees([root]).count()


# On the member's profile page: compiled once (sotay.core.compiled, issue 12).
_OF_MEMBER = Compiled(
    lambda member: Correction.objects.filter(member_id=member).order_by("-created_at", "-pk")[:50], member=int
)


def corrections_of(member_id: int) -> list[Correction]:
    """A member's own reports, newest first (their "where does it stand" list)."""
    return _OF_MEMBER.rows(member=member_id)
