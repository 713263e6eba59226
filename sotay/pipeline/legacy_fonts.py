"""Names typed in the 8-bit Vietnamese fonts VNI-Windows and TCVN3 (ABC), read back as Windows-1252 text.

A file kept since the 1990s holds the bytes of a legacy font; Excel or a converter shows them as the
Windows-1252 characters with the same codes: TCVN3 "Lª ThÞ Hång", VNI "Nguyeãn Vaên An". Each font is a
fixed code table, so the text converts back — once we know which font it was. The text says so itself,
and `to_unicode` only answers when exactly one reading gives a real name:

* every character must be one Windows-1252 has (a legacy byte read back): a name that also holds ă, ơ,
  ư, đ or a letter with a dot below was typed, at least in part, in Unicode, and is not converted;
* every character outside basic Latin must be a letter code of the font, and every word the conversion
  changes must be a Vietnamese syllable (onset, vowel nucleus, coda, at most
  one tone mark): TCVN3 read as VNI, or VNI as TCVN3, gives words no one is called ("Nguyeón");
* the result must hold only characters a name may hold (`sotay.vn.invalid_name_characters`).

Sources of the tables, checked against each other: VNI-Windows — the VNI code table of xvnkb
(github.com/lamdao/xvnkb, `vni.h`, Đào Hải Lâm, 2002) and the VNI scheme itself (a base letter followed by
a mark character; ơ ư đ and the i's and ỵ as single characters); TCVN3 (ABC) — TCVN 5712:1993 as listed in
xvnkb's `tcvn.h` (lower-case letters 0xA8–0xFE; ABC has no upper-case toned letters, its capitals fonts
reuse the lower-case codes) and the X11 `tcvn.h` table. The tables below are built from the scheme, not
copied, and `tests/pipeline/test_legacy_fonts.py` round-trips every Vietnamese letter through them.

Example:
    >>> to_unicode("Lª ThÞ Hång"), to_unicode("Nguyeãn Vaên An")
    (('TCVN3', 'Lê Thị Hồng'), ('VNI', 'Nguyễn Văn An'))
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from sotay.vn import invalid_name_characters, normalize_name, place_tone
from sotay.vn.names import MAX_NAME_LENGTH

VNI, TCVN3 = "VNI", "TCVN3"

# Combining marks, in the order the tables below list them: sắc, huyền, hỏi, ngã, nặng.
_TONES: Final = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- VNI-Windows ------------------------------------------------------------------------------------------
# A vowel is the base letter followed by one mark character; the mark characters for lower-case letters
# are these (upper-case letters take their upper-case forms).
_VNI_TONE: Final = "ùøûõï"  # after a e o u y ơ ư: the five tones
_VNI_HAT: Final = "âáàåãä"  # after a e o: circumflex, then circumflex with each tone
_VNI_BOWL: Final = "êéèúüë"  # after a: breve, then breve with each tone
# Letters that are one character: ơ ư đ, the i with each tone, ỵ.
_VNI_SINGLE: Final = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "í": "í",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    for base, marks, quality in (
        ("aeouy", _VNI_TONE, ""),
        ("aeo", _VNI_HAT, _CIRCUMFLEX),
        ("a", _VNI_BOWL, _BREVE),
    ):
        tones = _TONES if not quality else ("", *_TONES)
        for letter in base:
            for mark, tone in zip(marks, tones, strict=True):
                if letter + mark != "yï":  # ỵ is the single character î
                    pairs[letter + mark] = _nfc(letter + quality + tone)
    for letter, unicode_letter in (("ô", "ơ"), ("ö", "ư")):  # ơ and ư take the tone as a second character
        for mark, tone in zip(_VNI_TONE, _TONES, strict=True):
            pairs[letter + mark] = _nfc(unicode_letter + tone)
    return pairs | {k.upper(): v.upper() for k, v in pairs.items()}


VNI_PAIRS: Final[dict[str, str]] = _vni_pairs()
VNI_SINGLES: Final[dict[str, str]] = _VNI_SINGLE | {k.upper(): v.upper() for k, v in _VNI_SINGLE.items()}
_VNI_RE: Final = re.compile("|".join(sorted(map(re.escape, VNI_PAIRS | VNI_SINGLES), key=len, reverse=True)))
# Unicode letter → its VNI code read as Windows-1252 (a letter and its mark character, or one character).
_TO_VNI: Final = {letter: typed for typed, letter in (VNI_PAIRS | VNI_SINGLES).items()}


def vni_typed(name: str) -> str:
    """`name` as a file typed in VNI-Windows shows it read as Windows-1252 (the VNI table backwards):
    for the tests and the demo's hard case."""
    return "".join(_TO_VNI.get(ch, ch) for ch in _nfc(name))


