"""Gender, status, ethnic group, religion."""

import pytest

from sotay.vn import (
    FOREIGN_ORIGIN,
    load_table,
    match_ethnicity,
    match_religion,
    parse_gender,
    parse_status,
)


@pytest.mark.parametrize(
    "raw",
    ["Nam", "nam", "NAM", " Nam ", "Nam giới", "nam gioi", "Giới tính nam", "M", "m", "Male", "trai"],
)
def test_parse_gender_nam(raw):
    assert parse_gender(raw) == "Nam"


@pytest.mark.parametrize(
    "raw", ["Nữ", "nữ", "NỮ", "Nu", "nu", "nư", "Nứ", "Nữ giới", "nu gioi", "F", "f", "Female", "gái"]
)
def test_parse_gender_nu(raw):
    assert parse_gender(raw) == "Nữ"


@pytest.mark.parametrize("raw", ["", "-", "0", "1", "2", "N", "x", "Nam/Nữ", "Na", "Khác", "Nữ Nam"])
def test_parse_gender_rejects(raw):
    assert parse_gender(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Chính thức", "Chính thức"), ("chinh thuc", "Chính thức"), ("CHÍNH THỨC", "Chính thức"),
        ("CT", "Chính thức"), ("ct", "Chính thức"), ("Đảng viên chính thức", "Chính thức"),
        ("ĐVCT", "Chính thức"), ("ĐV chính thức", "Chính thức"),
        ("Dự bị", "Dự bị"), ("du bi", "Dự bị"), ("DB", "Dự bị"), ("Đảng viên dự bị", "Dự bị"),
        ("ĐVDB", "Dự bị"),
        ("Miễn sinh hoạt", "Miễn sinh hoạt"), ("mien sinh hoat", "Miễn sinh hoạt"),
        ("Miễn SH", "Miễn sinh hoạt"), ("miễn sinh hoạt đảng", "Miễn sinh hoạt"),
        ("Miễn công tác và sinh hoạt đảng", "Miễn sinh hoạt"), ("Miễn CT&SH", "Miễn sinh hoạt"),
        ("miễn công tác, sinh hoạt Đảng", "Miễn sinh hoạt"), ("Đảng viên miễn sinh hoạt", "Miễn sinh hoạt"),
    ],
)  # fmt: skip
def test_parse_status(raw, expected):
    assert parse_status(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "-", "1", "Chính", "Dự", "Miễn thuế", "Khai trừ", "Đã chuyển đi", "chính thức dự bị"]
)
def test_parse_status_rejects(raw):
    assert parse_status(raw) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kinh", "Kinh"), ("kinh", "Kinh"), ("KINH", "Kinh"), ("Kinh (Việt)", "Kinh"), ("Việt", "Kinh"),
        ("Dân tộc Kinh", "Kinh"),
        ("Khmer", "Khơ-me"), ("Khơ Me", "Khơ-me"), ("KHƠ-ME", "Khơ-me"), ("Khơ-me", "Khơ-me"),
        ("Mông", "Mông"), ("H'Mông", "Mông"), ("H’Mông", "Mông"), ("Hmông", "Mông"), ("HMông", "Mông"),
        ("HMONG", "Mông"),
        ("Gia Rai", "Gia-rai"), ("Gia-rai", "Gia-rai"), ("Gia Lai", "Gia-rai"), ("Jrai", "Gia-rai"),
        ("Ê Đê", "Ê-đê"), ("Ê-đê", "Ê-đê"), ("ede", "Ê-đê"),
        ("K'Ho", "Cơ-ho"), ("Cơ Ho", "Cơ-ho"), ("Cờ Lao", "Cơ Lao"), ("B Râu", "Brâu"),
        ("Rơ Măm", "Rơ-măm"), ("Gié-Triêng", "Giẻ-Triêng"), ("Ta-ôi", "Tà-ôi"), ("La Chi", "La Chí"),
        ("Bru - Vân Kiều", "Bru-Vân Kiều"), ("Vân Kiều", "Bru-Vân Kiều"), ("Hoa (Hán)", "Hoa"),
        ("Tày", "Tày"), ("Tay", "Tày"), ("Thái", "Thái"), ("Lào", "Lào"), ("Mạ", "Mạ"), ("Mảng", "Mảng"),
        ("Nước ngoài", FOREIGN_ORIGIN), ("Q.tịch gốc nước ngoài", FOREIGN_ORIGIN),
    ],
)  # fmt: skip
def test_match_ethnicity(raw, expected):
    assert match_ethnicity(raw) == expected


@pytest.mark.parametrize("raw", ["", "-", "01", "5", "Dân tộc khác", "Khác", "Mèo", "Kinhh", "dân tộc"])
def test_match_ethnicity_rejects(raw):
    assert match_ethnicity(raw) is None


def test_every_ethnic_group_matches_itself_and_its_aliases():
    rows = load_table("ethnic_groups")
    assert len(rows) == 54
    for row in rows:
        assert match_ethnicity(row["name"]) == row["name"]
        assert match_ethnicity(row["name"].upper()) == row["name"]
        for alias in filter(None, row["aliases"].split("|")):
            assert match_ethnicity(alias) == row["name"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Không", "Không"), ("không", "Không"), ("KHÔNG", "Không"), ("Ko", "Không"), ("K", "Không"),
        ("Không có", "Không"), ("không tôn giáo", "Không"), ("Không theo tôn giáo nào", "Không"),
        ("Phật giáo", "Phật giáo"), ("Phật", "Phật giáo"), ("Đạo Phật", "Phật giáo"),
        ("phat giao", "Phật giáo"),
        ("Thiên Chúa giáo", "Công giáo"), ("Thiên chúa", "Công giáo"), ("Công giáo", "Công giáo"),
        ("Hòa Hảo", "Phật giáo Hòa Hảo"), ("Hoà Hảo", "Phật giáo Hòa Hảo"),
        ("Tin lành", "Tin Lành"), ("Đạo Tin Lành", "Tin Lành"), ("Đạo Hồi", "Hồi giáo"),
        ("Islam", "Hồi giáo"),
        ("Cao đài", "Cao Đài"), ("Tôn giáo: Cao Đài", "Cao Đài"),
    ],
)  # fmt: skip
def test_match_religion(raw, expected):
    assert match_religion(raw) == expected


@pytest.mark.parametrize("raw", ["", "-", "01", "Khác", "Tin", "Đạo", "Cơ đốc Phục lâm"])
def test_match_religion_rejects(raw):
    assert match_religion(raw) is None


def test_every_religion_matches_itself_and_its_aliases():
    for row in load_table("religions"):
        assert match_religion(row["name"]) == row["name"]
        for alias in filter(None, row["aliases"].split("|")):
            assert match_religion(alias) == row["name"]
