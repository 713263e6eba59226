"""Search text without the database: the words indexed, the words of a query, and snippets.

Both databases index the same pre-split words (letters and digits, space-separated), so SQLite's FTS5
`unicode61` tokenizer and PostgreSQL's `simple` parser see one word where Python saw one, and matching is
the same on both (docs/adr/0011-content-and-search.md).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from sotay.vn import fold

_WORD_RE: Final = re.compile(r"[^\W_]+")
# What is indexed of one document's text, on both databases (a PostgreSQL tsvector holds at most 1 MB).
INDEXED_CHARS: Final = 200_000
# What is read of a query: a pasted page of text is cut, never an error.
QUERY_CHARS: Final = 300
QUERY_WORDS: Final = 12


def folded_words(text: str) -> str:
    """'Nghị quyết số 339-QĐ/TW' -> 'nghi quyet so 339 qd tw'.

    Split first, then fold word by word: a language has a few thousand distinct words, so `fold()`'s
    cache answers almost every one (folding the whole text at once costs several times more)."""
    words = _WORD_RE.findall(unicodedata.normalize("NFC", text[:INDEXED_CHARS]))
    return " ".join(fold(w) for w in words)


# Joins the two words of a pair token ("nghi quyet" -> "nghi0quyet"): a digit, so that both FTS5's
# `unicode61` and PostgreSQL's `simple` parser keep the pair as one token; pairs have a column of their
# own, so a pair never meets a word.
PAIR_JOINT: Final = "0"


def pair(first: str, second: str) -> str:
    return f"{first}{PAIR_JOINT}{second}"


def word_pairs(folded: str) -> str:
    """The consecutive pairs of folded words: 'nghi quyet dai hoi' -> 'nghi0quyet quyet0dai dai0hoi'.

    Indexed, they turn a phrase into an AND of pairs that an inverted index answers alone, where a
    phrase (`<->` on PostgreSQL) must read every candidate's word positions (docs/adr/0011)."""
    words = folded.split()
    return " ".join(pair(a, b) for a, b in itertools.pairwise(words))


def marked_words(text: str) -> str:
    """The lower-case words with their diacritics: 'Hưng Yên' -> 'hưng yên'."""
    return " ".join(_WORD_RE.findall(unicodedata.normalize("NFC", text[:INDEXED_CHARS]).lower()))


@dataclass(frozen=True)
class Query:
    """A user's query: the folded words that must all match (the last one as a prefix), and the words
    typed with diacritics, whose exact matches rank first."""

    words: tuple[str, ...]
    marked: tuple[str, ...]
    # The folded words in the order typed, repeats kept (the phrase that ranks first).
    sequence: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words)


def parse_query(raw: str) -> Query:
    """Words only: quotes, stars, NEAR, brackets, dashes and colons are separators, never syntax.

    >>> q = parse_query('"Hưng" NEAR (339-QĐ/TW)*')
    >>> q.words, q.marked
    (('hung', 'near', '339', 'qd', 'tw'), ('hưng', 'qđ'))
    """
    text = unicodedata.normalize("NFC", (raw or "")[:QUERY_CHARS]).lower()
    words: list[str] = []
    marked: list[str] = []
    sequence: list[str] = []
    for word in _WORD_RE.findall(text)[:QUERY_WORDS]:
        plain = fold(word)
        if plain:
            sequence.append(plain)
        if plain and plain not in words:
            words.append(plain)
        if plain != word and word not in marked:
            marked.append(word)
    return Query(tuple(words), tuple(marked), tuple(sequence))


@dataclass(frozen=True)
class Piece:
    text: str
    hit: bool


def snippet(text: str, query: Query, *, width: int = 220) -> list[Piece]:
    """About `width` characters of `text` around the first word of the query found, the words found
    marked. Compared on folded text, shown with the original's diacritics."""
    text = unicodedata.normalize("NFC", " ".join(text.split()))
    if not text:
        return []
    folded = _fold_aligned(text)
    pattern = re.compile(
        r"(?<![^\W_])(" + "|".join(re.escape(w) for w in sorted(query.words, key=len, reverse=True)) + r")",
    )
    first = pattern.search(folded)
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = min(len(text), start + width)
    pieces = [Piece("… ", False)] if start else []
    at = start
    for m in pattern.finditer(folded, start, end):
        if m.start() > at:
            pieces.append(Piece(text[at : m.start()], False))
        pieces.append(Piece(text[m.start() : m.end()], True))
        at = m.end()
    pieces.append(Piece(text[at:end] + (" …" if end < len(text) else ""), False))
    return pieces


def _fold_aligned(text: str) -> str:
    """`text` folded character by character, so that an index into it is an index into `text`."""
    out = "".join((fold(ch) or ch)[:1] if ch.strip() else ch for ch in text)
    return out if len(out) == len(text) else text.lower()
