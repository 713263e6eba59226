"""Compliance flags per branch, computed from its meetings (never typed in), domain.md §4.5 and the Hà Nội
and HCMC rules of issue 14:

- next month's regular meeting not scheduled by the 20th;
- documents reaching members less than 2 days before the meeting;
- minutes not finalised within 3 days of the meeting;
- a (complete) month without a regular meeting;
- a (complete) quarter without a thematic meeting.

`flags()` is a pure function over a branch's meeting facts, so the dashboard can aggregate it; `flags_for()`
reads the facts of many branches in one query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F, Max
from django.utils import timezone

from sotay.meetings.models import Meeting, MeetingKind, MeetingState

SCHEDULE_BY_DAY = 20
DOCUMENTS_DAYS_BEFORE = 2
MINUTES_WITHIN_DAYS = 3
LOOKBACK_MONTHS = 3  # complete months checked for a regular meeting
LOOKBACK_QUARTERS = 1


@dataclass(frozen=True)
class MeetingFacts:
    """What the rules need of one meeting (times are aware datetimes)."""

    id: int
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    published: bool
    published_at: datetime.datetime | None
    last_document_at: datetime.datetime | None
    minutes_finalised_at: datetime.datetime | None


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    meeting_id: int | None = None


def _month_start(day: datetime.date, shift: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 + shift
    return datetime.date(index // 12, index % 12 + 1, 1)


def _quarter(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _shifted(moment: datetime.datetime, days: int) -> datetime.datetime:
    """`moment` moved by `days`, held at the calendar's ends: a meeting stored with a date near year 1 or
    9999 (before the actions refused those) must not turn every page that checks its branch into an
    error."""
    try:
        return moment + datetime.timedelta(days=days)
    except OverflowError:
        edge = datetime.datetime.max if days > 0 else datetime.datetime.min
        return edge.replace(tzinfo=moment.tzinfo)


def flags(meetings: Sequence[MeetingFacts], *, now: datetime.datetime) -> list[Flag]:
    """The branch's flags at `now`, oldest concern first.

    >>> flags([], now=datetime.datetime(2026, 1, 25, tzinfo=datetime.UTC))[0].code
    'next_month_unscheduled'
    """
    today = timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
    local = [(m, timezone.localtime(m.starts_at).date()) for m in meetings]
    out: list[Flag] = []
    regular_months = {(d.year, d.month) for m, d in local if m.kind == MeetingKind.REGULAR}
    for back in range(LOOKBACK_MONTHS, 0, -1):
        month = _month_start(today, -back)
        if (month.year, month.month) not in regular_months:
            out.append(
                Flag("month_without_regular", f"Tháng {month:%m/%Y} không có buổi sinh hoạt thường kỳ.")
            )
    thematic_quarters = {_quarter(d) for m, d in local if m.kind == MeetingKind.THEMATIC}
    year, quarter = _quarter(today)
    for back in range(LOOKBACK_QUARTERS, 0, -1):
        index = year * 4 + quarter - 1 - back
        key = (index // 4, index % 4 + 1)
        if key not in thematic_quarters:
            out.append(
                Flag("quarter_without_thematic", f"Quý {key[1]}/{key[0]} không có buổi sinh hoạt chuyên đề.")
            )
    for m, _day in local:
        if m.published and m.last_document_at is not None:
            reached = max(m.last_document_at, m.published_at or m.last_document_at)
            if reached > _shifted(m.starts_at, -DOCUMENTS_DAYS_BEFORE):
                out.append(
                    Flag(
                        "documents_late",
                        f"Tài liệu buổi {timezone.localtime(m.starts_at):%d/%m/%Y} gửi "
                        f"chưa đủ {DOCUMENTS_DAYS_BEFORE} ngày trước buổi sinh hoạt.",
                        m.id,
                    )
                )
        deadline = _shifted(m.ends_at, MINUTES_WITHIN_DAYS)
        finalised = m.minutes_finalised_at
        if m.published and (
            (finalised is None and now > deadline) or (finalised is not None and finalised > deadline)
        ):
            out.append(
                Flag(
                    "minutes_late",
                    f"Biên bản buổi {timezone.localtime(m.starts_at):%d/%m/%Y} không hoàn "
                    f"tất trong {MINUTES_WITHIN_DAYS} ngày.",
                    m.id,
                )
            )
    if today.day > SCHEDULE_BY_DAY:
        following = _month_start(today, 1)
        if (following.year, following.month) not in regular_months:
            out.append(
                Flag(
                    "next_month_unscheduled",
                    f"Chưa lên lịch sinh hoạt thường kỳ tháng {following:%m/%Y} "
                    f"(hạn ngày {SCHEDULE_BY_DAY}).",
                )
            )
    return out


def since(now: datetime.datetime) -> datetime.datetime:
    """The oldest meeting the rules look at: the start of the earliest month or quarter checked."""
    today = timezone.localtime(now).date()
    month = _month_start(today, -max(LOOKBACK_MONTHS, 3 * LOOKBACK_QUARTERS + 2))
    return timezone.make_aware(datetime.datetime.combine(month, datetime.time.min))


def facts_for(branch_ids: Iterable[int], *, now: datetime.datetime) -> dict[int, list[MeetingFacts]]:
    """Every branch's meeting facts since `since(now)`, in one query."""
    ids = list(branch_ids)
    out: dict[int, list[MeetingFacts]] = {pk: [] for pk in ids}
    rows = (
        Meeting.objects.of_branches()
        .not_cancelled()
        .filter(branch_id__in=ids, starts_at__gte=since(now))
        .annotate(
            last_document_at=Max("documents__created_at"), minutes_finalised_at=F("minutes__finalised_at")
        )
        .values_list(
            "id",
            "branch_id",
            "kind",
            "starts_at",
            "ends_at",
            "state",
            "published_at",
            "last_document_at",
            "minutes_finalised_at",
        )
        .order_by("starts_at")
    )
    for pk, branch_id, kind, starts, ends, state, published_at, last_doc, finalised in rows:
        out[branch_id].append(
            MeetingFacts(
                pk, kind, starts, ends, state == MeetingState.PUBLISHED, published_at, last_doc, finalised
            )
        )
    return out


def flags_for(branch_ids: Iterable[int], *, now: datetime.datetime | None = None) -> dict[int, list[Flag]]:
    now = now or timezone.now()
    return {pk: flags(facts, now=now) for pk, facts in facts_for(branch_ids, now=now).items()}
