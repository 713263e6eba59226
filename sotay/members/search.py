"""The member list's search by words anywhere in the name, in any order, ranked (issue 12 item 3).

`van hung` or a middle name finds members through an index on both databases: the folded name's words
(`name_key`) in an FTS5 table on SQLite and a GIN index on `to_tsvector('simple', name_key)` on
PostgreSQL (migration 0006; the library's tool, docs/adr/0011). Every folded word must be a word of the
name, the last one as a prefix (for typing). At most `CAP` matches are read, in no order (an index
look-up, never a sort of millions); Python ranks them as the library does: the words typed *with*
diacritics found exactly as typed first (`Hưng` above `Hùng`), then names that start with the words, then
names with the words in the order typed, then by name. More than `CAP` matches: the page says so and asks
for more words (ADR 0009).
"""

from __future__ import annotations

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
        terms = [f"'{w}'" for w in query.words]
        terms[-1] += ":*"
        condition = RawSQL(
            f"to_tsvector('simple'::regconfig, {table}.name_key) @@ to_tsquery('simple', %s)",
            [" & ".join(terms)],
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


def ranked(qs: MemberQuerySet, query: NameQuery) -> tuple[list[Member], bool]:
    """The matches of `qs` best first, at most `CAP`; True when more match (read `CAP` + 1, no count)."""
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
