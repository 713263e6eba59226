"""normalize_name and the tone-placement rules behind it."""

import re
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sotay.vn import fold, invalid_name_characters, is_blank, normalize_name, place_tone

_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"


def _letters(s: str) -> str:
    """Lower-case letters with their quality marks (ă â ê ô ơ ư, đ) but without tone marks."""
    s = unicodedata.normalize("NFD", " ".join(s.split()).lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in s if ch not in _TONE_MARKS))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # new-style → canonical (old-style) placement in open oa/oe/uy
        ("Hoà", "Hòa"), ("HOÀ", "Hòa"), ("hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Khoẻ", "Khỏe"), ("Hoá", "Hóa"),
        ("Tuỵ", "Tụy"), ("Nguyễn Thị Thuý Hoà", "Nguyễn Thị Thúy Hòa"), ("Xoà", "Xòa"),
        # already canonical, including closed syllables and qu/gi onsets
        ("Hoàn", "Hoàn"), ("Quý", "Quý"), ("Huỳnh", "Huỳnh"), ("Quỳnh", "Quỳnh"), ("Thuyết", "Thuyết"),
        ("Khuyến", "Khuyến"), ("Nguyễn", "Nguyễn"), ("Toán", "Toán"), ("Hoạch", "Hoạch"), ("Giữa", "Giữa"),
        ("Quảng", "Quảng"), ("Thoại", "Thoại"), ("Khuỷu", "Khuỷu"), ("Người", "Người"), ("Mùa", "Mùa"),
        ("Tài", "Tài"), ("Gìn", "Gìn"), ("Ý", "Ý"), ("Yến", "Yến"), ("Thuở", "Thuở"), ("Hưởng", "Hưởng"),
        # tone on a wrong vowel moved to the main one (same letters)
        ("Hùynh", "Huỳnh"), ("Qúy", "Quý"), ("gìa", "Già"), ("qủa", "Quả"), ("Nguỹên", "Nguyễn"),
        ("Thúyêt", "Thuyết"), ("Thủyết", "Thủyết"),  # two tone marks: left for a person
        # case, spaces, Unicode form
        ("  nguyễn   văn   an  ", "Nguyễn Văn An"), ("NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("nguyễn văn an", "Nguyễn Văn An"), ("đặng đức đạt", "Đặng Đức Đạt"), ("ĐẶNG", "Đặng"),
        (unicodedata.normalize("NFD", "Trần Thị Huệ"), "Trần Thị Huệ"),
        ("Lê\u00a0Văn\u200b An", "Lê Văn An"), ("Lê\tVăn\nAn", "Lê Văn An"), ("\ufeffLê An", "Lê An"),
        ("Ðặng Văn Ngữ", "Đặng Văn Ngữ"), ("'Nguyễn Văn An", "Nguyễn Văn An"),
        # minority names: apostrophes, hyphens, non-Vietnamese syllables untouched
        ("H'Hen Niê", "H'Hen Niê"), ("h'hen niê", "H'Hen Niê"), ("KSOR H'BIA", "Ksor H'Bia"),
        ("Ksor H\u2019Bia", "Ksor H'Bia"), ("Rơ Chăm", "Rơ Chăm"), ("Y Moan Ênuôl", "Y Moan Ênuôl"),
        ("Mlô Duôn Du", "Mlô Duôn Du"), ("Kpă Y Lan", "Kpă Y Lan"), ("lê thị-hoà", "Lê Thị-Hòa"),
        # honorifics
        ("Đ/c Nguyễn Văn An", "Nguyễn Văn An"), ("đ/c: nguyễn văn an", "Nguyễn Văn An"),
        ("Đ/C. Trần Hưng Đạo", "Trần Hưng Đạo"), ("Bà Nguyễn Thị Lan", "Nguyễn Thị Lan"),
        ("Đồng chí Lê Lan", "Lê Lan"), ("ĐỒNG CHÍ NGUYỄN VĂN AN", "Nguyễn Văn An"),
        ("Đồng chí Đồng Chí Thanh", "Đồng Chí Thanh"),
    ],
)  # fmt: skip
def test_normalize_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ông Ích Khiêm", "Ông Ích Khiêm"),  # Ông is a family name
        ("Ông Văn Tùng", "Ông Văn Tùng"),
        ("Đồng Chí Thanh", "Đồng Chí Thanh"),  # Đồng family name + Chí middle name
        ("Đồng Chí Văn Thanh", "Đồng Chí Văn Thanh"),
        ("Bà Lan", "Bà Lan"),  # nothing would be left of a name
        ("Anh Tuấn", "Anh Tuấn"),
        ("Chị Lan Anh", "Chị Lan Anh"),
    ],
)
def test_normalize_name_keeps_what_may_be_a_name(raw, expected):
    assert normalize_name(raw) == expected


@pytest.mark.parametrize(("a", "b"), [("Hùng", "Hưng"), ("Hằng", "Hạng"), ("Thủy", "Thùy"), ("Lan", "Lân")])
def test_normalize_name_never_merges_different_people(a, b):
    assert normalize_name(a) != normalize_name(b)


