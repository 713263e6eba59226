"""Personal names: Unicode form, spacing, case, tone placement and honorific prefixes.

``normalize_name`` only ever changes the form of a name — Unicode composition, spaces, letter case, the
position of the tone mark, apostrophe look-alikes and a leading honorific — never a letter: Hùng and Hưng
are different people, so a suspected typo is left for a person to judge.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache
from typing import Final

from sotay.vn.text import clean_spaces, is_blank
from sotay.vn.tones import place_tone

# Runs of letters; everything between them (space, hyphen, apostrophe, dot, digit) is kept as typed.
_LETTERS_RE: Final = re.compile(r"[^\W\d_]+")
# "Đ/c", "đ/c:", "Đ/C.", "đ.c" — the slash or dot cannot occur in a name, so this is always an honorific.
_DC_RE: Final = re.compile(r"^[đĐ]\s*[/.]\s*[cC]\b[.:]?\s*")
# Legacy font converters sometimes write Ð (U+00D0, Icelandic eth) for Đ (U+0110); same letter to a reader.
_ETH: Final = str.maketrans({"Ð": "Đ", "ð": "đ"})


# --- what a name may hold (docs/adr/0004-checker-decisions.md, "Characters a name may hold") -------------
# The twelve Vietnamese vowels with each of the five tone marks (or none), as NFC composes them.
_VN_VOWELS: Final = "aăâeêioôơuưy"
_TONE_MARKS: Final = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
# Letters of the Latin-script orthographies of Tây Nguyên languages (Ê-đê, Gia-rai, Ba-na, ...) that names
# keep: short vowels with a breve (ĕ ĭ ŏ ŭ), ƀ, č, ñ; the combining breve writes ô̆ ơ̆ ư̆ ê̆, which
# Unicode has no single character for. f j w z are in the basic Latin alphabet (Ksor, Y Jut, H'Wen).
_MINORITY_LETTERS: Final = "ĕĭŏŭƀčñ"
_COMBINING_BREVE: Final = "\u0306"
NAME_LETTERS: Final = "".join(
    sorted(
        {unicodedata.normalize("NFC", v + t) for v in _VN_VOWELS for t in _TONE_MARKS}
        | set(string.ascii_lowercase)
        | set("đ" + _MINORITY_LETTERS)
    )
)
# Between words: space, hyphen (Ê-đê double names), apostrophe (H'Hen, K'Ho; ʼ U+02BC is the same mark).
NAME_SEPARATORS: Final = " -'ʼ"
_ALLOWED: Final = NAME_LETTERS + NAME_LETTERS.upper() + _COMBINING_BREVE + NAME_SEPARATORS
# One pattern for Python `re` and DuckDB's RE2 (the checker's rule): a character no name can hold.
# Characters are listed literally; the hyphen goes last so that it is not a range.
NAME_INVALID_CHARACTER_PATTERN: Final = "[^" + "".join(sorted(set(_ALLOWED) - {"-"})) + "-]"
_INVALID_RE: Final = re.compile(NAME_INVALID_CHARACTER_PATTERN)
# Longest full name accepted (characters, after normalisation). Real names, minority names with several
# given names included, stay well under 60; the registry's column holds 150. A longer value is a pasted
# paragraph or two records in one cell.
MAX_NAME_LENGTH: Final = 100


def invalid_name_characters(name: str) -> list[str]:
    """The distinct characters of ``name`` that no Vietnamese name can hold, sorted by code point.

    Allowed: Vietnamese letters with every tone mark, the basic Latin letters and the few letters of Tây
    Nguyên orthographies (ĕ ĭ ŏ ŭ ƀ č ñ, combining breve), space, hyphen and apostrophe (' or ʼ).
    Digits, punctuation and markup are not: ``<script>``, ``=HYPERLINK(…)`` or an e-mail address in a
    name cell are data entry errors, or an attack on whoever opens the export next.

    >>> invalid_name_characters("H'Hen Niê"), invalid_name_characters("=HYPERLINK(1)")
    ([], ['(', ')', '1', '='])
    """
    return sorted(set(_INVALID_RE.findall(name)))


def _strip_honorific(words: list[str]) -> list[str]:
    """Drop leading honorifics that cannot be part of a Vietnamese name (see ``normalize_name``)."""
    while len(words) > 1:
        first = words[0]
        lower = first.lower()
        if lower == "bà" and len(words) >= 3:
            # "Bà" is not a Vietnamese family name (unlike "Ông", as in Ông Ích Khiêm, which we keep).
            words = words[1:]
        elif lower == "đồng" and len(words) >= 3 and words[1].lower() == "chí":
            # "Đồng" is a family name and "Chí" a middle name, so "Đồng Chí Thanh" may be a person. Strip
            # only with evidence: written "Đồng chí"/"đồng chí" (lower-case c, as in running text), or at
            # least three syllables left over, which no "Đồng Chí …" name would leave.
            if words[1] == "chí" or len(words) >= 5:
                words = words[2:]
            else:
                break
        else:
            break
    return words


def _title(run: str) -> str:
    # str.capitalize() is wrong for a few non-Vietnamese letters (ß → Ss); upper-case only when length-safe.
    lower = run.lower()
    head = lower[0].upper()
    return (head if len(head) == 1 else lower[0]) + lower[1:]


def _normalize_run(match: re.Match[str]) -> str:
    return _title(place_tone(match.group(0).lower()))


def normalize_name_word(word: str) -> str:
    """Canonical form of one word of a name: tone mark on its main vowel, title case.

    For a name whose words are letters only (no ``ʻ``, ``ʼ``, ``Ð``, ``ð``) separated by single spaces, in
    NFC, with two or more words and a first word that is not ``Bà`` or ``Đồng`` (the honorific candidates),
    ``normalize_name`` is exactly the words' forms joined by spaces. The checker relies on this to run
    Python once per distinct word instead of once per distinct name (tests/vn checks the equivalence).

    >>> normalize_name_word("THUỶ"), normalize_name_word("hoàn")
    ('Thủy', 'Hoàn')
    """
    return _LETTERS_RE.sub(_normalize_run, word)


@lru_cache(maxsize=65_536)
def normalize_name(raw: str) -> str:
    """Canonical form of a full name, or ``''`` when the cell is blank.

    NFC; invisible characters and NBSP removed; one space between words; each syllable title-cased, also
    after a hyphen or apostrophe (``H'Hen Niê``, ``Ksor H'Bia``); tone mark on the main vowel, old style for
    open oa/oe/uy (``Hoà`` → ``Hòa``, ``THUỶ`` → ``Thủy``; ``Hoàn``, ``Quý``, ``Huỳnh`` unchanged).

    Leading honorifics are stripped only when they cannot be a name: ``Đ/c``; ``Bà`` (not a family name)
    when at least two syllables follow; ``Đồng chí`` when written with a lower-case ``chí`` or followed
    by three or more syllables (``Đồng`` is a family name, ``Chí`` a middle name). ``Ông`` is a family
    name and is never stripped; nor are informal ``Anh``/``Chị``/``Cô``, which real names also start with.

    >>> normalize_name("  nguyễn  thị THUỶ ")
    'Nguyễn Thị Thủy'
    >>> normalize_name("Đ/c HOÀNG văn hoà")
    'Hoàng Văn Hòa'
    """
    if is_blank(raw):
        return ""
    s = clean_spaces(raw).translate(_ETH)
    previous = None
    while s != previous:  # until stable, so that normalize_name is idempotent ("Đ/c Bà …", "'Đ/c …")
        previous = s
        s = _DC_RE.sub("", s.strip("'\" "))
        s = " ".join(_strip_honorific(s.split(" ")))
    return _LETTERS_RE.sub(_normalize_run, s)


def describe_name_change(raw: str, normalized: str) -> tuple[list[str], list[tuple[str, str, bool]]]:
    """What normalising a name changed, for a person who sees two names that look the same.

    Returns the reasons (Vietnamese) and the words side by side as (before, after, changed); a word whose
    letters look the same but whose code points differ (NFD, a tone on another vowel) counts as changed.

    >>> describe_name_change("Nguyễn Văn Hoà", "Nguyễn Văn Hòa")[0]
    ['khác vị trí dấu thanh']
    >>> describe_name_change(unicodedata.normalize("NFD", "Lê"), "Lê")[0]
    ['khác dạng mã Unicode (chữ có dấu gõ bằng dấu tổ hợp)']
    """
    reasons: list[str] = []
    composed = unicodedata.normalize("NFC", raw)
    if composed != raw:
        reasons.append("khác dạng mã Unicode (chữ có dấu gõ bằng dấu tổ hợp)")
    spaced = clean_spaces(composed)
    if spaced != composed.strip() or composed != composed.strip():
        reasons.append("thừa khoảng trắng")
    before, after = spaced.split(), normalized.split()
    if len(before) == len(after):
        lowered = [w.lower() for w in before]
        placed = [" ".join(place_tone(s) for s in w.split()) for w in lowered]
        if placed != lowered and placed == [w.lower() for w in after]:
            reasons.append("khác vị trí dấu thanh")
        if any(b != a and b[:1].islower() != a[:1].islower() for b, a in zip(before, after, strict=True)):
            reasons.append("khác chữ hoa, chữ thường")
        raw_words = raw.split() if len(raw.split()) == len(after) else before
        pairs = [(b, a, r != a) for b, a, r in zip(before, after, raw_words, strict=True)]
    else:
        reasons.append("khác số từ (bỏ danh xưng hoặc dấu cách)")
        pairs = [(spaced, normalized, True)]
    return reasons, pairs
