"""report.xlsx for people: the original sheet with flagged cells coloured and commented, and a summary.

Streamed with `xlsx_writer` (openpyxl was the slowest step of a large check); memory stays bounded by
the findings, kept per row while writing, and by the cell comments, which are capped (`MAX_COMMENTS`;
past the cap cells are still coloured and the last column `Nội dung` lists every message of the row).

Above `FULL_SHEET_ROWS` rows the data sheet holds only the rows with findings (Excel's limit is
1,048,576 rows per sheet); the column `Dòng` gives each row's number as in findings.csv.
"""

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from sotay.pipeline.internals.engine import FULL_SHEET_ROWS, CheckRun
from sotay.pipeline.internals.headers import MEMBER_COLUMNS
from sotay.pipeline.internals.xlsx_writer import (
    BOLD,
    PLAIN,
    RED,
    YELLOW,
    StyledCell,
    XlsxWriter,
    column_letter,
)
from sotay.pipeline.rules import SEVERITY, TITLES

MAX_SHEET_ROWS = 1_048_575  # one row is the header
MAX_COMMENTS = 100_000


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


def _data_rows(
    frame: pl.DataFrame, notes: dict[int, dict[int, tuple[bool, list[str]]]], comments: list[tuple[str, str]]
) -> Iterator[list[StyledCell]]:
    """Header, then each row as typed, flagged cells coloured; appends (cell, text) to `comments`."""
    names = frame.columns[1:]
    letters = [column_letter(i) for i in range(len(names))]
    yield [(n, BOLD) for n in [*names, "Dòng", "Nội dung"]]
    for sheet_row, values in enumerate(frame.iter_rows(), start=2):
        row = values[0]
        out: list[StyledCell] = [(v, PLAIN) for v in values[1:]]
        flagged = notes.get(row, {})
        for col, (is_error, messages) in flagged.items():
            out[col] = (values[col + 1], RED if is_error else YELLOW)
            if len(comments) < MAX_COMMENTS:
                comments.append((f"{letters[col]}{sheet_row}", "\n".join(messages)))
        summary = "; ".join(m for _, ms in flagged.values() for m in ms)
        yield [*out, (row, PLAIN), (summary, PLAIN)]


def _summary_rows(run: CheckRun, said: list[str]) -> Iterator[list[StyledCell]]:
    findings = run.findings
    errors = findings.filter(pl.col("severity") == "error").height
    yield [("Báo cáo kiểm tra dữ liệu đảng viên", BOLD)]
    for label, value in (
        ("Số dòng đã đọc", run.rows),
        ("Số lỗi", errors),
        ("Số cảnh báo", findings.height - errors),
        ("Số cặp nghi trùng người", run.duplicates.height),
    ):
        yield [(label, PLAIN), (value, PLAIN)]
    for note in [*run.notes, *said]:
        yield [("Lưu ý", PLAIN), (note, PLAIN)]
    yield []
    yield [(t, BOLD) for t in ("Quy tắc", "Mức độ", "Nội dung", "Số lượng")]
    counts = dict(findings.group_by("rule").len().iter_rows())
    for rule, title in TITLES.items():
        severity = "Lỗi" if SEVERITY[rule] == "error" else "Cảnh báo"
        yield [(rule, PLAIN), (severity, PLAIN), (title, PLAIN), (counts.get(rule, 0), PLAIN)]
    yield []
    yield [(t, BOLD) for t in ("Mã tổ chức", "Số đảng viên", "Số dòng có lỗi", "Số lỗi", "Số cảnh báo")]
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
        yield [(v, PLAIN) for v in values]


def write_report(path: Path, run: CheckRun) -> Path:
    """Write report.xlsx (sheets `Tổng hợp` and `Dữ liệu`) to `path`."""
    notes = _cell_notes(run)
    frame = run.raw
    said: list[str] = []
    if run.rows > FULL_SHEET_ROWS:  # run.raw holds only the rows with findings
        frame = frame.filter(pl.col("row").is_in(list(notes)))
        said.append(f"Tệp có {run.rows:,} dòng: trang Dữ liệu chỉ gồm {frame.height:,} dòng có lỗi/cảnh báo.")
    if frame.height > MAX_SHEET_ROWS:
        said.append(f"Chỉ ghi {MAX_SHEET_ROWS:,} dòng đầu (giới hạn của Excel); xem đủ trong findings.csv.")
        frame = frame.head(MAX_SHEET_ROWS)
    flagged_cells = sum(len(notes.get(r, {})) for r in frame["row"].to_list())
    if flagged_cells > MAX_COMMENTS:
        said.append(f"Chỉ {MAX_COMMENTS:,} ô đầu có ghi chú; các ô sau chỉ được tô màu (xem cột Nội dung).")
    writer = XlsxWriter(path)
    try:
        writer.sheet("Tổng hợp", _summary_rows(run, said))
        comments: list[tuple[str, str]] = []
        writer.sheet("Dữ liệu", _data_rows(frame, notes, comments), comments)
    finally:
        writer.close()
    return path
