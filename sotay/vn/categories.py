"""Categorical fields: gender, membership status, ethnic group, religion.

Matching is on a key that ignores case, diacritics, spaces, hyphens and apostrophes (``_key``), so
``Khơ Me``, ``KHƠ-ME`` and ``khome`` are one value. Where two canonical names would share a folded key
(none do in the shipped tables, but the check runs on load), only the spelling with diacritics matches.
Numeric codes are never accepted: ``1`` means Nam in one template and Nữ in another (the CCCD gender
digit is odd for women), and ethnic-group codes differ between 121-TCTK (1979) and 1019/QĐ-TCTK (2008).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Final

from sotay.vn._tables import load_table
from sotay.vn.text import clean_spaces, fold, is_blank

NAM: Final = "Nam"
NU: Final = "Nữ"
CHINH_THUC: Final = "Chính thức"
DU_BI: Final = "Dự bị"
MIEN_SINH_HOAT: Final = "Miễn sinh hoạt"
# Not one of the 54 groups: templates carry it as code 56 "Q.tịch gốc nước ngoài" (121-TCTK list) or 55
# "Người nước ngoài" (1019/QĐ-TCTK), and domain.md V18 accepts it. "Dân tộc khác" (55) is not accepted:
# it says nothing about the person, so the checker should ask.
FOREIGN_ORIGIN: Final = "Người nước ngoài"
NO_RELIGION: Final = "Không"

_NON_ALNUM_RE: Final = re.compile(r"[^0-9a-zđăâêôơư]+")


@lru_cache(maxsize=65_536)
def _key(s: str, *, keep_marks: bool = False) -> str:
    """Comparison key: lower case, no separators; without diacritics unless ``keep_marks``."""
    if keep_marks:
        s = unicodedata.normalize("NFD", clean_spaces(s).lower())
        # Keep the quality marks (ă â ê ô ơ ư) and đ, drop tones: typists mis-place or omit tones far more
        # often than they change a vowel.
        s = "".join(ch for ch in s if ch not in "\u0300\u0301\u0309\u0303\u0323")
        return _NON_ALNUM_RE.sub("", unicodedata.normalize("NFC", s))
    return _NON_ALNUM_RE.sub("", fold(s))


def _lookup(pairs: Iterable[tuple[str, str]]) -> tuple[Mapping[str, str], Mapping[str, str]]:
    """(marked-key → canonical, folded-key → canonical) with folded keys that collide removed."""
    marked: dict[str, str] = {}
    folded: defaultdict[str, set[str]] = defaultdict(set)
    for variant, canonical in pairs:
        marked[_key(variant, keep_marks=True)] = canonical
        folded[_key(variant)].add(canonical)
    unique = {key: next(iter(names)) for key, names in folded.items() if len(names) == 1}
    return MappingProxyType(marked), MappingProxyType(unique)


def _match(
    raw: str, tables: tuple[Mapping[str, str], Mapping[str, str]], prefixes: tuple[str, ...] = ()
) -> str | None:
    """Look ``raw`` up; failing that, retry without a leading generic word such as "dân tộc" or "đạo"."""
    if is_blank(raw):
        return None
    marked, folded = tables
    found = marked.get(_key(raw, keep_marks=True)) or folded.get(_key(raw))
    if found is None:
        key = _key(raw)
        for prefix in prefixes:
            if key.startswith(prefix) and len(key) > len(prefix):
                return folded.get(key.removeprefix(prefix))
    return found


# --- gender -------------------------------------------------------------------------------------------

_GENDER: Final = {
    **dict.fromkeys(["nam", "namgioi", "gioinam", "trai", "contrai", "m", "male", "man"], NAM),
    # 'nư', 'nứ', 'nũ' (typos) fold to 'nu' as well.
    **dict.fromkeys(["nu", "nugioi", "gioinu", "gai", "congai", "f", "female", "woman"], NU),
}


@lru_cache(maxsize=1024)
def parse_gender(raw: str) -> str | None:
    """``'Nam'`` | ``'Nữ'`` | None. Numeric codes (0/1/2) are rejected as ambiguous.

    >>> parse_gender("NỮ"), parse_gender("nư"), parse_gender("Nam giới"), parse_gender("1")
    ('Nữ', 'Nữ', 'Nam', None)
    """
    if is_blank(raw):
        return None
    return _GENDER.get(_key(raw).removeprefix("gioitinh"))


# --- membership status --------------------------------------------------------------------------------

_STATUS_WORDS: Final = {
    "chinhthuc": CHINH_THUC,
    "ct": CHINH_THUC,
    "dachinhthuc": CHINH_THUC,
    "dubi": DU_BI,
    "db": DU_BI,
}
# Words that may follow "miễn" in the exemption status, in any order and abbreviation: "miễn SH",
# "miễn sinh hoạt đảng", "Miễn công tác và sinh hoạt đảng", "miễn CT&SH", "miễn CTSH".
_EXEMPTION_WORDS: Final = frozenset(
    {"cong", "tac", "va", "sinh", "hoat", "dang", "sh", "ct", "ctsh", "shd", "cac", "hoatdong", "d"}
)
_WORD_RE: Final = re.compile(r"[0-9a-z]+")


@lru_cache(maxsize=1024)
def parse_status(raw: str) -> str | None:
    """``'Chính thức'`` | ``'Dự bị'`` | ``'Miễn sinh hoạt'`` | None.

    Case, diacritics and punctuation are ignored, as are a leading "đảng viên"/"ĐV" and a trailing
    "đảng"; anything starting with "miễn" followed only by words of "công tác và sinh hoạt đảng" (or their
    abbreviations CT, SH) is the exemption status.

    >>> parse_status("đảng viên chính thức"), parse_status("DB"), parse_status("Miễn công tác và SH đảng")
    ('Chính thức', 'Dự bị', 'Miễn sinh hoạt')
    """
    if is_blank(raw):
        return None
    words = _WORD_RE.findall(fold(raw))
    if words[:2] == ["dang", "vien"]:
        words = words[2:]
    elif words[:1] == ["dv"]:
        words = words[1:]
    elif words and words[0] in ("dvct", "dvdb"):
        words = [words[0][2:], *words[1:]]
    if words and words[0] == "mien":
        return MIEN_SINH_HOAT if all(w in _EXEMPTION_WORDS for w in words[1:]) else None
    if words[-1:] == ["dang"]:
        words = words[:-1]
    return _STATUS_WORDS.get("".join(words))


# --- ethnic group -------------------------------------------------------------------------------------

_EXTRA_ETHNIC: Final = (
    ("Nước ngoài", FOREIGN_ORIGIN),
    ("Người nước ngoài", FOREIGN_ORIGIN),
    ("Gốc nước ngoài", FOREIGN_ORIGIN),
    ("Quốc tịch gốc nước ngoài", FOREIGN_ORIGIN),
    ("Q.tịch gốc nước ngoài", FOREIGN_ORIGIN),
    ("Gia Lai", "Gia-rai"),  # province name typed for the group; domain.md §5.1 lists it as seen in data
    ("Hmong", "Mông"),
)


@cache
def _ethnic_tables() -> tuple[Mapping[str, str], Mapping[str, str]]:
    pairs: list[tuple[str, str]] = []
    for row in load_table("ethnic_groups"):
        name = row["name"]
        pairs.append((name, name))
        pairs.extend((alias, name) for alias in row["aliases"].split("|") if alias.strip())
    pairs.extend(_EXTRA_ETHNIC)
    return _lookup(pairs)


@lru_cache(maxsize=4096)
def match_ethnicity(raw: str) -> str | None:
    """Canonical name of one of the 54 ethnic groups (``data/ethnic_groups.tsv``), ``'Người nước ngoài'``
    for foreign origin, or None.

    >>> match_ethnicity("Khmer"), match_ethnicity("H'Mông"), match_ethnicity("kinh (việt)")
    ('Khơ-me', 'Mông', 'Kinh')
    """
    return _match(raw, _ethnic_tables(), ("dantoc", "dt"))


# --- religion -----------------------------------------------------------------------------------------

_EXTRA_RELIGION: Final = (
    ("Không tôn giáo", NO_RELIGION),
    ("Không theo tôn giáo", NO_RELIGION),
    ("Không theo đạo", NO_RELIGION),
    ("Không đạo", NO_RELIGION),
    ("Không có tôn giáo", NO_RELIGION),
    ("Vô thần", NO_RELIGION),
    ("Đạo Hồi", "Hồi giáo"),
    ("Đạo Công giáo", "Công giáo"),
    ("Thiên Chúa", "Công giáo"),
    ("Đạo Thiên Chúa giáo", "Công giáo"),
    ("Bahai", "Ba Ha'i"),
    ("Baha'i", "Ba Ha'i"),
)


@cache
def _religion_tables() -> tuple[Mapping[str, str], Mapping[str, str]]:
    pairs: list[tuple[str, str]] = []
    for row in load_table("religions"):
        name = row["name"]
        pairs.append((name, name))
        pairs.extend((alias, name) for alias in row["aliases"].split("|") if alias.strip())
    pairs.extend(_EXTRA_RELIGION)
    return _lookup(pairs)


@lru_cache(maxsize=4096)
def match_religion(raw: str) -> str | None:
    """Canonical religion from ``data/religions.tsv`` (``'Không'`` for none), or None when unknown.

    >>> match_religion("Thiên Chúa giáo"), match_religion("ko"), match_religion("Tin lanh")
    ('Công giáo', 'Không', 'Tin Lành')
    """
    return _match(raw, _religion_tables(), ("tongiao", "dao"))


def canonical_ethnicities() -> frozenset[str]:
    """Every value `match_ethnicity` can return (a bulk load compares whole columns against it)."""
    return frozenset(name for mapping in _ethnic_tables() for name in mapping.values())


def canonical_religions() -> frozenset[str]:
    """Every value `match_religion` can return."""
    return frozenset(name for mapping in _religion_tables() for name in mapping.values())
