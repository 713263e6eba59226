"""Reading names typed in VNI-Windows and TCVN3 (ABC) back into Unicode (`sotay.pipeline.legacy_fonts`)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sotay.pipeline.legacy_fonts import (
    TCVN3,
    TCVN3_TABLE,
    VNI,
    VNI_PAIRS,
    VNI_SINGLES,
    is_syllable,
    to_unicode,
    vni_typed,
)
from sotay.vn import normalize_name

# Codes checked by hand against the published tables (xvnkb vni.h / tcvn.h, TCVN 5712:1993), one per kind.
VNI_CODES = {
    "ế": "eá", "ầ": "aà", "ặ": "aë", "ă": "aê", "ô": "oâ", "ơ": "ô", "ợ": "ôï", "ư": "ö", "ữ": "öõ",
    "ị": "ò", "ỉ": "æ", "ĩ": "ó", "ỵ": "î", "ỳ": "yø", "đ": "ñ", "Đ": "Ñ", "Ế": "EÁ", "Ờ": "ÔØ",
}  # fmt: skip
TCVN3_CODES = {
    "á": 0xB8, "ả": 0xB6, "ă": 0xA8, "ắ": 0xBE, "ầ": 0xC7, "ê": 0xAA, "é": 0xD0, "ị": 0xDE, "ò": 0xDF,
    "ồ": 0xE5, "ợ": 0xEE, "ư": 0xAD, "ữ": 0xF7, "ỵ": 0xFE, "đ": 0xAE, "Đ": 0xA7, "Ư": 0xA6,
}  # fmt: skip

# Every lower-case Vietnamese vowel with every tone, and đ.
LETTERS = sorted(
    {
        unicodedata.normalize("NFC", v + t)
        for v in "aăâeêioôơuưy"
        for t in ("", *"\u0300\u0301\u0303\u0309\u0323")
    }
    - set("aeiouy")
    | {"đ"}
)

SYLLABLES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
    "Văn", "Thị", "Hữu", "Đức", "Thành", "Minh", "Ngọc", "Xuân", "Thủy", "Hương", "Quốc", "Tuấn", "Hằng",
    "Khuê", "Nghĩa", "Trường", "Khuyến", "Thuở", "Ỷ", "Yến", "Giáp", "Quỳnh", "Oanh", "Khuỷu", "Ước", "An",
]  # fmt: skip


def _encode_tcvn3(name: str) -> str:
    # ABC has no capital toned letters: the capitals fonts show the lower-case codes in capitals.
    codes = {v: k for k, v in TCVN3_TABLE.items()}
    return "".join(codes.get(c, codes.get(c.lower(), c)) for c in unicodedata.normalize("NFC", name))


@pytest.mark.parametrize(("letter", "code"), VNI_CODES.items())
def test_the_vni_table_holds_the_published_codes(letter, code):
    assert (VNI_PAIRS | VNI_SINGLES)[code] == letter


@pytest.mark.parametrize(("letter", "code"), TCVN3_CODES.items())
def test_the_tcvn3_table_holds_the_published_codes(letter, code):
    assert TCVN3_TABLE[bytes([code]).decode("cp1252")] == letter


@pytest.mark.parametrize("table", [VNI_PAIRS | VNI_SINGLES, TCVN3_TABLE], ids=["VNI", "TCVN3"])
def test_each_table_writes_every_letter_once(table):
    lower = [v for v in table.values() if v.islower()]
    assert sorted(set(lower)) == LETTERS
    assert len(lower) == len(set(lower))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lª ThÞ Hång", (TCVN3, "Lê Thị Hồng")),
        ("NguyÔn V¨n An", (TCVN3, "Nguyễn Văn An")),
        ("TrÇn Hïng", (TCVN3, "Trần Hùng")),  # no symbol: only characters no name holds
        ("§Æng ThÞ Thu H»ng", (TCVN3, "Đặng Thị Thu Hằng")),
        ("NGUYÔN V¨N AN", (TCVN3, "Nguyễn Văn An")),  # typed with an ABC capitals font
        ("Nguyeãn Vaên An", (VNI, "Nguyễn Văn An")),
        ("Traàn Thò Lan", (VNI, "Trần Thị Lan")),
        ("Tröông Vaên Ñaëng", (VNI, "Trương Văn Đặng")),
        ("Huøng Vöông", (VNI, "Hùng Vương")),
        ("NGUYEÃN VAÊN AN", (VNI, "Nguyễn Văn An")),
        ("Ksor H'Mai Nguyeãn", (VNI, "Ksor H'Mai Nguyễn")),  # words in basic Latin stay as they are
    ],
)
def test_a_name_in_one_legacy_font_reads_back(raw, expected):
    assert to_unicode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "Nguyễn Văn An",  # Unicode already
        "Lê Thành Tâm",  # Unicode in Windows-1252 letters only; would read "Lờ Thành Tõm" as TCVN3
        "Nguyeãn Văn An",  # partly retyped in Unicode (ă): not one font's bytes
        "Nguyeãn Vaên Tuaánn",  # "Tuấnn" is no syllable
        "Müller Hans",
        "François Trần",
        "Ksor H'Mai",
        "Nguyễn Văn An2",
        "",
    ],
)
def test_a_name_no_font_plainly_reads_gets_no_reading(raw):
    assert to_unicode(raw) is None


@pytest.mark.parametrize("word", ["Nguyễn", "khuỷu", "quốc", "gì", "giữa", "Ước", "Ỷ", "oanh", "NGHIÊNG"])
def test_vietnamese_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", ["nguyeón", "vaờn", "Ksor", "tuấnn", "hoàá", "mlô", "ệa", ""])
def test_not_vietnamese_syllables(word):
    assert not is_syllable(word)


@given(st.lists(st.sampled_from(SYLLABLES), min_size=2, max_size=4))
def test_every_name_typed_in_either_font_reads_back_or_is_left_to_a_person(words):
    name = " ".join(words)
    for font, encode in ((VNI, vni_typed), (TCVN3, _encode_tcvn3)):
        read = to_unicode(encode(name))
        assert read in (None, (font, normalize_name(name)))


@pytest.mark.parametrize("name", ["Nguyễn Thị Hương", "Trần Quốc Tuấn", "Đặng Văn Ngữ", "Huỳnh Thúc Kháng"])
def test_common_names_read_back_from_both_fonts(name):
    assert to_unicode(vni_typed(name)) == (VNI, name)
    assert to_unicode(_encode_tcvn3(name)) == (TCVN3, name)
