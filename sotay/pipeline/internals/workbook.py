"""Read a workbook (.xlsx, .xls, .ods) as text, the way the person sees it in Excel, with python-calamine.

The sheet is the one whose first rows hold the member header (or the one named by `sheet`); the
header is found as in a CSV (`layout.find_header`). Numbers come back as their exact digits
(`912345678`, `1.5`; never `912345678.0` or float noise), dates as ISO `yyyy-mm-dd`, formulas as their
cached value. A formula that was never calculated (saved by a tool, not by Excel) has no value to
read, and a merged header cell has no single column name: both are refused with the cells named.

Each cell's type is kept as evidence: `numeric` lists, per column, the rows whose cell was a number
(an identifier stored as a number has certainly lost its leading zeros; legacy-format.md §3).

Cost: calamine (Rust) parses the sheet into memory (bounded by `limits.MAX_EXPANDED_BYTES`, checked
before), then Python turns each cell into text: about 5x faster than openpyxl's read-only mode.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine as pc

from sotay.pipeline import limits
from sotay.pipeline.internals.bounds import check_zip, not_a_workbook
from sotay.pipeline.internals.errors import InputError, SheetChoiceNeeded
from sotay.pipeline.internals.headers import Column
from sotay.pipeline.internals.layout import find_header, header_score


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
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


@dataclass
class Sheet:
    """The chosen sheet as text, column by column from its first row, plus where numbers were.

    Indexes are the sheet's rows from 0. `head` is its first rows (row by row), for finding the header.
    """

    name: str
    columns: list[list[str]]
    head: list[list[str]]
    numeric: list[list[int]] = field(default_factory=list)  # per column: row indexes holding a number


_FORMULA_NO_VALUE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"[^>]*>(?:<f[^>]*/>|<f[^>]*>[^<]*</f>)(?:<v\s*/>|<v></v>)?</c>'
)


def _open(path: Path, formulas: dict[str, set[str]]) -> pc.CalamineWorkbook:
    tail: dict[str, bytes] = {}

    def watch(name: str, chunk: bytes) -> None:
        text = tail.get(name, b"") + chunk
        formulas.setdefault(name, set()).update(m.decode() for m in _FORMULA_NO_VALUE.findall(text))
        tail[name] = text[-4096:]

    with path.open("rb") as fh:
        is_zip = fh.read(4) == b"PK\x03\x04"
    if is_zip:
        check_zip(path, watch if path.suffix.lower() not in (".ods",) else None)
    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise _protected(path) from exc
    except Exception as exc:  # calamine raises several types for a damaged or foreign file
        if not is_zip and _encrypted_ole(path):
            raise _protected(path) from exc
        raise not_a_workbook(path, str(exc)) from exc


def _encrypted_ole(path: Path) -> bool:
    """A password-protected .xlsx is an OLE file holding an `EncryptedPackage` stream."""
    with path.open("rb") as fh:
        return "EncryptedPackage".encode("utf-16-le") in fh.read(1 << 20)


def _protected(path: Path) -> InputError:
    return InputError(
        f"{path.name} is protected by a password, so it cannot be read. Open it in Excel, remove the "
        "password (File > Info > Protect Workbook) and save it again.",
        f"Tệp {path.name} có đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, bỏ mật khẩu (Tệp > "
        "Thông tin > Bảo vệ sổ làm việc) rồi lưu lại.",
    )


def _first_rows(ws: pc.CalamineSheet) -> list[list[str]]:
    rows: list[list[str]] = []
    for values in ws.iter_rows():
        rows.append([cell_text(v) for v in values])
        if len(rows) >= limits.HEADER_SEARCH_ROWS:
            break
    # iter_rows starts at the first used row; pad so that indexes are the sheet's rows.
    return [[] for _ in range(ws.start[0] if ws.start else 0)] + rows


def _choose(
    wb: pc.CalamineWorkbook, path: Path, sheet: str | None, columns: tuple[Column, ...]
) -> tuple[str, pc.CalamineSheet]:
    names = list(wb.sheet_names)
    if sheet is not None:
        if sheet not in names:
            listed = ", ".join(f"'{n}'" for n in names)
            raise InputError(
                f"{path.name} has no sheet named '{sheet}'; its sheets are {listed}.",
                f"Tệp {path.name} không có trang tính '{sheet}'; các trang tính của tệp: {listed}.",
            )
        return sheet, wb.get_sheet_by_name(sheet)
    visible = [
        m.name
        for m in wb.sheets_metadata
        if m.typ == pc.SheetTypeEnum.WorkSheet and m.visible == pc.SheetVisibleEnum.Visible
    ] or names[:1]
    needed = sum(1 for c in columns if c.required)
    # Loading a sheet parses all of it (the cost of a large file): each is loaded once.
    loaded = {n: wb.get_sheet_by_name(n) for n in visible}
    found = [n for n, ws in loaded.items() if _has_header(ws, columns, needed)]
    if len(found) > 1:
        listed = ", ".join(f"'{n}'" for n in found)
        raise SheetChoiceNeeded(
            f"{path.name} has a members header on several sheets: {listed}. Say which one to check "
            "(sotay check --sheet NAME; sotay import --sheet NAME), or keep only one in the file.",
            f"Tệp {path.name} có hàng tiêu đề danh sách đảng viên ở nhiều trang tính: {listed}. Hãy chọn "
            "một trang tính để kiểm tra (sotay check --sheet TÊN, hoặc chọn trang tính khi tải lên).",
            found,
        )
    name = found[0] if found else visible[0]
    return name, loaded[name]


def _has_header(ws: pc.CalamineSheet, columns: tuple[Column, ...], needed: int) -> bool:
    return any(header_score(r, columns)[0] == needed for r in _first_rows(ws))


def read_sheet(path: Path, sheet: str | None, columns: tuple[Column, ...]) -> tuple[Sheet, int | None]:
    """The chosen sheet as text (from sheet row 1) and the index of its header row (or None)."""
    formulas: dict[str, set[str]] = {}
    wb = _open(path, formulas)
    try:
        name, ws = _choose(wb, path, sheet, columns)
        _check_size(path, name, ws.total_height, ws.total_width)
        values: list[list[Any]] = ws.to_python(skip_empty_area=False)
        merged = list(ws.merged_cell_ranges or [])
    except pc.CalamineError as exc:
        raise not_a_workbook(path, str(exc)) from exc
    finally:
        wb.close()
    head = [[cell_text(v) for v in row] for row in values[: limits.HEADER_SEARCH_ROWS]]
    texts, numeric = _columns(path, values)
    del values
    header = find_header(head, columns)
    if header is None:  # no known column anywhere: the first non-blank row, for the message
        header = next((i for i, r in enumerate(head) if any(c.strip() for c in r)), None)
    if header is not None:
        _refuse_merged_header(path, header, merged)
        _refuse_uncalculated(path, name, header, formulas)
    return Sheet(name, texts, head, numeric), header


def _check_size(path: Path, sheet: str, height: int, width: int) -> None:
    if width > limits.MAX_COLUMNS:
        raise InputError(
            f"Sheet '{sheet}' of {path.name} has {width:,} columns, more than the limit of "
            f"{limits.MAX_COLUMNS:,}.",
            f"Trang tính '{sheet}' của tệp {path.name} có {width:,} cột, vượt giới hạn "
            f"{limits.MAX_COLUMNS:,} cột.",
        )
    if height > limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS:
        raise InputError(
            f"Sheet '{sheet}' of {path.name} has {height:,} rows, more than the limit of "
            f"{limits.MAX_ROWS:,}.",
            f"Trang tính '{sheet}' của tệp {path.name} có {height:,} hàng, vượt giới hạn "
            f"{limits.MAX_ROWS:,} hàng.",
        )


def _columns(path: Path, values: list[list[Any]]) -> tuple[list[list[str]], list[list[int]]]:
    """Column by column: each cell's text, and the rows holding a number. Text cells (most) are kept as
    they are without a call; only numbers, dates and booleans go through `cell_text`."""
    texts: list[list[str]] = []
    numeric: list[list[int]] = []
    cap = limits.MAX_CELL_CHARS
    for c, column in enumerate(zip(*values, strict=True)):
        texts.append([v if type(v) is str else cell_text(v) for v in column])
        numeric.append([i for i, v in enumerate(column) if type(v) is float or type(v) is int])
        longest = max(map(len, texts[-1]), default=0)
        if longest > cap:
            i = next(i for i, t in enumerate(texts[-1]) if len(t) > cap)
            ref = f"{_column_letter(c + 1)}{i + 1}"
            raise InputError(
                f"Cell {ref} of {path.name} holds {longest:,} characters, more than the limit of {cap:,}.",
                f"Ô {ref} của tệp {path.name} có {longest:,} ký tự, vượt giới hạn {cap:,} ký tự.",
            )
    return texts, numeric


def _column_letter(n: int) -> str:
    letters = ""
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _refuse_merged_header(
    path: Path, header: int, merged: list[tuple[tuple[int, int], tuple[int, int]]]
) -> None:
    touching = [
        f"{_column_letter(c0 + 1)}{r0 + 1}:{_column_letter(c1 + 1)}{r1 + 1}"
        for (r0, c0), (r1, c1) in merged
        if r0 <= header <= r1 and c1 > c0
    ]
    if touching:
        cells = ", ".join(sorted(touching))
        raise InputError(
            f"Header cells {cells} of {path.name} are merged. Unmerge them and keep one header row "
            f"(row {header + 1}) with one column name per column.",
            f"Các ô tiêu đề {cells} đang được gộp (merge). Hãy bỏ gộp ô và để một hàng tiêu đề duy nhất "
            f"(hàng {header + 1}), mỗi cột một tên.",
        )


def _refuse_uncalculated(
    path: Path,
    sheet: str,
    header: int,
    formulas: dict[str, set[str]],
) -> None:
    """Refuse formulas without a saved value in the table (below the header) of the chosen sheet."""
    if not any(formulas.values()):
        return
    cells = formulas.get(_sheet_part(path, sheet) or "", set())
    missing = [ref for ref in cells if int(re.sub(r"[A-Z]+", "", ref)) > header + 1]
    if missing:
        listed = ", ".join(sorted(missing, key=lambda r: (int(re.sub(r"[A-Z]+", "", r)), r))[:20])
        raise InputError(
            f"Cells {listed} hold formulas that were never calculated, so they have no value to read. "
            "Open the file in Excel, let it recalculate, and save it (or paste the cells as values).",
            f"Các ô {listed} chứa công thức chưa được tính nên không có giá trị. Hãy mở tệp bằng Excel, "
            "lưu lại (hoặc dán đặc biệt dạng giá trị) rồi chạy lại.",
        )


def _sheet_part(path: Path, sheet: str) -> str | None:
    """The zip part of an .xlsx sheet, from workbook.xml and its relationships (both small)."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    from html import unescape

    for attrs in re.findall(r"<(?:\w+:)?sheet\b([^>]*)/?>", book):
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\br:id="([^"]*)"|\b\w+:id="([^"]*)"', attrs)
        if name and rid and unescape(name.group(1)) == sheet:
            target_id = rid.group(1) or rid.group(2)
            for rel in re.findall(r"<Relationship\b([^>]*)/?>", rels):
                if f'Id="{target_id}"' in rel:
                    target = re.search(r'Target="([^"]*)"', rel)
                    if target:
                        t = target.group(1).lstrip("/")
                        return t if t.startswith("xl/") else "xl/" + t
    return None
