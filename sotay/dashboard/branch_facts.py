"""The branch figures that are not a sum over members: computed per branch, by kind of input.

Each kind (`GROUPS`) is one or a few grouped queries over its own table, so an incremental refresh
recomputes a kind only for the branches whose inputs *of that kind* changed: a member's edit does not
recompute the meetings' compliance flags, a new code does not recompute the corrections.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Count, Q

from sotay.accounts.models import ActivationCode, Registration, RegistrationState
from sotay.dashboard import meeting_facts
from sotay.handbook.models import Entitlement
from sotay.orgs.models import BRANCH_TYPES, Org

CHUNK = 500
Out = dict[int, dict[str, int]]

# Kind of input → the figures it decides. "documents" needs each branch's `eligible` in `out` first.
GROUPS: dict[str, tuple[str, ...]] = {
    "entitled": ("entitled",),
    "registrations": ("pending_registrations",),
    "codes": ("codes_unused",),
    "corrections": ("corrections_open", "corrections_overdue"),
    "meetings": (
        "held_regular",
        "attendance_marked",
        "attendance_present",
        *meeting_facts.FLAG_FIELDS.values(),
    ),
    "documents": ("documents_due", "documents_opened"),
}


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _filter(field: str, ids: list[int] | None) -> Q:
    return Q() if ids is None else Q(**{f"{field}__in": ids})


def _counts(out: Out, name: str, rows: object) -> None:
    for org_id, n in rows:  # type: ignore[attr-defined]
        out[org_id][name] = n


def add(out: Out, group: str, ids: list[int] | None, now: datetime.datetime) -> None:
    """Set `group`'s figures in `out` for the branches `ids` (None: every branch). Branches without
    any are left untouched (the caller starts from zeros)."""
    if group == "entitled":
        for chunk in [None] if ids is None else _chunks(ids):
            _counts(
                out,
                "entitled",
                Entitlement.objects.filter(_filter("branch_id", chunk), active=True)
                .values_list("branch_id")
                .annotate(n=Count("id"))
                .order_by(),
            )
    elif group == "registrations":
        for chunk in [None] if ids is None else _chunks(ids):
            _counts(
                out,
                "pending_registrations",
                Registration.objects.filter(_filter("branch_id", chunk), state=RegistrationState.PENDING)
                .values_list("branch_id")
                .annotate(n=Count("id"))
                .order_by(),
            )
    elif group == "codes":
        for chunk in [None] if ids is None else _chunks(ids):
            _counts(
                out,
                "codes_unused",
                ActivationCode.objects.filter(
                    _filter("branch_id", chunk),
                    used_at__isnull=True,
                    revoked_at__isnull=True,
                    expires_at__gt=now,
                )
                .values_list("branch_id")
                .annotate(n=Count("id"))
                .order_by(),
            )
    elif group == "corrections":
        for chunk in [None] if ids is None else _chunks(ids):
            meeting_facts.add_corrections(out, chunk, now)
    else:
        branch_ids = (
            sorted(Org.objects.filter(type__in=BRANCH_TYPES).values_list("pk", flat=True))
            if ids is None
            else ids
        )
        for chunk in _chunks(branch_ids):
            if group == "meetings":
                meeting_facts.add_meetings(out, chunk, now)
            else:
                meeting_facts.add_documents_read(out, chunk, now)
