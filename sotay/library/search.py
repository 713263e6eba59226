"""Full-text search of the library, one behaviour on SQLite (FTS5) and PostgreSQL (tsvector + GIN).

Matching: every folded word of the query (the last as a prefix) in the folded title, number or text.
Order: first the number of words the user typed *with* diacritics that the document has exactly as typed
(so `Hưng` puts "Hưng" above "Hùng"), then the documents that have the words in the order typed (a
remembered phrase of a title), then the database's relevance (bm25 on SQLite, ts_rank_cd on
PostgreSQL; the title weighs more than the body on both), then the newest. docs/adr/0011.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from sotay.library.models import Document, DocumentQuerySet
from sotay.library.searchtext import Query, folded_words, marked_words


def index_fields(doc: Document) -> dict[str, str]:
    """The search columns of `doc` (the database indexes them: triggers or generated columns)."""
    title = f"{doc.number} {doc.title}"
    body = f"{doc.issuer} {doc.summary} {doc.text}"
    return {
        "search_title": folded_words(title),
        "search_body": folded_words(body),
        "search_marked": marked_words(f"{title} {body}"),
    }


@dataclass(frozen=True)
class Hits:
    total: int
    ids: list[int]


def _fts5_match(query: Query) -> str:
    # Every word in double quotes: FTS5 operators (NEAR, AND, *, :, ^) typed by the user are only words.
    words = [f'"{w}"' for w in query.words]
    words[-1] += "*"
    return "{search_title search_body} : (" + " AND ".join(words) + ")"


def _fts5_phrase(query: Query) -> str:
    return '{search_title search_body} : "' + " ".join(query.sequence) + '" *'


def _tsquery(words: tuple[str, ...], *, prefix_last: bool, joint: str = " & ") -> str:
    terms = [f"'{w}'" for w in words]
    if prefix_last:
        terms[-1] += ":*"
    return joint.join(terms)


def search(query: Query, within: DocumentQuerySet, *, limit: int, offset: int = 0) -> Hits:
    """The ids of the documents of `within` that match, best first, and how many match.

    One query: the page, with the number of matches counted by a window over them (a page past the end
    asks for the count alone). `within` (visibility and filters) is a subquery."""
    if not query:
        return Hits(0, [])
    inner_sql, inner_params = within.order_by().values("id").query.sql_with_params()
    if connection.vendor == "postgresql":
        return _search_postgres(query, inner_sql, list(inner_params), limit, offset)
    return _search_sqlite(query, inner_sql, list(inner_params), limit, offset)


def _search_sqlite(query: Query, inner_sql: str, inner_params: list[Any], limit: int, offset: int) -> Hits:
    bonus = " + ".join(
        "(d.id IN (SELECT rowid FROM library_document_fts WHERE library_document_fts MATCH %s))"
        for _ in query.marked
    )
    bonus_params = [f'{{search_marked}} : "{w}"' for w in query.marked]
    phrase = (
        "(d.id IN (SELECT rowid FROM library_document_fts WHERE library_document_fts MATCH %s))"
        if len(query.sequence) > 1
        else "0"
    )
    phrase_params = [_fts5_phrase(query)] if len(query.sequence) > 1 else []
    where = f"library_document_fts MATCH %s AND d.id IN ({inner_sql})"
    params = [_fts5_match(query), *inner_params]
    joined = "FROM library_document_fts JOIN library_document d ON d.id = library_document_fts.rowid"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, COUNT(*) OVER () FROM (SELECT d.id AS id, d.issued_on AS issued_on, "
            f"bm25(library_document_fts, 8.0, 1.0, 0.0) AS score, {bonus or '0'} AS bonus, "
            f"{phrase} AS phrase {joined} WHERE {where}) d "
            f"ORDER BY d.bonus DESC, d.phrase DESC, d.score ASC, d.issued_on DESC, d.id DESC "
            f"LIMIT %s OFFSET %s",
            [*bonus_params, *phrase_params, *params, limit, offset],
        )
        rows = cursor.fetchall()
        if rows or not offset:
            return Hits(rows[0][1] if rows else 0, [row[0] for row in rows])
        cursor.execute(f"SELECT COUNT(*) {joined} WHERE {where}", params)  # a page past the end
        return Hits(cursor.fetchone()[0], [])


def _search_postgres(query: Query, inner_sql: str, inner_params: list[Any], limit: int, offset: int) -> Hits:
    bonus = " + ".join("(d.search_marked_vector @@ to_tsquery('simple', %s))::int" for _ in query.marked)
    bonus_params = [_tsquery((w,), prefix_last=False) for w in query.marked]
    where = f"d.search_vector @@ to_tsquery('simple', %s) AND d.id IN ({inner_sql})"
    params = [_tsquery(query.words, prefix_last=True), *inner_params]
    order = [f"{bonus} DESC"] if bonus else []
    phrase_params = []
    if len(query.sequence) > 1:
        order.append("(d.search_vector @@ to_tsquery('simple', %s))::int DESC")
        phrase_params.append(_tsquery(query.sequence, prefix_last=True, joint=" <-> "))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.id, COUNT(*) OVER () FROM library_document d WHERE {where} "
            f"ORDER BY {''.join(o + ', ' for o in order)}"
            f"ts_rank_cd(d.search_vector, to_tsquery('simple', %s)) DESC, d.issued_on DESC, d.id DESC "
            f"LIMIT %s OFFSET %s",
            [*params, *bonus_params, *phrase_params, params[0], limit, offset],
        )
        rows = cursor.fetchall()
        if rows or not offset:
            return Hits(rows[0][1] if rows else 0, [row[0] for row in rows])
        cursor.execute(f"SELECT COUNT(*) FROM library_document d WHERE {where}", params)
        return Hits(cursor.fetchone()[0], [])
