"""What "My record" computes: party age and the next Huy hiệu Đảng milestone (domain.md §4.2, §4.3).

Party age runs from the date in the admission decision (the registry's `admission_date`) once the member
is official, minus any period without party activity. The registry records no such gap yet, so the
figures here say so; the branch checks before proposing a badge.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from sotay.members.models import Member, MemberStatus

# Hướng dẫn 01-HD/TW 2021 §18: 35 years is not a milestone.
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """`day` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def whole_years(start: datetime.date, today: datetime.date) -> int:
    years = today.year - start.year
    return years - 1 if (today.month, today.day) < (start.month, start.day) else years


@dataclass(frozen=True)
class Badge:
    years: int
    on: datetime.date
    # Up to 12 months early (30–65 years) or 24 months (70–90) for a seriously ill member.
    early_months: int


@dataclass(frozen=True)
class PartyAge:
    counted: bool  # False for a probationary member: it is counted once they are official
    years: int
    since: datetime.date
    next_badge: Badge | None


def party_age(member: Member, today: datetime.date) -> PartyAge:
    since = member.admission_date
    counted = member.status != MemberStatus.DU_BI and member.official_date is not None
    years = max(whole_years(since, today), 0) if counted else 0
    badge = None
    for milestone in BADGE_YEARS:
        on = add_years(since, milestone)
        if on >= today:
            badge = Badge(milestone, on, 12 if milestone <= 65 else 24)
            break
    return PartyAge(counted=counted, years=years, since=since, next_badge=badge)
