"""The campaign's status table as an Excel workbook, for the committee's report."""

from __future__ import annotations

import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from sotay.campaign.models import Campaign
from sotay.campaign.queries import UnitRow
from sotay.pipeline.formulas import neutralise

STATUS_TEXT = {"done": "Hoàn thành", "late": "Trễ hạn", "at_risk": "Sắp đến hạn", "on_track": "Đang làm"}
FILL = {
    "done": PatternFill("solid", fgColor="C6EFCE"),
    "late": PatternFill("solid", fgColor="FFC7CE"),
    "at_risk": PatternFill("solid", fgColor="FFEB9C"),
}


def progress_workbook(campaign: Campaign, rows: list[UnitRow], today: datetime.date) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Tiến độ"
    steps = [s for s, _, _ in rows[0].steps] if rows else list(campaign.steps.order_by("order"))
    # openpyxl stores any text starting with "=" as a formula: every text cell goes through neutralise.
    ws.append([neutralise(f"{campaign.name} — tiến độ ngày {today:%d/%m/%Y}")])
    ws["A1"].font = Font(bold=True, size=14)
    header = ["STT", "Mã đơn vị", "Đơn vị", "Người phụ trách"]
    header += [f"{s.title} (hạn {s.deadline:%d/%m/%Y})" for s in steps]
    header += [
        "Lỗi chưa xử lý",
        "Cảnh báo chưa xử lý",
        "Cặp trùng chưa xử lý",
        "% đã lên Sổ tay",
        "Tệp đã nhập",
    ]
    ws.append([neutralise(h) for h in header])
    # Each data row below must have exactly one value per header: `test_progress_columns` checks it.
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=1):
        responsible = row.unit.responsible
        values: list[object] = [
            i,
            row.unit.org.code,
            row.unit.org.name,
            str(responsible) if responsible else "",
        ]
        values += [STATUS_TEXT[status] for _, _, status in row.steps]
        values += [
            row.open_errors,
            row.open_warnings,
            row.open_duplicates,
            row.extra.get("pct", 0),
            row.batch.original_name if row.batch else "",
        ]
        ws.append([neutralise(v) for v in values])
        for offset, (_, _, status) in enumerate(row.steps):
            fill = FILL.get(status)
            if fill is not None:
                ws.cell(row=ws.max_row, column=5 + offset).fill = fill
    widths = [6, 16, 40, 20] + [22] * len(steps) + [14, 14, 14, 14, 30]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = width
    ws.freeze_panes = "D3"
    return wb
