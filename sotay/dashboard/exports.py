"""Excel workbooks of the dashboard: a drill-down list, the periodic report of a unit.

openpyxl stores any text starting with "=" as a formula: every text cell goes through `neutralise`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook

from sotay.dashboard.funnel import FunnelRow
from sotay.dashboard.league import LeagueRow
from sotay.members.models import MemberQuerySet
from sotay.orgs.models import Org
from sotay.pipeline.formulas import neutralise


def _cells(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) if isinstance(v, str) else v for v in values]


def members_workbook(
    qs: MemberQuerySet, *, title: str, node: Org, now: datetime.datetime
) -> tuple[Workbook, int]:
    """One sheet: who is on the list, with the phone number to call. Read in chunks (a city's list is
    long): the workbook is written row by row (write-only mode)."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Danh sách")
    ws.append(_cells([f"{title} — {node.name}"]))
    ws.append(_cells([f"Lập lúc {now:%H:%M %d/%m/%Y}"]))
    ws.append(_cells(["Họ và tên", "Mã đảng viên", "Ngày sinh", "Chi bộ", "Số điện thoại", "Tình trạng"]))
    n = 0
    for m in qs.iterator(chunk_size=2000):
        ws.append(
            _cells(
                [
                    m.full_name,
                    m.code,
                    m.birth_date.strftime("%d/%m/%Y"),
                    m.org.name,
                    m.phone,
                    m.get_status_display(),
                ]
            )
        )
        n += 1
    return book, n


def report_workbook(
    *,
    node: Org,
    start: datetime.date,
    end: datetime.date,
    now: datetime.datetime,
    funnel_end: list[FunnelRow],
    funnel_start: list[FunnelRow] | None,
    table: list[LeagueRow],
    quality: dict[str, int],
    approvals: dict[str, int],
    meetings: dict[str, str | int],
) -> Workbook:
    """The periodic report a committee files: period, unit, generation time, then adoption, data
    quality, approvals and meetings."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Tổng hợp"
    for line in (
        [f"BÁO CÁO TÌNH HÌNH SỬ DỤNG SỔ TAY ĐẢNG VIÊN — {node.name}"],
        [f"Kỳ báo cáo: từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"],
        [f"Lập lúc: {now:%H:%M %d/%m/%Y}"],
        [],
        ["I. Sử dụng Sổ tay (phễu)"],
        ["Bước", "Đầu kỳ", "Cuối kỳ", "Tỉ lệ / tổng số đảng viên", "Tỉ lệ / số thuộc diện", "Ghi chú"],
    ):
        ws.append(_cells(line))
    for i, row in enumerate(funnel_end):
        first = funnel_start[i].count if funnel_start else None
        ws.append(
            _cells(
                [
                    row.step.label,
                    first,
                    row.count,
                    row.of_active_text,
                    row.of_eligible_text,
                    " ".join(row.flags),
                ]
            )
        )
    ws.append([])
    ws.append(_cells(["II. Chất lượng dữ liệu (cuối kỳ)"]))
    for label, value in quality.items():
        ws.append(_cells([label, value]))
    ws.append([])
    ws.append(_cells(["III. Duyệt đăng ký tài khoản trong kỳ"]))
    for label, value in approvals.items():
        ws.append(_cells([label, value]))
    ws.append([])
    ws.append(_cells(["IV. Sinh hoạt chi bộ trên ứng dụng (cuối kỳ)"]))
    for label, text in meetings.items():
        ws.append(_cells([label, text]))
    units = book.create_sheet("Đơn vị trực thuộc")
    units.append(
        _cells(["Đơn vị", "Đảng viên", "Thuộc diện", "Đã kích hoạt", "Đã đăng nhập", "Tỉ lệ", "30 ngày"])
    )
    for r in table:
        units.append(
            _cells(
                [
                    r.org.name,
                    r.fig.get("active", 0),
                    r.fig.get("eligible", 0),
                    r.fig.get("activated", 0),
                    r.fig.get("signed_in", 0),
                    r.share_text,
                    r.trend_text,
                ]
            )
        )
    return book


def branches_workbook(
    rows: QuerySet[Any], *, title: str, node: Org, now: datetime.datetime
) -> tuple[Workbook, int]:
    """One sheet of branches (BranchDay rows with their org): name, members, compliance flags."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("Chi bộ")
    ws.append(_cells([f"{title} — {node.name}"]))
    ws.append(_cells([f"Lập lúc {now:%H:%M %d/%m/%Y}"]))
    ws.append(_cells(["Chi bộ", "Mã tổ chức", "Đảng viên", "Tháng trước không sinh hoạt thường kỳ"]))
    n = 0
    for r in rows.iterator(chunk_size=2000):
        ws.append(_cells([r.org.name, r.org.code, r.active, "có" if r.flag_month_without_regular else ""]))
        n += 1
    return book, n
