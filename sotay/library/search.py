"""Full-text search of the library, one behaviour on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Matching: every folded word of the query (the last as a prefix) in the folded title, number or text.
Order: first the number of words the user typed *with* diacritics that the document has exactly as typed
(so `Hưng` puts "Hưng" above "Hùng"), then the documents that have the words in the order typed (a
remembered phrase of a title), then the database's relevance (bm25 on SQLite, ts_rank_cd on
PostgreSQL; the title weighs more than the body on both), then the newest. docs/adr/0011.

Ranking costs per matching row, and a query of common words matches most of the library. So the engine's
relevance is computed only when at most `RANK_ALL` documents match; beyond that, a few cheap index
look-ups, each capped at `CANDIDATES` rows, pick the candidates (the documents with the words typed with
diacritics, with the phrase typed, with every word in the title, and the newest), ordered in Python by
the same rules with "every word in the title" standing in for the engine's relevance.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from sotay.library.models import Document, DocumentQuerySet
from sotay.library.searchtext import Query, folded_words, marked_words, pair, word_pairs


def index_fields(doc: Document) -> dict[str, str]:
    """The search columns of `doc` (the database indexes them: triggers or generated columns)."""
    title = folded_words(f"{doc.number} {doc.title}")
    body = folded_words(f"{doc.issuer} {doc.summary} {doc.text}")
    return {
        "search_title": title,
        "search_body": body,
        "search_marked": marked_words(f"{doc.number} {doc.title} {doc.issuer} {doc.summary} {doc.text}"),
        "search_pairs": f"{word_pairs(title)} {word_pairs(body)}".strip(),
    }


@dataclass(frozen=True)
class Hits:
    total: int
    ids: list[int]
    # True when more than `total` documents match: the count stopped at `COUNT_BOUND` ("hơn 1.000").
    more: bool = False


# Above this many matches, rank candidates only (see the module's docstring); each look-up's cap.
RANK_ALL = 1000
CANDIDATES = 200
# The total is exact up to this many matches and "more than" beyond: counting every match of common
# words reads every matching id. None counts exactly (the bench's "before").
COUNT_BOUND: int | None = 1000
# A phrase as an AND of indexed word pairs; False: the engine's positional phrase (the bench's "before").
PHRASE_BY_PAIRS = True


def _fts5_match(query: Query, columns: str = "search_title search_body") -> str:
    # Every word in double quotes: FTS5 operators (NEAR, AND, *, :, ^) typed by the user are only words.
    words = [f'"{w}"' for w in query.words]
    words[-1] += "*"
    return "{" + columns + "} : (" + " AND ".join(words) + ")"


def _pairs(query: Query) -> tuple[str, ...]:
    seq = query.sequence
    return tuple(dict.fromkeys(pair(a, b) for a, b in itertools.pairwise(seq)))


def _fts5_phrase(query: Query) -> str:
    if PHRASE_BY_PAIRS:
        terms = [f'"{p}"' for p in _pairs(query)]
        terms[-1] += "*"
        return "{search_pairs} : (" + " AND ".join(terms) + ")"
    return '{search_title search_body} : "' + " ".join(query.sequence) + '" *'


def _pg_phrase(query: Query) -> tuple[str, str]:
    """The phrase's condition on PostgreSQL and its tsquery."""
    if PHRASE_BY_PAIRS:
        return "d.search_pairs_vector", _tsquery(_pairs(query), prefix_last=True)
    return "d.search_vector", _tsquery(query.sequence, prefix_last=True, joint=" <-> ")


def _tsquery(words: tuple[str, ...], *, prefix_last: bool, joint: str = " & ") -> str:
    terms = [f"'{w}'" for w in words]
    if prefix_last:
        terms[-1] += ":*"
    return joint.join(terms)