# --- TCVN3 (ABC) ------------------------------------------------------------------------------------------
# Code of each lower-case letter with no tone, then sắc, huyền, hỏi, ngã, nặng (TCVN 5712:1993, VN3).
_TCVN3_CODES: Final = {
    "a": (None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),
    "ă": (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),
    "â": (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),
    "e": (None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),
    "ê": (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),
    "i": (None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),
    "o": (None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),
    "ô": (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),
    "ơ": (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),
    "u": (None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),
    "ư": (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),
    "y": (None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),
}
# The capitals ABC has (without a tone), and đ / Đ.
_TCVN3_OTHER: Final = {0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xAE: "đ"}


def _tcvn3_table() -> dict[str, str]:
    table = {bytes([code]).decode("cp1252"): letter for code, letter in _TCVN3_OTHER.items()}
    for letter, codes in _TCVN3_CODES.items():
        for code, tone in zip(codes, ("", *_TONES), strict=True):
            if code is not None:
                table[bytes([code]).decode("cp1252")] = _nfc(letter + tone)
    return table


TCVN3_TABLE: Final[dict[str, str]] = _tcvn3_table()

# --- Vietnamese syllables ---------------------------------------------------------------------------------
_ONSETS: Final = ("ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", *"bcdđghklmnprstvx", "")
# The vowel nuclei of Vietnamese syllables, without tone (the i of "gi" and the u of "qu" are onsets).
_NUCLEI_TEXT: Final = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa "
    "ưi ươ ưu uy ya yê iêu yêu oai oay oeo uây uôi ươi ươu uya uyê uyu"
)
_NUCLEI: Final = frozenset(_NUCLEI_TEXT.split())
# Nuclei that end the syllable (a glide i/y/o/u, or the falling ia ua ưa): no consonant follows them.
_OPEN_ONLY_TEXT: Final = (
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay oeo uây uôi ươi ươu uya uyu"
)
_OPEN_ONLY: Final = frozenset(_OPEN_ONLY_TEXT.split())
_CODAS: Final = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_VOWELS_RE: Final = re.compile("([aăâeêioôơuưy]+)(.*)")


# Open syllables whose tone may sit on either vowel (old style hòa, new style hoà; see sotay.vn.tones).
_EITHER_STYLE: Final = frozenset({"oa", "oe", "uy"})


def is_syllable(word: str) -> bool:
    """Whether `word` is a Vietnamese syllable: onset, a nucleus Vietnamese has, a coda, at most one tone,
    on the vowel that carries it (`sotay.vn.tones`; either style for open oa, oe, uy).

    >>> is_syllable("Nguyễn"), is_syllable("nguyeón"), is_syllable("Ksor"), is_syllable("leõ")
    (True, False, False, False)
    """
    lower = _nfc(word.lower())
    decomposed = unicodedata.normalize("NFD", lower)
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    bare = _nfc("".join(c for c in decomposed if c not in _TONES))
    for onset in _ONSETS:
        if not bare.startswith(onset):
            continue
        match = _VOWELS_RE.fullmatch(bare[len(onset) :])
        if match and match[1] in _NUCLEI and match[2] in _CODAS and not (match[2] and match[1] in _OPEN_ONLY):
            either = match[1] in _EITHER_STYLE and not match[2]
            return either or place_tone(lower) == lower
    return False


# --- reading a name back ----------------------------------------------------------------------------------
_WINDOWS_1252: Final = frozenset(bytes(range(256)).decode("cp1252", errors="ignore"))


def _convert(font: str, word: str) -> str | None:
    """`word` in Unicode, or None when one of its characters is not a letter code of `font`."""
    if font == VNI:
        rest, out = (
            _VNI_RE.sub("", word),
            _VNI_RE.sub(lambda m: VNI_PAIRS.get(m[0]) or VNI_SINGLES[m[0]], word),
        )
    else:
        rest, out = (
            "".join(c for c in word if c not in TCVN3_TABLE),
            "".join(TCVN3_TABLE.get(c, c) for c in word),
        )
    return out if rest.isascii() else None


def _reading(font: str, words: list[str]) -> str | None:
    converted = [_convert(font, w) for w in words]
    out = [w for w in converted if w is not None]
    if len(out) != len(words):
        return None
    changed = [new for old, new in zip(words, out, strict=True) if new != old]
    if not changed or not all(is_syllable(w) for w in changed):
        return None
    name = normalize_name(" ".join(out))
    if not name or invalid_name_characters(name) or len(name) > MAX_NAME_LENGTH:
        return None
    return name


def to_unicode(raw: str) -> tuple[str, str] | None:
    """(font, the name in Unicode) when exactly one legacy font reads `raw` as a real name, else None.

    Call it only on a name that shows signs of a legacy font (the checker's `name_legacy_font` pattern, or
    characters no name holds): a plain Unicode name such as "Lê Thành Tâm" reads as TCVN3 too ("Lờ Thành
    Tõm", real syllables), which only the signs rule out.
    """
    text = _nfc(raw or "")
    if not text.strip() or not set(text) <= _WINDOWS_1252:
        return None
    words = text.split()
    readings = {font: _reading(font, words) for font in (VNI, TCVN3)}
    found = {(font, name) for font, name in readings.items() if name is not None}
    if len({name for _, name in found}) != 1:
        return None
    return min(found)
