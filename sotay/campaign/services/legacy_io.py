"""Writing legacy-layout files (legacy-format.md §1–§2) from the registry and from staged records.

The checker and the reconciler read files; the campaign hands them the registry's organisation tree,
the staged records as they stand after review, and the registry's state after a migration.
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sotay.members.models import Member, MemberStatus
from sotay.orgs.legacy import LEGACY_KIND_TO_TYPE
from sotay.orgs.models import Org, OrgType
from sotay.pipeline.internals.headers import MEMBER_COLUMNS

MEMBER_HEADERS = tuple(c.header for c in MEMBER_COLUMNS)
# Header (as the checker names a finding's field) -> StagedRecord field.
HEADER_TO_FIELD: dict[str, str] = {
    "Mã đảng viên": "member_code",
    "Họ và tên": "full_name",
    "Ngày sinh": "birth_date",
    "Giới tính": "gender",
    "Số CCCD": "cccd",
    "Số thẻ đảng viên": "card_number",
    "Ngày vào Đảng": "admission_date",
    "Ngày chính thức": "official_date",
    "Dân tộc": "ethnicity",
    "Tôn giáo": "religion",
    "Quê quán": "hometown",
    "Nơi thường trú": "residence",
    "Số điện thoại": "phone",
    "Trình độ học vấn": "education",
    "Lý luận chính trị": "political_theory",
    "Mã tổ chức": "org_code",
    "Tình trạng": "status",
}
FIELD_TO_HEADER = {v: k for k, v in HEADER_TO_FIELD.items()}
# Reconciler / normalized.csv column -> StagedRecord field.
NORMALIZED_TO_FIELD: dict[str, str] = {
    "member_code": "member_code",
    "ho_ten": "full_name",
    "ngay_sinh": "birth_date",
    "gioi_tinh": "gender",
    "cccd": "cccd",
    "so_the": "card_number",
    "ngay_vao_dang": "admission_date",
    "ngay_chinh_thuc": "official_date",
    "dan_toc": "ethnicity",
    "ton_giao": "religion",
    "so_dien_thoai": "phone",
    "ma_to_chuc": "org_code",
    "tinh_trang": "status",
}
# A finding's `field` (the checker's column key, or a header) -> StagedRecord field.
FINDING_FIELD: dict[str, str] = (
    NORMALIZED_TO_FIELD
    | HEADER_TO_FIELD
    | {
        "que_quan": "hometown",
        "noi_thuong_tru": "residence",
        "trinh_do_hoc_van": "education",
        "ly_luan_chinh_tri": "political_theory",
    }
)
STATUS_TO_LEGACY = {
    MemberStatus.CHINH_THUC: "Chính thức",
    MemberStatus.DU_BI: "Dự bị",
    MemberStatus.MIEN_SINH_HOAT: "Miễn sinh hoạt",
}
LEGACY_TO_STATUS = {v: k for k, v in STATUS_TO_LEGACY.items()}
_TYPE_TO_LEGACY = {v: k for k, v in LEGACY_KIND_TO_TYPE.items()} | {
    OrgType.TRUNG_UONG: "Đảng bộ tỉnh",
    OrgType.DANG_BO_KHOI_TW: "Đảng bộ cơ quan",
    OrgType.DANG_BO_BO_PHAN: "Đảng bộ cơ sở",  # not a leaf: that is all the checker needs to know
}


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def write_orgs_csv(root: Org, path: Path) -> Path:
    """The subtree of `root` (current organisations) in the organisations-file layout."""
    orgs = Org.objects.in_subtree(root).current().select_related("parent").order_by("path")
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["Mã tổ chức", "Tên tổ chức", "Mã cấp trên", "Loại"])
        for org in orgs:
            parent = org.parent.code if org.parent and org.pk != root.pk else ""
            out.writerow([org.code, org.name, parent, _TYPE_TO_LEGACY[org.type]])
    return path


def staged_row(record: Any) -> list[str]:
    """A staged record (or any object with its fields) as a legacy row without the STT column."""
    return [
        record.member_code,
        record.full_name,
        _date(record.birth_date),
        record.gender,
        record.cccd,
        record.card_number,
        _date(record.admission_date),
        _date(record.official_date),
        record.ethnicity,
        record.religion,
        record.hometown,
        record.residence,
        record.phone,
        record.education,
        record.political_theory,
        record.org_code,
        record.status,
    ]


def write_members_csv(rows: Iterable[list[str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(MEMBER_HEADERS)
        for number, row in enumerate(rows, start=1):
            out.writerow([str(number), *row])
    return path


def registry_rows(root: Org) -> Iterator[list[str]]:
    """The registry's active members under `root`, as the 4.0 side of a reconciliation.

    Streams with `iterator()`: a city subtree is hundreds of thousands of rows.
    """
    members = (
        Member.objects.active()
        .in_subtree(root)
        .select_related("org")
        .order_by("code")
        .iterator(chunk_size=5000)
    )
    for m in members:
        yield [
            m.code,
            m.full_name,
            _date(m.birth_date),
            m.gender,
            m.cccd,
            m.card_number or "",
            _date(m.admission_date),
            _date(m.official_date),
            m.ethnicity,
            m.religion,
            m.hometown,
            m.residence,
            m.phone,
            m.education,
            m.political_theory,
            m.org.code,
            STATUS_TO_LEGACY[MemberStatus(m.status)],
        ]