def search(query: Query, within: DocumentQuerySet, *, limit: int, offset: int = 0) -> Hits:
    """The ids of the documents of `within` that match, best first, and how many match.

    `within` (visibility and filters) is a subquery. Past `RANK_ALL` matches only candidates are ranked
    (the module's docstring); a page deeper than `CANDIDATES` raises the cap to reach it."""
    if not query:
        return Hits(0, [])
    inner_sql, inner_params = within.order_by().values("id").query.sql_with_params()
    engine = _Postgres if connection.vendor == "postgresql" else _Sqlite
    with connection.cursor() as cursor:
        run = engine(query, inner_sql, list(inner_params), cursor)
        # Newest first (by id); their number is the total, up to the bound.
        bound = None if COUNT_BOUND is None else max(COUNT_BOUND, RANK_ALL, offset + limit)
        matching = run.candidates(run.match(), None if bound is None else bound + 1)
        more = bound is not None and len(matching) > bound
        total = min(len(matching), bound) if bound is not None else len(matching)
        if offset >= total:
            return Hits(total, [], more)
        if len(matching) <= RANK_ALL:
            return Hits(total, run.ranked(limit, offset))
        cap = max(CANDIDATES, offset + limit)
        return Hits(total, _capped(run, query, newest=matching[:cap], cap=cap)[offset : offset + limit], more)


def _capped(run: _Engine, query: Query, *, newest: list[int], cap: int) -> list[int]:
    bonus: dict[int, int] = {}
    for word in query.marked:
        for pk in run.candidates(run.with_marked(word), cap):
            bonus[pk] = bonus.get(pk, 0) + 1
    phrase = set(run.candidates(run.phrase(), cap)) if len(query.sequence) > 1 else set()
    titled = set(run.candidates(run.in_title(), cap))
    dates = dict(
        Document.objects.filter(pk__in={*bonus, *phrase, *titled, *newest}).values_list("pk", "issued_on")
    )

    def key(pk: int) -> tuple[int, bool, bool, Any, int]:
        return (bonus.get(pk, 0), pk in phrase, pk in titled, dates[pk], pk)

    return sorted(dates, key=key, reverse=True)


class _Engine:
    """One query's SQL on one database: the match, the cheap look-ups and the full ranking."""

    def __init__(self, query: Query, inner_sql: str, inner_params: list[Any], cursor: Any) -> None:
        self.query, self.inner_sql, self.inner_params, self.cursor = query, inner_sql, inner_params, cursor

    def _rows(self, sql: str, params: list[Any]) -> list[Any]:
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    def match(self) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def phrase(self) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def in_title(self) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def with_marked(self, word: str) -> tuple[str, list[Any]]:
        raise NotImplementedError

    def candidates(self, where: tuple[str, list[Any]], cap: int | None) -> list[int]:
        """The ids of the visible documents that meet `where`, the most recently added first (an index
        order: no row of the documents is read on SQLite), at most `cap` of them."""
        raise NotImplementedError

    def ranked(self, limit: int, offset: int) -> list[int]:
        raise NotImplementedError


_FTS = "library_document_fts"
_IN_FTS = f"(d.id IN (SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH %s))"


