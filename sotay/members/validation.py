"""Validation of a member record before it enters the registry (the clean 4.0 store).

The registry refuses what the checker reports as errors (legacy-format.md §4): a record that is here
is consistent. Messages are Vietnamese, for staff; each is keyed by the field it concerns.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from sotay import vn
from sotay.members.models import Gender, MemberStatus
from sotay.orgs.models import BRANCH_TYPES, Org

MIN_ADMISSION_AGE = 18
# Looked up for every row of a bulk load: `TextChoices.values` builds a new list on each access.
GENDERS = frozenset(Gender.values)
STATUSES = frozenset(MemberStatus.values)


@dataclass
class CleanRecord:
    """Cleaned field values plus the errors found, keyed by model field name."""

    values: dict[str, Any]
    errors: dict[str, list[str]]

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)


def clean_record(data: dict[str, Any], *, today: datetime.date | None = None) -> CleanRecord:
    """Normalise and check every field of `data` (model field names) against the registry's rules."""
    today = today or datetime.date.today()
    out = CleanRecord(values=dict(data), errors={})
    v = out.values

    if "full_name" in v:
        v["full_name"] = vn.normalize_name(str(v["full_name"] or ""))
        if not v["full_name"]:
            out.add("full_name", "Họ và tên không được để trống.")
        elif bad := vn.invalid_name_characters(v["full_name"]):
            shown = " ".join(f"«{c}»" for c in bad)
            out.add(
                "full_name",
                f"Họ và tên có ký tự không thể có trong tên người: {shown}. "
                "Tên chỉ gồm chữ cái, dấu cách, dấu gạch nối và dấu nháy đơn (như H'Hen).",
            )
        if len(v["full_name"]) > vn.MAX_NAME_LENGTH:
            out.add(
                "full_name", f"Họ và tên dài hơn {vn.MAX_NAME_LENGTH} ký tự ({len(v['full_name'])} ký tự)."
            )
    for field in ("cccd", "card_number", "phone"):
        if v.get(field) is None:
            v[field] = ""
    if "cccd" in v:
        v["cccd"] = vn.clean_cccd(str(v["cccd"]))
        if not vn.is_cccd(v["cccd"]):
            out.add("cccd", "Số CCCD phải gồm đúng 12 chữ số (số CMND 9 số cần đổi sang CCCD).")
        elif not vn.cccd_province_valid(v["cccd"]):
            out.add("cccd", f"Ba số đầu của CCCD ({v['cccd'][:3]}) không phải mã tỉnh nơi đăng ký khai sinh.")
    if "card_number" in v:
        v["card_number"] = vn.clean_card(str(v["card_number"])) or None
        if v["card_number"] is not None and not vn.is_card(v["card_number"]):
            out.add("card_number", "Số thẻ đảng viên phải gồm đúng 8 chữ số.")
    if v.get("phone"):
        phone = vn.clean_phone(str(v["phone"]))
        if not phone.valid_mobile:
            out.add("phone", "Số điện thoại không phải số di động Việt Nam hợp lệ.")
        v["phone"] = phone.value
    if "gender" in v and v["gender"] not in GENDERS:
        out.add("gender", "Giới tính phải là Nam hoặc Nữ.")
    if "status" in v and v["status"] not in STATUSES:
        out.add("status", "Tình trạng đảng viên không hợp lệ.")
    for field in ("ethnicity", "religion"):
        raw = v.get(field)
        if raw:
            matched = (vn.match_ethnicity if field == "ethnicity" else vn.match_religion)(str(raw))
            if matched is None:
                label = "Dân tộc" if field == "ethnicity" else "Tôn giáo"
                out.add(field, f"{label} «{raw}» không có trong danh mục.")
            else:
                v[field] = matched
    org = v.get("org")
    if "org" in v and (not isinstance(org, Org) or org.type not in BRANCH_TYPES):
        out.add("org", "Đảng viên chỉ sinh hoạt ở chi bộ hoặc chi bộ cơ sở.")
    elif isinstance(org, Org) and org.valid_to is not None and org.valid_to < today:
        out.add("org", f"Chi bộ «{org.name}» đã giải thể hoặc sáp nhập từ {org.valid_to:%d/%m/%Y}.")

    _check_dates(out, today)
    return out


def _check_dates(out: CleanRecord, today: datetime.date) -> None:
    v = out.values
    birth, admitted, official = v.get("birth_date"), v.get("admission_date"), v.get("official_date")
    for field, value in (("birth_date", birth), ("admission_date", admitted), ("official_date", official)):
        if value is not None and value > today:
            out.add(field, "Ngày này ở sau ngày hôm nay.")
    if birth and admitted and vn.age_on(birth, admitted) < MIN_ADMISSION_AGE:
        out.add("admission_date", "Chưa đủ 18 tuổi vào ngày vào Đảng.")
    if admitted and official and official <= admitted:
        out.add("official_date", "Ngày chính thức phải sau ngày vào Đảng.")
    status = v.get("status")
    if status == MemberStatus.DU_BI:
        if official:
            out.add("official_date", "Đảng viên dự bị chưa có ngày chính thức.")
        if v.get("card_number"):
            out.add("card_number", "Đảng viên dự bị chưa được cấp thẻ đảng viên.")
    elif (
        status in (MemberStatus.CHINH_THUC, MemberStatus.MIEN_SINH_HOAT)
        and "official_date" in v
        and not official
    ):
        out.add("official_date", "Đảng viên chính thức phải có ngày chính thức.")
    cccd, gender = v.get("cccd") or "", v.get("gender")
    info = vn.decode_cccd(cccd) if cccd else None
    if info is not None:
        if gender in GENDERS and info.gender != gender:
            out.add("cccd", f"Chữ số giới tính của CCCD cho biết «{info.gender}», khác giới tính «{gender}».")
        if birth and info.birth_year != birth.year:
            # Neutral on which is wrong: the birth date may be the one just typed (a correction), not the
            # record's.
            out.add("cccd", f"CCCD cho biết năm sinh {info.birth_year}, còn ngày sinh ghi năm {birth.year}.")
