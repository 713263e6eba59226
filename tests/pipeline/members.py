"""Tiny inline member files for the pipeline tests: two consistent members and a writer."""

import csv
import datetime as dt
from pathlib import Path

import polars as pl

from sotay.pipeline import check_file

TODAY = dt.date(2026, 1, 15)

HEADER = [
    "STT",
    "Mã đảng viên",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Dân tộc",
    "Tôn giáo",
    "Quê quán",
    "Nơi thường trú",
    "Số điện thoại",
    "Trình độ học vấn",
    "Lý luận chính trị",
    "Mã tổ chức",
    "Tình trạng",
]

# An official member whose every field agrees (CCCD 001 Hà Nội, digit 0 = man born 19xx, year 62).
AN = {
    "STT": "1",
    "Mã đảng viên": "DV0001",
    "Họ và tên": "Nguyễn Văn An",
    "Ngày sinh": "05/03/1962",
    "Giới tính": "Nam",
    "Số CCCD": "001062001234",
    "Số thẻ đảng viên": "01234567",
    "Ngày vào Đảng": "10/05/1990",
    "Ngày chính thức": "10/05/1991",
    "Dân tộc": "Kinh",
    "Tôn giáo": "Không",
    "Quê quán": "Hà Nội",
    "Nơi thường trú": "Phường Ba Đình, Hà Nội",
    "Số điện thoại": "0912345678",
    "Trình độ học vấn": "12/12",
    "Lý luận chính trị": "Trung cấp",
    "Mã tổ chức": "CB01",
    "Tình trạng": "Chính thức",
}
# A second, different person (CCCD 079 TP HCM, digit 1 = woman born 19xx, year 85).
BINH = AN | {
    "STT": "2",
    "Mã đảng viên": "DV0002",
    "Họ và tên": "Trần Thị Bình",
    "Ngày sinh": "12/08/1985",
    "Giới tính": "Nữ",
    "Số CCCD": "079185004321",
    "Số thẻ đảng viên": "87654321",
    "Ngày vào Đảng": "03/02/2010",
    "Ngày chính thức": "03/02/2011",
    "Tôn giáo": "Phật giáo",
    "Số điện thoại": "0987654321",
    "Mã tổ chức": "CB02",
}

ORGS = [
    {"Mã tổ chức": "DB01", "Tên tổ chức": "Đảng bộ xã Hưng Nguyên", "Mã cấp trên": "", "Loại": "Đảng bộ xã"},
    {"Mã tổ chức": "CB01", "Tên tổ chức": "Chi bộ thôn 1", "Mã cấp trên": "DB01", "Loại": "Chi bộ"},
    {
        "Mã tổ chức": "CB02",
        "Tên tổ chức": "Chi bộ Trường Tiểu học",
        "Mã cấp trên": "DB01",
        "Loại": "Chi bộ cơ sở",
    },
]


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    """Write rows (dicts keyed by header) as CSV UTF-8."""
    header = header or list(rows[0]) if rows else header or HEADER
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def check_rows(tmp_path: Path, rows: list[dict[str, str]], *, orgs: bool = True) -> pl.DataFrame:
    """Check rows (without duplicate detection, which has its own tests) and return the findings."""
    members = write_csv(tmp_path / "members.csv", rows, HEADER)
    orgs_path = write_csv(tmp_path / "orgs.csv", ORGS) if orgs else None
    return check_file(members, orgs_path, today=TODAY, duplicates=False).findings
