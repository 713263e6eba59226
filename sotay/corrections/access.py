"""Who sees and acts on a correction: the committee of the member's branch forwards (MANAGE_ACCOUNTS),
unit staff of the subtree apply (EDIT_MEMBERS). Outside both: 404. Nobody acts on their own report."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from sotay.accounts.permissions import Cap, can, scope_roots
from sotay.corrections.models import Correction, CorrectionQuerySet, CorrectionState


def committee_queue(user: Any) -> CorrectionQuerySet:
    """Reports waiting for a committee: those of the branches where the user holds MANAGE_ACCOUNTS."""
    return Correction.objects.filter(state=CorrectionState.SUBMITTED).in_subtrees(
        scope_roots(user, Cap.MANAGE_ACCOUNTS)  # type: ignore[arg-type]
    )


def staff_queue(user: Any) -> CorrectionQuerySet:
    """Reports forwarded to unit staff of the user's subtree (EDIT_MEMBERS)."""
    return Correction.objects.filter(state=CorrectionState.FORWARDED).in_subtrees(
        scope_roots(user, Cap.EDIT_MEMBERS)  # type: ignore[arg-type]
    )


def may_see_queues(user: Any) -> bool:
    return bool(scope_roots(user, Cap.MANAGE_ACCOUNTS) or scope_roots(user, Cap.EDIT_MEMBERS))


def get_correction_for_user(user: Any, pk: int) -> Correction:
    correction = Correction.objects.select_related("member__org", "created_by").filter(pk=pk).first()
    if correction is None or not (
        can(user, Cap.MANAGE_ACCOUNTS, correction.member.org)
        or can(user, Cap.EDIT_MEMBERS, correction.member.org)
    ):
        raise Http404("Không tìm thấy yêu cầu báo sai thông tin.")
    return correction


def is_own(user: Any, correction: Correction) -> bool:
    return bool(getattr(user, "member_id", None)) and user.member_id == correction.member_id


def may_forward(user: Any, correction: Correction) -> bool:
    return (
        correction.state == CorrectionState.SUBMITTED
        and not is_own(user, correction)
        and can(user, Cap.MANAGE_ACCOUNTS, correction.member.org)
    )


def may_apply(user: Any, correction: Correction) -> bool:
    return (
        correction.state == CorrectionState.FORWARDED
        and not is_own(user, correction)
        and can(user, Cap.EDIT_MEMBERS, correction.member.org)
    )
