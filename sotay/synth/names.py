"""Weighted pools: Vietnamese names, ethnic groups, religions, phone prefixes, street names.

Names are Họ + đệm + tên (never Faker's Western order, domain.md §6.3), written NFC with the canonical tone
placement of official unit names (Hòa, Thủy, Thụy, Khỏe). Weights are rough shares among party members in
the South; Huỳnh and Võ are Southern forms of Hoàng and Vũ, so both pairs appear.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA_DIR = Path(__file__).resolve().parent.parent / "vn" / "data"

FAMILY: dict[str, float] = {
    "Nguyễn": 38.0, "Trần": 11.0, "Lê": 9.5, "Phạm": 6.0, "Huỳnh": 4.5, "Phan": 4.0, "Võ": 4.0,
    "Hoàng": 2.0, "Vũ": 1.5, "Đặng": 2.0, "Bùi": 2.0, "Đỗ": 1.6, "Hồ": 1.5, "Ngô": 1.3, "Dương": 1.0,
    "Lý": 0.7, "Trương": 1.2, "Đinh": 0.8, "Lâm": 0.7, "Mai": 0.6, "Đoàn": 0.6, "Tô": 0.4, "Cao": 0.4,
    "Lương": 0.4, "Châu": 0.4, "Đào": 0.4, "Tạ": 0.3, "Hà": 0.3, "Thái": 0.3, "Lưu": 0.3, "Quách": 0.2,
    "Kiều": 0.1, "Triệu": 0.1, "La": 0.1, "Tăng": 0.1, "Văn": 0.1,
}  # fmt: skip

# Middle names (đệm). "Văn" and "Thị" dominate among older members; younger ones have more variety.
MIDDLE_MALE: dict[str, float] = {
    "Văn": 40.0, "Hữu": 6.0, "Đức": 6.0, "Minh": 8.0, "Quốc": 5.0, "Thanh": 5.0, "Công": 4.0,
    "Hoàng": 3.0, "Xuân": 2.0, "Ngọc": 3.0, "Trọng": 2.0, "Quang": 3.0, "Anh": 2.0, "Tấn": 3.0,
    "Thành": 3.0, "Phước": 1.5, "Trung": 1.5, "Chí": 2.0, "Bá": 1.0, "Đình": 2.0, "Duy": 2.0, "Gia": 1.0,
}  # fmt: skip
MIDDLE_FEMALE: dict[str, float] = {
    "Thị": 45.0, "Ngọc": 8.0, "Thu": 4.0, "Thanh": 5.0, "Kim": 5.0, "Thúy": 2.5, "Mỹ": 3.0, "Bích": 2.5,
    "Hồng": 3.0, "Diệu": 1.5, "Minh": 2.0, "Phương": 2.0, "Hoài": 1.5, "Khánh": 1.5, "Bảo": 1.0,
    "Cẩm": 1.5, "Tuyết": 1.0, "Hoàng": 1.0, "Quỳnh": 1.0,
}  # fmt: skip
# Second middle syllables after "Thị"/"Văn" ("Nguyễn Thị Ngọc Ánh", "Trần Văn Minh Tuấn").
SECOND_MIDDLE_FEMALE = ["Ngọc", "Thanh", "Kim", "Thu", "Mỹ", "Bích", "Hồng", "Thúy", "Kiều", "Phương"]
SECOND_MIDDLE_MALE = ["Minh", "Thanh", "Quốc", "Hoàng", "Ngọc", "Tấn"]
# Middle names only one sex uses: the tests check these never cross over.
MALE_ONLY_MIDDLE = {"Văn", "Hữu", "Đức", "Quốc", "Công", "Trọng", "Tấn", "Phước", "Bá", "Đình", "Chí"}
FEMALE_ONLY_MIDDLE = {"Thị", "Thu", "Kim", "Thúy", "Mỹ", "Bích", "Diệu", "Cẩm", "Tuyết", "Kiều"}

GIVEN_MALE: dict[str, float] = {
    "Hùng": 4, "Dũng": 4, "Minh": 4, "Tuấn": 4, "Hải": 3, "Long": 3, "Nam": 3, "Thành": 3, "Trung": 3,
    "Sơn": 3, "Phúc": 2, "Tài": 2, "Lộc": 2, "Hòa": 2, "Thắng": 3, "Bình": 3, "Cường": 3, "Khoa": 2,
    "Quang": 2, "Vinh": 2, "Hiếu": 2, "Tâm": 2, "Đạt": 2, "Huy": 3, "Kiên": 1, "Phong": 2, "Tùng": 2,
    "Tú": 1, "Việt": 2, "Quý": 1, "Toàn": 2, "Thuận": 2, "Nghĩa": 2, "Hưng": 2, "Tiến": 2, "Bảo": 1,
    "Khánh": 2, "Lâm": 1, "Thịnh": 1, "Đông": 1, "Hoàng": 2, "Hậu": 1, "Lợi": 1, "Nhân": 2, "Phát": 1,
    "Sang": 1, "Tín": 1, "Trí": 2, "Vũ": 1, "Duy": 1, "Hiển": 1, "Thọ": 1, "Chiến": 1, "Thụy": 0.5,
    "Hoàn": 1, "Huỳnh": 0.3, "Mạnh": 1, "Thái": 1, "Phương": 1, "Định": 1, "An": 1, "Khải": 0.5,
}  # fmt: skip
GIVEN_FEMALE: dict[str, float] = {
    "Lan": 4, "Hương": 4, "Hoa": 3, "Mai": 3, "Hằng": 3, "Trang": 4, "Linh": 4, "Ngọc": 2, "Hà": 3,
    "Thảo": 3, "Phương": 3, "Nga": 3, "Yến": 3, "Loan": 2, "Thủy": 3, "Hạnh": 3, "Dung": 3, "Tuyết": 2,
    "Nhung": 2, "Hiền": 3, "Vân": 3, "Anh": 3, "Hồng": 2, "Oanh": 2, "Thúy": 2, "Huệ": 2, "Diệp": 1,
    "Xuân": 2, "Liên": 2, "Nhi": 2, "Trinh": 2, "Uyên": 2, "Vy": 2, "Châu": 1, "Quyên": 1, "Thu": 2,
    "Hòa": 1, "Thoa": 1, "Ngân": 2, "Giang": 2, "Quỳnh": 2, "Huyền": 2, "Nguyệt": 1, "Duyên": 1,
    "Tâm": 1, "Kiều": 1, "My": 1, "Thư": 1, "Thùy": 1, "Bích": 1, "Hậu": 1,
}  # fmt: skip

# Khmer and Hoa members often carry their community's family names (Thạch, Danh, Sơn; Lý, Lâm, Quách).
FAMILY_KHMER: dict[str, float] = {"Thạch": 5, "Danh": 4, "Sơn": 3, "Kim": 2, "Lâm": 1, "Lý": 1}
FAMILY_HOA: dict[str, float] = {"Lý": 3, "Lâm": 3, "Quách": 2, "Trương": 2, "Tăng": 1, "Hứa": 1, "Mã": 1}

ETHNIC_SHARE: dict[str, float] = {
    "Kinh": 95.4, "Hoa": 1.6, "Khơ-me": 0.8, "Tày": 0.45, "Nùng": 0.4, "Mường": 0.35, "Thái": 0.25,
    "Chăm": 0.2, "Dao": 0.1, "Mông": 0.05, "Sán Dìu": 0.05, "Ê-đê": 0.05, "Gia-rai": 0.05,
    "Xtiêng": 0.05, "Chơ-ro": 0.05, "Cơ-ho": 0.05, "Mnông": 0.05,
}  # fmt: skip
RELIGION_SHARE: dict[str, float] = {
    "Không": 86.5, "Phật giáo": 7.5, "Công giáo": 4.0, "Cao Đài": 0.8, "Tin Lành": 0.4,
    "Phật giáo Hòa Hảo": 0.6, "Hồi giáo": 0.1, "Tứ Ân Hiếu Nghĩa": 0.05, "Bửu Sơn Kỳ Hương": 0.05,
}  # fmt: skip

# Current 10-digit mobile prefixes (domain.md §6.5). 087 (Itel) and 055 (Reddi) are left out of clean
# data on purpose: some carrier tables omit them, and a clean row must trigger no finding.
MOBILE_PREFIX: dict[str, float] = {
    "096": 6, "097": 6, "098": 6, "086": 3, "032": 2, "033": 2, "034": 2, "035": 2, "036": 2, "037": 2,
    "038": 2, "039": 2, "091": 5, "094": 4, "088": 2, "081": 1, "082": 1, "083": 1, "084": 1, "085": 1,
    "090": 6, "093": 4, "089": 2, "070": 1, "076": 1, "077": 1, "078": 1, "079": 1, "092": 1, "056": 0.5,
    "058": 0.5, "099": 0.3, "059": 0.2,
}  # fmt: skip
# 2018 renumbering, new prefix -> old 11-digit prefix (last 7 digits kept), domain.md §6.5.
OLD_PREFIX: dict[str, str] = {
    "032": "0162", "033": "0163", "034": "0164", "035": "0165", "036": "0166", "037": "0167",
    "038": "0168", "039": "0169", "070": "0120", "079": "0121", "077": "0122", "076": "0126",
    "078": "0128", "083": "0123", "084": "0124", "085": "0125", "081": "0127", "082": "0129",
    "056": "0186", "058": "0188", "059": "0199",
}  # fmt: skip

STREETS = [
    "Nguyễn Huệ", "Lê Lợi", "Hai Bà Trưng", "Trần Hưng Đạo", "Nguyễn Trãi", "Võ Văn Kiệt", "Lê Văn Việt",
    "Điện Biên Phủ", "Cách Mạng Tháng Tám", "Nguyễn Văn Linh", "Phạm Văn Đồng", "Xa lộ Hà Nội",
    "Đỗ Xuân Hợp", "Lã Xuân Oai", "Nguyễn Duy Trinh", "Lê Văn Sỹ", "Hoàng Văn Thụ", "Phan Đăng Lưu",
    "Quang Trung", "Nguyễn Oanh", "Lê Đức Thọ", "Tô Ký", "Trường Chinh", "Âu Cơ", "Lũy Bán Bích",
    "Kinh Dương Vương", "Hậu Giang", "Tỉnh lộ 10", "Huỳnh Tấn Phát", "Nguyễn Thị Thập", "Đường số 7",
    "Đường số 12", "Lê Hồng Phong", "Ba Tháng Hai", "Nguyễn Chí Thanh", "Đại lộ Bình Dương",
]  # fmt: skip

Probs = npt.NDArray[np.float64]


def weighted(pool: dict[str, float]) -> tuple[list[str], Probs]:
    """Split a name->weight pool into (names, probabilities summing to 1).

    Example:
        >>> weighted({"A": 1, "B": 3})
        (['A', 'B'], array([0.25, 0.75]))
    """
    names = list(pool)
    weights = np.array([pool[n] for n in names], dtype=np.float64)
    return names, weights / weights.sum()


def _read_names(filename: str) -> list[str]:
    with (DATA_DIR / filename).open(encoding="utf-8") as f:
        return [row["name"] for row in csv.DictReader(f, delimiter="\t")]


@cache
def cccd_province_codes() -> tuple[int, ...]:
    """The 63 birth-registration codes of TT 07/2016 (sotay/vn/data/cccd_province_codes.tsv).

    Example:
        >>> len(cccd_province_codes()), cccd_province_codes()[-1]
        (63, 96)
    """
    with (DATA_DIR / "cccd_province_codes.tsv").open(encoding="utf-8") as f:
        return tuple(int(row["code"]) for row in csv.DictReader(f, delimiter="\t"))


@cache
def canonical_ethnic_groups() -> frozenset[str]:
    """Canonical names of the 54 groups; the shares above must only use these.

    Example:
        >>> "Khơ-me" in canonical_ethnic_groups()
        True
    """
    return frozenset(_read_names("ethnic_groups.tsv"))


@cache
def canonical_religions() -> frozenset[str]:
    """Canonical religion names, ``Không`` included.

    Example:
        >>> "Công giáo" in canonical_religions()
        True
    """
    return frozenset(_read_names("religions.tsv"))


@cache
def aliases(filename: str) -> dict[str, tuple[str, ...]]:
    """canonical name -> spelling variants listed in a reference table (``ethnic_groups.tsv`` ...).

    Example:
        >>> aliases("ethnic_groups.tsv")["Khơ-me"][0]
        'Khmer'
    """
    with (DATA_DIR / filename).open(encoding="utf-8") as f:
        return {
            row["name"]: tuple(a for a in (row.get("aliases") or "").split("|") if a)
            for row in csv.DictReader(f, delimiter="\t")
        }