@pytest.mark.parametrize("raw", [None, "", "  ", "-", "NULL", "#N/A"])
def test_normalize_name_blank(raw):
    assert normalize_name(raw or "") == ""


@pytest.mark.parametrize("syllable", ["hoà", "hòa", "gi", "qu", "ksor", "mlô", "hòà", "xyz", "ng", "uỷ"])
def test_place_tone_never_fails(syllable):
    assert _letters(place_tone(syllable)) == _letters(syllable)


# --- properties ---------------------------------------------------------------------------------------

_ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh",
           "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]  # fmt: skip
_NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy", "uê", "ua", "ưa",
           "ươ", "uô", "iê", "yê", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi",
           "ơi", "ui", "ưi", "ưu", "oai", "oay", "uya", "uyê", "ươi", "ươu", "iêu", "yêu", "uôi"]  # fmt: skip
_CODAS = ["", "", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@st.composite
def syllables(draw):
    base = draw(st.sampled_from(_ONSETS)) + draw(st.sampled_from(_NUCLEI)) + draw(st.sampled_from(_CODAS))
    tone = draw(st.sampled_from(_TONES))
    vowels = [i for i, ch in enumerate(base) if ch in "aăâeêioôơuưy"]
    at = draw(st.sampled_from(vowels)) if vowels else len(base) - 1
    syllable = unicodedata.normalize("NFC", base[: at + 1] + tone + base[at + 1 :])  # tone on ANY vowel
    case = draw(st.sampled_from([str.lower, str.upper, str.title, str.capitalize]))
    return case(syllable)


@st.composite
def messy_names(draw):
    words = draw(st.lists(syllables(), min_size=1, max_size=5))
    seps = draw(st.lists(st.sampled_from([" ", "  ", "\u00a0", " \u200b", "\t", "-", "'"]),
                         min_size=len(words), max_size=len(words)))  # fmt: skip
    name = "".join(w + s for w, s in zip(words, seps, strict=True)).strip("-'")
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return draw(st.sampled_from(["", " ", "\u00a0"])) + unicodedata.normalize(form, name)


_HONORIFIC = re.compile(r"^['\" ]*(ba |dong chi |d\s*[/.]\s*c)")
_ALPHABET = st.sampled_from(
    list("aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ")
    + list("bcdđghklmnpqrstvxfjwzAĂÂĐÊÔƠƯHÒÀÙỦ '-\u00a0\u200b\u2019.0123456789")
)


@given(st.one_of(messy_names(), st.text(_ALPHABET, max_size=30)))
def test_normalize_name_is_idempotent(name):
    once = normalize_name(name)
    assert normalize_name(once) == once


@given(st.one_of(messy_names(), st.text(_ALPHABET, max_size=30)))
def test_normalize_name_keeps_the_folded_name(name):
    assume(not is_blank(name) and not _HONORIFIC.match(fold(name)))
    assert fold(normalize_name(name)) == fold(name)


@given(messy_names())
def test_normalize_name_never_changes_a_letter(name):
    assume(not is_blank(name) and not _HONORIFIC.match(fold(name)))
    # Letters with their quality marks (Hùng ≠ Hưng) survive; only tone position, case, spacing change.
    assert _letters(normalize_name(name)) == _letters(name.replace("\u200b", "").replace("\u2019", "'"))


@given(messy_names())
def test_normalize_name_output_is_tidy(name):
    out = normalize_name(name)
    assert out == unicodedata.normalize("NFC", out)
    assert out == out.strip()
    assert "  " not in out
    assert "\u00a0" not in out
    assert "\u200b" not in out


# --- characters a name may hold ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("<script>alert(1)</script>", ["(", ")", "/", "1", "<", ">"]),
        ("=HYPERLINK(A1)", ["(", ")", "1", "="]),
        ("an@mail.vn", [".", "@"]),
        ("Nguyễn {Văn} [An]; Bình", [";", "[", "]", "{", "}"]),
        ("Nguyễn Văn An\t", ["\t"]),
        ("Müller", ["ü"]),
    ],
)
def test_invalid_name_characters_are_named(name, bad):
    assert invalid_name_characters(name) == bad


@pytest.mark.parametrize(
    "name",
    ["H'Hen Niê", "Ksor Hʼ Bia", "Y Moan Ênuôl", "Y Ƀăp Kpă", "Nay Ŭ Ŏ Ĕ Ĭ Č Ñ", "Ô\u0306 Ơ\u0306 Ư\u0306",
     "Quàng Thị Ỷ", "FJWZ fjwz", "Bùi Kim-Ngọc"],
)  # fmt: skip
def test_minority_letters_apostrophes_and_hyphens_are_allowed(name):
    assert invalid_name_characters(name) == []


@given(messy_names())
def test_a_normalised_vietnamese_name_holds_no_invalid_character(name):
    assert invalid_name_characters(normalize_name(name)) == []


def test_every_vietnamese_letter_with_every_tone_is_allowed():
    for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
        for tone in _TONES:
            assert invalid_name_characters(unicodedata.normalize("NFC", vowel + tone)) == []
    assert invalid_name_characters("đĐ") == []
