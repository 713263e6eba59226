"""The hard cases every demo export holds, whatever the random defects: the cases that once stopped a
unit from finishing its campaign in the browser (issue 10), so anyone trying the demo meets them.

* a **jumped member**: a member another ward holds, in this ward's file with a CCCD one digit apart —
  the queue shows "held by another unit" and offers a transfer request;
* a row to **confirm against the paper file**: the birth year disagrees with the CCCD's digits;
* a **warning-only row**: a landline phone and the ethnicity "Khác", kept as they are in the registry;
* a **duplicate person**: the first member again, name typed without diacritics, under a new code;
* a **name in a legacy font**: a member's name as a VNI-Windows file shows it (`Nguyeãn Vaên An`),
  which the checker reads back and offers in Unicode for the unit to accept.
"""

from __future__ import annotations

import re

import polars as pl

from sotay import vn
from sotay.members.models import Member
from sotay.orgs.models import Org
from sotay.pipeline.legacy_fonts import to_unicode, vni_typed

LANDLINE = "028 3812 3456"
DAY = re.compile(r"(\d{2})/(\d{2})/(\d{4})")
CCCD = re.compile(r"\d{12}")


def _plain(row: dict[str, str | None]) -> bool:
    """An official member's row whose CCCD and birth date are well formed: the random defects of the
    export may have broken any field, and the hard cases are written over rows they left alone."""
    return (
        row.get("Tình trạng") == "Chính thức"
        and CCCD.fullmatch(row.get("Số CCCD") or "") is not None
        and DAY.fullmatch(row.get("Ngày sinh") or "") is not None
    )


def _legacy_row(member: Member, branch_code: str) -> dict[str, str]:
    def day(d: object) -> str:
        return d.strftime("%d/%m/%Y") if d else ""  # type: ignore[attr-defined]

    return {
        "Mã đảng viên": member.code,
        "Họ và tên": member.full_name,
        "Ngày sinh": day(member.birth_date),
        "Giới tính": member.gender,
        "Số CCCD": member.cccd,
        "Số thẻ đảng viên": member.card_number or "",
        "Ngày vào Đảng": day(member.admission_date),
        "Ngày chính thức": day(member.official_date),
        "Dân tộc": member.ethnicity,
        "Tôn giáo": member.religion,
        "Mã tổ chức": branch_code,
        "Tình trạng": "Chính thức" if member.status == "chinh_thuc" else "Dự bị",
    }


def as_vni(name: str) -> str | None:
    """`name` as a VNI-Windows export shows it read as Windows-1252, if the checker reads it back to the
    same name (some short names are ambiguous between the two legacy fonts); else None."""
    typed = vni_typed(name)
    return typed if typed != name and to_unicode(typed) == ("VNI", name) else None


def one_digit_apart(cccd: str) -> str:
    """The same CCCD with its last digit changed (province, gender and birth year still agree)."""
    return cccd[:-1] + str((int(cccd[-1]) + 1) % 10)


def add_hard_cases(frame: pl.DataFrame, *, ward: Org, elsewhere: Org | None) -> pl.DataFrame:
    """`frame` (the ward's rows of a legacy export, all text) with the hard cases written in."""
    rows = frame.to_dicts()
    columns = frame.columns
    plain = [i for i, r in enumerate(rows) if _plain(r)]
    if len(plain) >= 3:
        first, paper, warned = plain[0], plain[1], plain[2]
        # Confirm against paper: the birth year one off the CCCD's.
        day, month, year = rows[paper]["Ngày sinh"].split("/")
        rows[paper]["Ngày sinh"] = f"{day}/{month}/{int(year) + 1}"
        # Only warned about: a landline and an ethnicity outside the list of 54.
        rows[warned]["Số điện thoại"] = LANDLINE
        rows[warned]["Dân tộc"] = "Khác"
        # The same person twice: the copy typed without diacritics, under a code of its own.
        copy = dict(rows[first])
        copy["Mã đảng viên"] = f"{copy['Mã đảng viên']}B"[:32]
        copy["Họ và tên"] = vn.fold(copy["Họ và tên"] or "").title()
        rows.append(copy)
    # A name in a legacy font: the first of the other plain rows whose name the checker reads back.
    for i in plain[3:]:
        if (typed := as_vni(rows[i]["Họ và tên"] or "")) is not None:
            rows[i]["Họ và tên"] = typed
            break
    branch_code = next((r["Mã tổ chức"] for r in rows if r.get("Mã tổ chức")), "")
    jumped = (
        Member.objects.active().in_subtree(elsewhere).exclude(card_number=None).order_by("code").first()
        if elsewhere is not None
        else None
    )
    if jumped is not None and branch_code:
        row = _legacy_row(jumped, branch_code)
        row["Số CCCD"] = one_digit_apart(jumped.cccd)
        rows.append(row)
    out = pl.DataFrame(
        [{c: r.get(c) for c in columns} for r in rows], schema=dict.fromkeys(columns, pl.String)
    )
    return out.with_columns(pl.Series("STT", [str(i) for i in range(1, out.height + 1)]))
