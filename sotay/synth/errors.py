"""Single-row error defects (see the table in defects.py); each records exactly the findings it causes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sotay.synth.names import cccd_province_codes

if TYPE_CHECKING:
    from sotay.synth.inject import Injector

# 12-digit prefixes that are not birth-registration provinces (the 63 codes skip these numbers).
BAD_PROVINCES = [
    "003", "005", "007", "009", "013", "016", "018", "021", "023", "028", "039", "047", "050",
    "053", "057", "063", "069", "073", "078", "081", "085", "088", "090", "097", "098", "099",
]  # fmt: skip
assert not {int(c) for c in BAD_PROVINCES} & set(cccd_province_codes())
REQUIRED = ["ho_ten", "ngay_sinh", "gioi_tinh", "cccd", "ngay_vao_dang", "ma_to_chuc", "tinh_trang"]
IMPOSSIBLE_DAYS = ["31/02", "30/02", "29/02", "31/04", "31/06", "31/09", "31/11", "00/05", "15/13", "32/01"]


def required_missing(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        column = inj.pick(REQUIRED)
        inj.set(r, column, "", "")
        inj.find(r, "required_missing", column)


def date_invalid(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        column = inj.pick(["ngay_sinh", "ngay_vao_dang"])
        year = int(inj.b.clean[column][r][:4])
        day = inj.pick(IMPOSSIBLE_DAYS)
        if day == "29/02" and (year % 4 == 0):
            day = "30/02"  # 29/02 exists in leap years
        inj.set(r, column, f"{day}/{year}", "")
        inj.find(r, "date_invalid", column)


def gender_invalid(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        inj.set(r, "gioi_tinh", inj.pick(["?", "x", "Nam/Nữ", "Không rõ"]), "")
        inj.find(r, "gender_invalid", "gioi_tinh")


def cccd_format(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        cccd = inj.b.clean["cccd"][r]
        if inj.py.random() < 0.7:  # an old 9-digit CMND (first two digits = issuing province)
            value = f"{inj.py.randrange(1, 39):02d}{inj.py.randrange(10_000_000):07d}"
        else:  # a digit typed twice
            pos = inj.py.randrange(3, 12)
            value = cccd[:pos] + cccd[pos] + cccd[pos:]
        inj.set(r, "cccd", value, "")
        inj.find(r, "cccd_format", "cccd")


def cccd_province(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        value = inj.invalidate(inj.pick(BAD_PROVINCES) + inj.b.clean["cccd"][r][3:11])
        if value is not None:
            inj.set(r, "cccd", value, "")
            inj.find(r, "cccd_province", "cccd")


def cccd_gender_mismatch(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        cccd = inj.b.clean["cccd"][r]
        value = inj.invalidate(cccd[:3] + str(int(cccd[3]) ^ 1) + cccd[4:11])
        if value is not None:
            inj.set(r, "cccd", value, value)
            inj.find(r, "cccd_gender_mismatch", "cccd")


def cccd_birth_year_mismatch(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        cccd = inj.b.clean["cccd"][r]
        yy = (int(cccd[4:6]) + inj.py.choice([-10, -2, -1, 1, 2, 10])) % 100
        value = inj.invalidate(cccd[:4] + f"{yy:02d}" + cccd[6:11])
        if value is not None:
            inj.set(r, "cccd", value, value)
            inj.find(r, "cccd_birth_year_mismatch", "cccd")


def status_invalid(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        inj.set(r, "tinh_trang", inj.pick(["?", "x", "Đang sinh hoạt", "Không rõ"]), "")
        inj.find(r, "status_invalid", "tinh_trang")


def card_format(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        card = inj.b.clean["so_the"][r]
        kind = inj.py.randrange(3)
        value = {0: card + card[-1], 1: card + card[-2:], 2: card[:4] + "A" + card[5:]}[kind]
        inj.set(r, "so_the", value, "")
        inj.find(r, "card_format", "so_the")


def phone_invalid(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        if inj.py.random() < 0.7:  # a HCMC landline
            value = f"028{inj.py.randrange(3000_0000, 3999_9999):08d}"
        else:
            value = str(inj.py.randrange(10_000, 999_999))
        inj.set(r, "so_dien_thoai", value, "")
        inj.find(r, "phone_invalid", "so_dien_thoai")


def ethnicity_unknown(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        inj.set(r, "dan_toc", inj.pick(["Khác", "Pháp", "Ấn Độ", "Dân tộc khác"]), "")
        inj.find(r, "ethnicity_unknown", "dan_toc")


def religion_unknown(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        inj.set(r, "ton_giao", inj.pick(["Đạo Mẫu", "Thờ cúng tổ tiên", "Khác"]), "")
        inj.find(r, "religion_unknown", "ton_giao")


def org_unknown(inj: Injector, rows: np.ndarray) -> None:
    for r in rows.tolist():
        leaf = inj.b.clean["ma_to_chuc"][r]
        # Half the time the branch's parent (a real org, but not a leaf), else a code that does not exist.
        value = leaf.rsplit(".", 1)[0] if inj.py.random() < 0.5 else leaf.split(".")[0] + ".99999.001"
        inj.set(r, "ma_to_chuc", value, "")
        inj.find(r, "org_unknown", "ma_to_chuc")
