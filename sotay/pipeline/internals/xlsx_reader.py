"""Read the first sheet of an .xlsx export as text, the way the person sees it in Excel.

Numbers come back as their exact digits (`912345678`, `1.5`; never `912345678.0` or float noise), dates
as ISO `yyyy-mm-dd`, formulas as their cached value. A formula that was never calculated (saved by a
tool, not by Excel) has no value to read, and a merged header cell has no single column name: both are
refused with a message naming the cells.

Cost: openpyxl's read-only mode streams the sheet, but it is pure Python (about 50k rows/s); the
formula check needs a second pass only when the sheet holds formulas.
"""

import datetime as dt
import re
import zipfile
from pathlib import Path

import polars as pl
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter

from sotay.pipeline.internals.errors import InputError
from sotay.pipeline.internals.reader import unique_names


def cell_text(value: object) -> str:
    """Excel cell value as the text it shows.

    >>> cell_text(79190001234.0), cell_text(0.1), cell_text(dt.datetime(1962, 3, 5))
    ('79190001234', '0.1', '1962-03-05')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        # repr is the shortest text that reads back as the same float: no 0.30000000000000004.
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _merged_header_ranges(path: Path, sheet_xml: str) -> list[str]:
    """Merged ranges touching row 1, read from the sheet XML (read-only mode does not expose them)."""
    with zipfile.ZipFile(path) as zf, zf.open(sheet_xml) as fh:
        tail = b""
        found: list[str] = []
        # mergeCells sits after sheetData, so stream through the sheet instead of loading it whole.
        while chunk := fh.read(1 << 20):
            text = tail + chunk
            found += [m.decode() for m in re.findall(rb'<mergeCell ref="([A-Z]+1:[A-Z]+\d+)"', text)]
            tail = text[-200:]
        return sorted(set(found))


def read_xlsx(path: Path) -> pl.DataFrame:
    """First sheet of an .xlsx file: `row` then one text column per header cell (row 1)."""
    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged or foreign zip
        raise InputError(
            f"{path.name} could not be opened as an Excel .xlsx workbook ({exc}).",
            f"Không mở được tệp {path.name} dạng Excel .xlsx. Hãy mở bằng Excel và lưu lại.",
        ) from exc
    try:
        ws = wb.worksheets[0]
        sheet_xml = getattr(ws, "_worksheet_path", "xl/worksheets/sheet1.xml")
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(v is None or str(v).strip() == "" for v in header):
            raise InputError(
                f"The first sheet of {path.name} is empty (no header in row 1).",
                f"Trang tính đầu tiên của {path.name} trống (hàng 1 không có tiêu đề).",
            )
        merged = _merged_header_ranges(path, sheet_xml.lstrip("/"))
        if merged:
            raise InputError(
                f"Header cells {', '.join(merged)} of {path.name} are merged. Unmerge them and keep one "
                "header row (row 1) with one column name per column.",
                f"Các ô tiêu đề {', '.join(merged)} đang được gộp (merge). Hãy bỏ gộp ô và để một hàng "
                "tiêu đề duy nhất (hàng 1), mỗi cột một tên.",
            )
        width = len(header)
        columns: list[list[str]] = [[] for _ in range(width)]
        formulas: list[tuple[int, int]] = []
        for r, values in enumerate(rows, start=1):
            for c in range(width):
                value = values[c] if c < len(values) else None
                if isinstance(value, str) and value.startswith("="):
                    formulas.append((r, c))
                columns[c].append(cell_text(value))
    finally:
        wb.close()
    if formulas:
        _fill_cached_values(path, columns, formulas)
    names = unique_names([cell_text(v) for v in header])
    frame = pl.DataFrame(dict(zip(names, columns, strict=True)), schema=dict.fromkeys(names, pl.String))
    return frame.with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))


def _fill_cached_values(path: Path, columns: list[list[str]], formulas: list[tuple[int, int]]) -> None:
    """Replace formula text by the value Excel cached when it last saved; refuse if there is none."""
    by_row: dict[int, list[int]] = {}
    for r, c in formulas:
        by_row.setdefault(r, []).append(c)
    wb = load_workbook(path, read_only=True, data_only=True)
    cached: dict[tuple[int, int], object] = {}
    try:
        for r, values in enumerate(wb.worksheets[0].iter_rows(min_row=2, values_only=True), start=1):
            for c in by_row.get(r, ()):
                cached[(r, c)] = values[c] if c < len(values) else None
    finally:
        wb.close()
    missing = [f"{get_column_letter(c + 1)}{r + 1}" for r, c in formulas if cached.get((r, c)) is None]
    if missing:
        cells = ", ".join(missing[:20])
        raise InputError(
            f"Cells {cells} hold formulas that were never calculated, so they have no value to read. "
            "Open the file in Excel, let it recalculate, and save it (or paste the cells as values).",
            f"Các ô {cells} chứa công thức chưa được tính nên không có giá trị. Hãy mở tệp bằng Excel, "
            "lưu lại (hoặc dán đặc biệt dạng giá trị) rồi chạy lại.",
        )
    for r, c in formulas:
        columns[c][r - 1] = cell_text(cached[(r, c)])
