"""Reads of the library that other apps use (the dashboard, meetings): who has read which documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from sotay.library.models import Reading
from sotay.orgs.models import Org


def readers_per_document(*, document_ids: Iterable[int], org: Org) -> dict[int, int]:
    """How many members of `org`'s subtree have opened each document (one query; documents nobody there
    read are absent). For "who has read the documents for this month's meeting"."""
    rows = (
        Reading.objects.filter(
            document_id__in=list(document_ids),
            user__member__org__path__gte=org.path,
            user__member__org__path__lt=org.path_upper_bound,
        )
        .values("document_id")
        .annotate(readers=Count("user_id", distinct=True))
    )
    return {row["document_id"]: row["readers"] for row in rows}


def has_read(*, user_ids: Iterable[int], document_id: int) -> set[int]:
    """Which of `user_ids` have opened the document."""
    return set(
        Reading.objects.filter(document_id=document_id, user_id__in=list(user_ids)).values_list(
            "user_id", flat=True
        )
    )
