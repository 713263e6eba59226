"""Canonical tone-mark placement for Vietnamese syllables, derived from the orthography rules.

A syllable is onset + vowel nucleus + coda. The tone mark sits on the nucleus' main vowel:

* a vowel with a quality mark (ă â ê ô ơ ư) takes the tone; in ươ the second one (``người``, ``thuở``);
* otherwise, when a consonant coda follows, the last vowel (``hoàn``, ``huỳnh``, ``toán``);
* otherwise (open syllable) the first vowel of a two-vowel nucleus (``hòa``, ``khỏe``, ``thủy``, ``mùa``,
  ``tài``) and the middle one of three (``thoại``, ``khuỷu``).

The ``u`` of ``qu`` and the ``i`` of ``gi`` belong to the onset, so ``quý``, ``quả``, ``già`` are already
canonical. "Old" and "new" style differ only for open oa/oe/uy (``hòa``/``hoà``); we use the old style,
the one in official unit names (``Thanh Hóa``, ``Khánh Hòa``). Syllables that are not Vietnamese (minority
names such as ``Ksor``, ``Mlô``) or carry two tone marks are returned unchanged: we only move a mark when
the rule is certain, and never change a letter.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

_BASE_VOWELS: Final = "aăâeêioôơuưy"
# Combining tone marks in Unicode: grave (huyền), acute (sắc), hook (hỏi), tilde (ngã), dot below (nặng).
_TONES: Final = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")

# (base vowel, tone) <-> precomposed NFC character, generated rather than typed so no cell is missed.
_COMPOSE: Final[dict[tuple[str, str], str]] = {
    (base, tone): unicodedata.normalize("NFC", base + tone) for base in _BASE_VOWELS for tone in _TONES
}
_SPLIT: Final[dict[str, tuple[str, str]]] = {char: key for key, char in _COMPOSE.items()}

_ONSETS: Final = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
_CODAS: Final = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})
_QUALITY: Final = frozenset("ăâêôơư")


def _tone_index(base: str) -> int | None:
    """Index in ``base`` (lower case, toneless) of the vowel that carries the tone, or None if unparsable."""
    onset = next((o for o in _ONSETS if base.startswith(o)), "")
    rest = base[len(onset) :]
    if onset == "gi" and not any(ch in _BASE_VOWELS for ch in rest):
        onset, rest = "g", base[1:]  # gì, gìn: the i is the nucleus
    elif onset == "qu" and not rest:
        return None
    start = len(onset)
    end = start
    while end < len(base) and base[end] in _BASE_VOWELS:
        end += 1
    nucleus, coda = base[start:end], base[end:]
    if not 1 <= len(nucleus) <= 3 or coda not in _CODAS:
        return None
    quality = [i for i, ch in enumerate(nucleus) if ch in _QUALITY]
    if quality:
        return start + quality[-1]
    if coda or len(nucleus) == 1:
        return start + len(nucleus) - 1
    return start + (0 if len(nucleus) == 2 else 1)


@lru_cache(maxsize=100_000)
def place_tone(syllable: str) -> str:
    """Move the tone mark of one lower-case NFC syllable to its canonical vowel.

    >>> place_tone("hoà"), place_tone("thuỷ"), place_tone("hoàn"), place_tone("qúy")
    ('hòa', 'thủy', 'hoàn', 'quý')
    """
    tones = [(i, _SPLIT[ch]) for i, ch in enumerate(syllable) if ch in _SPLIT]
    if len(tones) != 1:
        return syllable
    at, (base_vowel, tone) = tones[0]
    base = syllable[:at] + base_vowel + syllable[at + 1 :]
    target = _tone_index(base)
    if target is None or target == at:
        return syllable
    return base[:target] + _COMPOSE[(base[target], tone)] + base[target + 1 :]
