"""Keyset pagination for long member lists: first / next / previous and "jump to a letter".

A page is the rows after (or before) a cursor in the list's order (`name_key`, `id`), read from the
index on the name key: page 5000 costs what page 1 costs, where OFFSET would read the 250,000 rows
before it. Counts are exact up to `COUNT_BOUND` and "hơn 10.000" beyond (ADR 0009).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from sotay.core.http import int_param
from sotay.members.models import Member, MemberQuerySet

COUNT_BOUND = 10_000
# The Vietnamese alphabet as folded names start (no f, j, w, z; đ folds to d).
LETTERS = tuple("abcdeghiklmnopqrstuvxy")


def encode(member: Member) -> str:
    return f"{member.name_key}:{member.pk}"


def decode(cursor: str) -> tuple[str, int] | None:
    """`name_key:id` → its parts; None for anything else (a hand-edited URL shows the first page)."""
    key, sep, pk = cursor[:200].rpartition(":")
    number = int_param(pk)
    return (key, number) if sep and number is not None else None


def prefix_range(prefix: str) -> Q:
    """Name keys starting with `prefix`, as a range (`>= p AND < p'`) that the B-tree index serves.

    LIKE 'p%' uses the index only under the C collation on PostgreSQL and never on SQLite (its LIKE
    ignores case); the range does on both, since folded keys compare by code point there (ADR 0009).
    """
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return Q(name_key__gte=prefix, name_key__lt=upper)


@dataclass
class KeysetPage:
    rows: list[Member]
    has_next: bool
    has_previous: bool
    count: int | None = None  # None: not counted (an htmx page turn)
    letter: str = ""
    next_cursor: str = field(default="")
    previous_cursor: str = field(default="")
    # A ranked search (sotay.members.search): rows best first, at most its cap; `more` when others match.
    ranked: bool = False
    more: bool = False
    # Where the count stopped reading: COUNT_BOUND (0), or the search's cap for a name prefix.
    bound: int = 0

    @property
    def count_is_bounded(self) -> bool:
        return self.count is not None and self.count > (self.bound or COUNT_BOUND)

    @property
    def bound_text(self) -> str:
        """`10.000`: the bound as Vietnamese write numbers."""
        return f"{self.bound or COUNT_BOUND:,}".replace(",", ".")


def page_of(
    qs: MemberQuerySet, *, after: str = "", before: str = "", letter: str = "", size: int
) -> KeysetPage:
    """One page of `qs` (ordered by name key, id) after or before a cursor, or from a letter.

    One query: `size + 1` rows tell whether another page follows.
    """
    qs = qs.order_by("name_key", "id")
    backwards = False
    start = decode(after) if after else None
    end = decode(before) if before and not start else None
    letter = letter if letter in LETTERS else ""
    if start:
        key, pk = start
        qs = qs.filter(Q(name_key__gt=key) | Q(name_key=key, id__gt=pk))
    elif end:
        key, pk = end
        qs = qs.filter(Q(name_key__lt=key) | Q(name_key=key, id__lt=pk)).order_by("-name_key", "-id")
        backwards = True
    elif letter:
        qs = qs.filter(name_key__gte=letter)
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    page = KeysetPage(
        rows=rows,
        has_next=True if backwards else more,
        has_previous=more if backwards else bool(start or letter),
        letter=letter,
    )
    if rows:
        page.next_cursor = encode(rows[-1])
        page.previous_cursor = encode(rows[0])
    return page


def bounded_count(qs: MemberQuerySet) -> int:
    """Exact up to COUNT_BOUND; COUNT_BOUND + 1 means "more" (the count stops reading there)."""
    return qs.order_by()[: COUNT_BOUND + 1].count()
