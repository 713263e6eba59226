"""The member list's search by words anywhere in the name, in any order, ranked (issue 12 item 3).

`van hung` or a middle name finds members through an index on both databases: the folded name's words
(`name_key`) in an FTS5 table on SQLite and a GIN index on `to_tsvector('simple', name_key)` on
PostgreSQL (migration 0006; the library's tool, docs/adr/0011). Every folded word must be a word of the
name, the last one as a prefix (for typing). At most `CAP` matches are read, in no order (an index
look-up, never a sort of millions); Python ranks them as the library does: the words typed *with*
diacritics found exactly as typed first (`Hưng` above `Hùng`), then names that start with the words, then
names with the words in the order typed, then by name. More than `CAP` matches: the page says so and asks
for more words (ADR 0009).

On PostgreSQL a word as common as "van" or "hung" has a GIN posting list of 100,000s of rows nationally,
and the bitmap of every match is built before the subtree is applied (0.1–1 s at 5.6 M members, however
small the subtree). So the planner's estimate of the national matches (`EXPLAIN` of the words condition,
from the index's statistics of common words: no row is read) picks the path: up to `COMMON` matches the
words index; more, and the subtree's own rows are read organisation by organisation (the (organisation,
status) index) until `CAP` + 1 match — a common word finds them after a few thousand rows, and a subtree
holding fewer is read whole. The words are checked there on the space-separated key (`strpos`), which no
index serves, so the planner keeps that path; on PostgreSQL that index carries the name key and the id
(members migration 0011), so those rows are read from the index alone and only the matches from the table.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from sotay import vn
from sotay.members.models import Member, MemberQuerySet

CAP: Final = 500
# Estimated national matches above which the subtree's rows are read instead of the words index
# (PostgreSQL; see the docstring): the bitmap of 20,000 matches costs ~10 ms.
COMMON: Final = 20_000
# Words of 1 to 12 letters or digits; more than 6 words is not a name.
_WORD_RE: Final = re.compile(r"[^\W_]+")
MAX_WORDS: Final = 6


@dataclass(frozen=True)
class NameQuery:
    words: tuple[str, ...]  # folded, in the order typed, no repeats
    marked: tuple[str, ...]  # lower case, typed with diacritics

    def __bool__(self) -> bool:
        return bool(self.words)


def parse(raw: str) -> NameQuery:
    """'Văn hung' -> words ('van', 'hung'), marked ('văn',). Quotes, stars and operators are separators."""
    text = unicodedata.normalize("NFC", raw[:100]).lower()
    words: list[str] = []
    marked: list[str] = []
    for word in _WORD_RE.findall(text)[:MAX_WORDS]:
        plain = vn.fold(word)
        if plain and plain not in words:
            words.append(plain)
        if plain and plain != word and word not in marked:
            marked.append(word)
    return NameQuery(tuple(words), tuple(marked))


def with_words(qs: MemberQuerySet, query: NameQuery) -> MemberQuerySet:
    """`qs` narrowed to the names holding every word (the last as a prefix), through the words index."""
    table = Member._meta.db_table
    if connection.vendor == "postgresql":
        condition = RawSQL(
            f"to_tsvector('simple'::regconfig, {table}.name_key) @@ to_tsquery('simple', %s)",
            [_tsquery(query)],
            output_field=BooleanField(),
        )
    else:
        terms = [f'"{w}"' for w in query.words]
        terms[-1] += "*"
        condition = RawSQL(
            f"{table}.id IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)",
            [" AND ".join(terms)],
            output_field=BooleanField(),
        )
    return qs.filter(condition)


def _tsquery(query: NameQuery, *, prefix: bool = True) -> str:
    """`'van' & 'hung':*`: every word, the last as a prefix (PostgreSQL)."""
    terms = [f"'{w}'" for w in query.words]
    terms[-1] += ":*" if prefix else ""
    return " & ".join(terms)


def _common(query: NameQuery) -> bool:
    """The planner expects more than `COMMON` names of the whole registry to hold the words (PostgreSQL).
    Asked for the last word as a prefix or whole: on a small table the prefix's estimate is a default."""
    table = Member._meta.db_table
    either = f"({_tsquery(query)}) | ({_tsquery(query, prefix=False)})"
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} "
            f"WHERE to_tsvector('simple'::regconfig, name_key) @@ to_tsquery('simple', %s)",
            [either],
        )
        raw = cursor.fetchone()[0]
    plan = json.loads(raw) if isinstance(raw, str) else raw
    return int(plan[0]["Plan"]["Plan Rows"]) > COMMON


def in_subtree_rows(qs: MemberQuerySet, query: NameQuery) -> MemberQuerySet:
    """`qs` narrowed to the names holding every word (the last as a prefix), checked row by row: no
    index serves the condition, so the subtree's rows are read in the order of an index on `org`."""
    table = Member._meta.db_table
    words = [f" {w} " for w in query.words[:-1]] + [f" {query.words[-1]}"]
    condition = RawSQL(
        " AND ".join([f"strpos(' ' || {table}.name_key || ' ', %s) > 0"] * len(words)),
        words,
        output_field=BooleanField(),
    )
    return qs.filter(condition)


def ranked(qs: MemberQuerySet, query: NameQuery) -> tuple[list[Member], bool]:
    """The matches of `qs` best first, at most `CAP`; True when more match (read `CAP` + 1, no count)."""
    if connection.vendor == "postgresql" and _common(query):
        # The ids first, from the (organisation, status) index alone (on PostgreSQL it carries the name
        # key and the id: members migration 0011), then only those rows from the table.
        ids = list(in_subtree_rows(qs, query).order_by().values_list("pk", flat=True)[: CAP + 1])
        rows = list(qs.filter(pk__in=ids).order_by())
    else:
        rows = list(with_words(qs, query).order_by()[: CAP + 1])
    more = len(rows) > CAP
    phrase = " ".join(query.words)

    def key(m: Member) -> tuple[int, bool, bool, str, int]:
        name = unicodedata.normalize("NFC", m.full_name).lower()
        exact = sum(1 for w in query.marked if w in _WORD_RE.findall(name))
        starts = m.name_key.startswith(phrase)
        in_order = f" {phrase}" in f" {m.name_key}"
        return (-exact, not starts, not in_order, m.name_key, m.pk)

    return sorted(rows[:CAP], key=key), more