class _Sqlite(_Engine):
    """FTS5: conditions are MATCH expressions on the FTS table joined to the documents."""

    def match(self) -> tuple[str, list[Any]]:
        return f"{_FTS} MATCH %s", [_fts5_match(self.query)]

    def phrase(self) -> tuple[str, list[Any]]:
        return f"{_FTS} MATCH %s", [_fts5_phrase(self.query)]

    def in_title(self) -> tuple[str, list[Any]]:
        return f"{_FTS} MATCH %s", [_fts5_match(self.query, "search_title")]

    def with_marked(self, word: str) -> tuple[str, list[Any]]:
        return f"{_FTS} MATCH %s", [f'{_fts5_match(self.query)} AND {{search_marked}} : "{word}"']

    def _from(self, where: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
        sql = f"FROM {_FTS} JOIN library_document d ON d.id = {_FTS}.rowid WHERE {where[0]} "
        return sql + f"AND d.id IN ({self.inner_sql})", [*where[1], *self.inner_params]

    def candidates(self, where: tuple[str, list[Any]], cap: int | None) -> list[int]:
        # Neither a join (a read of each matching document's row) nor `rowid IN (...)`, which FTS5 would
        # take as a list of look-ups, each running the MATCH again: `+rowid` is a filter on the index's
        # rows, the visible ids read once from an index (EXPLAIN: LIST SUBQUERY).
        sql = (
            f"SELECT rowid FROM {_FTS} WHERE {where[0]} AND +rowid IN ({self.inner_sql}) ORDER BY rowid DESC"
        )
        params = [*where[1], *self.inner_params]
        if cap is not None:
            sql, params = f"{sql} LIMIT %s", [*params, cap]
        return [r[0] for r in self._rows(sql, params)]

    def ranked(self, limit: int, offset: int) -> list[int]:
        query = self.query
        bonus = " + ".join(_IN_FTS for _ in query.marked) or "0"
        bonus_params = [f'{{search_marked}} : "{w}"' for w in query.marked]
        phrase = _IN_FTS if len(query.sequence) > 1 else "0"
        phrase_params = [_fts5_phrase(query)] if len(query.sequence) > 1 else []
        sql, params = self._from(self.match())
        rows = self._rows(
            f"SELECT d.id FROM (SELECT d.id AS id, d.issued_on AS issued_on, "
            f"bm25({_FTS}, 8.0, 1.0, 0.0) AS score, {bonus} AS bonus, {phrase} AS phrase {sql}) d "
            f"ORDER BY d.bonus DESC, d.phrase DESC, d.score ASC, d.issued_on DESC, d.id DESC "
            f"LIMIT %s OFFSET %s",
            [*bonus_params, *phrase_params, *params, limit, offset],
        )
        return [r[0] for r in rows]


class _Postgres(_Engine):
    """Generated tsvector columns with GIN indexes; the title's words also in a vector of their own, so
    that "every word in the title" is answered from the index without reading the body's vector."""

    def match(self) -> tuple[str, list[Any]]:
        return "d.search_vector @@ to_tsquery('simple', %s)", [_tsquery(self.query.words, prefix_last=True)]

    def phrase(self) -> tuple[str, list[Any]]:
        column, tsquery = _pg_phrase(self.query)
        return f"{column} @@ to_tsquery('simple', %s)", [tsquery]

    def in_title(self) -> tuple[str, list[Any]]:
        tsquery = _tsquery(self.query.words, prefix_last=True)
        return "d.search_title_vector @@ to_tsquery('simple', %s)", [tsquery]

    def with_marked(self, word: str) -> tuple[str, list[Any]]:
        sql, params = self.match()
        return f"{sql} AND d.search_marked_vector @@ to_tsquery('simple', %s)", [
            *params,
            _tsquery((word,), prefix_last=False),
        ]

    def _from(self, where: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
        sql = f"FROM library_document d WHERE {where[0]} AND d.id IN ({self.inner_sql})"
        return sql, [*where[1], *self.inner_params]

    def candidates(self, where: tuple[str, list[Any]], cap: int | None) -> list[int]:
        sql, params = self._from(where)
        if cap is not None:
            return [
                r[0] for r in self._rows(f"SELECT d.id {sql} ORDER BY d.id DESC LIMIT %s", [*params, cap])
            ]
        # Every match: from the GIN index (a bitmap, no tsvector read) rather than the sequential scan the
        # planner picks when most rows match, which reads every row's tsvector; sorted here.
        match_sql, match_params = self.match()
        with transaction.atomic():
            self.cursor.execute("SET LOCAL enable_seqscan = off")
            rows = self._rows(
                f"WITH m AS MATERIALIZED (SELECT d.id FROM library_document d WHERE {match_sql}) "
                f"SELECT m.id FROM m WHERE m.id IN ({self.inner_sql})",
                [*match_params, *self.inner_params],
            )
        return sorted((r[0] for r in rows), reverse=True)

    def ranked(self, limit: int, offset: int) -> list[int]:
        query = self.query
        match_sql, match_params = self.match()
        order, order_params = [], []
        for word in query.marked:
            order.append("(d.search_marked_vector @@ to_tsquery('simple', %s))::int")
            order_params.append(_tsquery((word,), prefix_last=False))
        bonus = [f"({' + '.join(order)}) DESC"] if order else []
        if len(query.sequence) > 1:
            column, tsquery = _pg_phrase(query)
            bonus.append(f"({column} @@ to_tsquery('simple', %s))::int DESC")
            order_params.append(tsquery)
        sql, params = self._from((match_sql, match_params))
        rows = self._rows(
            f"SELECT d.id {sql} ORDER BY {''.join(o + ', ' for o in bonus)}"
            f"ts_rank_cd(d.search_vector, to_tsquery('simple', %s)) DESC, d.issued_on DESC, d.id DESC "
            f"LIMIT %s OFFSET %s",
            [*params, *order_params, *match_params, limit, offset],
        )
        return [r[0] for r in rows]
