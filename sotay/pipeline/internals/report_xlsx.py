"""report.xlsx for people: the original sheet with flagged cells coloured and commented, and a summary.

Written with openpyxl's write-only mode, which streams rows to disk; memory stays bounded by the
findings (kept per row while writing) and by the cell comments, which openpyxl must hold until the file
is closed, so comments are capped (`MAX_COMMENTS`); past the cap cells are still coloured.

Above `FULL_SHEET_ROWS` rows the data sheet holds only the rows with findings (Excel's limit is
1,048,576 rows per sheet); a last column `Dòng` gives each row's number as in findings.csv.
"""

from collections import defaultdict
from pathlib import Path

import polars as pl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sotay.pipeline.internals.engine import CheckRun
from sotay.pipeline.internals.headers import MEMBER_COLUMNS
from sotay.pipeline.rules import SEVERITY, TITLES

FULL_SHEET_ROWS = 100_000
MAX_SHEET_ROWS = 1_048_575  # one row is the header
MAX_COMMENTS = 100_000
RED = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
YELLOW = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
BOLD = Font(bold=True)
AUTHOR = "sotay check"


def _cell_notes(run: CheckRun) -> dict[int, dict[int, tuple[bool, list[str]]]]:
    """{row: {column position: (has an error, [messages])}} for every finding."""
    position = {c.key: run.mapping.get(c.key, 0) for c in MEMBER_COLUMNS}
    position[""] = position["ho_ten"]  # a row-level finding (duplicate_person) marks the name
    notes: dict[int, dict[int, tuple[bool, list[str]]]] = defaultdict(dict)
    for row, field, severity, message in run.findings.select(
        "row", "field", "severity", "message"
    ).iter_rows():
        col = position.get(field, 0)
        is_error, messages = notes[row].get(col, (False, []))
        messages.append(message)
        notes[row][col] = (is_error or severity == "error", messages)
    return notes


def _data_sheet(ws: WriteOnlyWorksheet, run: CheckRun) -> list[str]:
    """Write the original rows (all, or the flagged ones on big files); returns notes for the summary."""
    notes = _cell_notes(run)
    names = run.raw.columns[1:]
    ws.append([*[_bold(ws, n) for n in names], _bold(ws, "Dòng")])
    frame = run.raw if run.raw.height <= FULL_SHEET_ROWS else run.raw.filter(pl.col("row").is_in(list(notes)))
    said: list[str] = []
    if run.raw.height > FULL_SHEET_ROWS:
        said.append(
            f"Tệp có {run.raw.height:,} dòng: trang Dữ liệu chỉ gồm {frame.height:,} dòng có lỗi/cảnh báo."
        )
    if frame.height > MAX_SHEET_ROWS:
        said.append(f"Chỉ ghi {MAX_SHEET_ROWS:,} dòng đầu (giới hạn của Excel); xem đủ trong findings.csv.")
        frame = frame.head(MAX_SHEET_ROWS)
    comments = 0
    for values in frame.iter_rows():
        row, cells = values[0], list(values[1:])
        out: list[object] = [*cells, row]
        for col, (is_error, messages) in notes.get(row, {}).items():
            cell = WriteOnlyCell(ws, value=cells[col])
            cell.fill = RED if is_error else YELLOW
            if comments < MAX_COMMENTS:
                cell.comment = Comment("\n".join(messages), AUTHOR, width=300, height=120)
                comments += 1
            out[col] = cell
        ws.append(out)
    if comments >= MAX_COMMENTS:
        said.append(f"Chỉ {MAX_COMMENTS:,} ô đầu có ghi chú; các ô sau chỉ được tô màu (xem findings.csv).")
    return said


def _bold(ws: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = BOLD
    return cell


def _summary_sheet(ws: WriteOnlyWorksheet, run: CheckRun, said: list[str]) -> None:
    findings = run.findings
    errors = findings.filter(pl.col("severity") == "error").height
    ws.append([_bold(ws, "Báo cáo kiểm tra dữ liệu đảng viên")])
    ws.append(["Số dòng đã đọc", run.raw.height])
    ws.append(["Số lỗi", errors])
    ws.append(["Số cảnh báo", findings.height - errors])
    ws.append(["Số cặp nghi trùng người", run.duplicates.height])
    for note in [*run.notes, *said]:
        ws.append(["Lưu ý", note])
    ws.append([])
    ws.append([_bold(ws, t) for t in ("Quy tắc", "Mức độ", "Nội dung", "Số lượng")])
    counts = dict(findings.group_by("rule").len().iter_rows())
    for rule, title in TITLES.items():
        severity = "Lỗi" if SEVERITY[rule] == "error" else "Cảnh báo"
        ws.append([rule, severity, title, counts.get(rule, 0)])
    ws.append([])
    ws.append(
        [_bold(ws, t) for t in ("Mã tổ chức", "Số đảng viên", "Số dòng có lỗi", "Số lỗi", "Số cảnh báo")]
    )
    branches = run.normalized.select("row", pl.col("ma_to_chuc").fill_null("(trống)"))
    per_row = findings.group_by("row").agg(
        (pl.col("severity") == "error").sum().alias("errors"),
        (pl.col("severity") == "warning").sum().alias("warnings"),
    )
    table = (
        branches.join(per_row, on="row", how="left")
        .group_by("ma_to_chuc")
        .agg(
            pl.len().alias("members"),
            (pl.col("errors").fill_null(0) > 0).sum().alias("rows_with_errors"),
            pl.col("errors").fill_null(0).sum(),
            pl.col("warnings").fill_null(0).sum(),
        )
        .sort("ma_to_chuc")
    )
    for values in table.iter_rows():
        ws.append(list(values))


def write_report(path: Path, run: CheckRun) -> Path:
    """Write report.xlsx (sheets `Tổng hợp` and `Dữ liệu`) to `path`."""
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Tổng hợp")
    data = wb.create_sheet("Dữ liệu")
    said = _data_sheet(data, run)
    _summary_sheet(summary, run, said)
    wb.save(path)
    return path
