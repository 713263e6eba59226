"""Read a members (or organisations) export into a table of raw strings, refusing what cannot be read.

Every cell comes back as the text the person typed (no type guessing: `0912…` keeps its zero), with a
`row` column numbering data rows from 1 (the row after the header). Blank rows are dropped but keep their
number, so `row` + 1 is the Excel row number whenever no cell spans several lines.

Decisions (see the report / module docs):
* Only UTF-8 (with or without BOM) is accepted. UTF-16, Windows-1258, Windows-1252/latin-1 (and the old
  TCVN3/VNI font encodings, which look like Windows-1252) are refused with a message saying which line
  is not UTF-8 and how to re-save the file ("CSV UTF-8").
* A structurally broken CSV (a row with more fields than the header, an unterminated quote) is refused,
  naming the broken lines (up to 20), rather than guessing which field moved where. Rows with *fewer*
  fields are read with the missing trailing cells empty.
* A header separated by `;` or tabs (Excel on a Vietnamese-locale Windows writes `;`) is accepted.

A CSV is streamed into a Parquet file (`stage_table`) without ever being whole in memory: a national file
(5.6 M rows, 1.7 GB) would take about 3 GB as a DataFrame. The checker reads that file with DuckDB;
`read_table` reads it back as a DataFrame for callers that want one. Both go through the same parse.
"""

import codecs
import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sotay.pipeline import limits
from sotay.pipeline.internals.bounds import (
    check_file_size,
    not_a_workbook,
    refuse_csv_scan,
    scan_csv_lines,
    sniff_text,
)
from sotay.pipeline.internals.errors import InputError
from sotay.pipeline.internals.headers import MEMBER_COLUMNS, Column, header_key
from sotay.pipeline.internals.layout import (
    FOOTER_SEARCH_ROWS,
    Layout,
    find_header,
    footer_start,
    header_score,
    lookup,
)

MAX_LISTED = 20
_SAVE_AS = "Open the file in Excel and use File > Save As > 'CSV UTF-8 (Comma delimited)'."
_SAVE_AS_VI = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) > 'CSV UTF-8 (Comma delimited)' rồi chạy lại."
# Decided by content, not by name: a zip (.xlsx, .ods) or an OLE2 compound file (.xls, or an .xlsx with a
# password). A file named as a workbook without either is refused as one; a workbook named .csv is read.
_WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})


@dataclass
class Staged:
    """What staging read: the number of data rows, where the table was, and numeric cells (workbooks)."""

    rows: int
    layout: Layout = field(default_factory=Layout)
    # Column name → data rows whose cell was a number in the workbook (empty for a CSV).
    numeric: dict[str, list[int]] = field(default_factory=dict)


def read_table(
    path: Path, *, sheet: str | None = None, columns: tuple[Column, ...] = MEMBER_COLUMNS
) -> pl.DataFrame:
    """Read a CSV or workbook as strings: `row` (Int64) then one Utf8 column per header cell.

    `columns` says which header to look for (title rows above it are skipped) and `sheet` which sheet
    of a workbook to read (default: the one holding that header).

    >>> read_table(Path("members.csv")).columns[:3]  # doctest: +SKIP
    ['row', 'STT', 'Mã đảng viên']
    """
    with tempfile.TemporaryDirectory(prefix="sotay-read-") as folder:
        staged = Path(folder) / "raw.parquet"
        stage_table(path, staged, sheet=sheet, columns=columns)
        return pl.read_parquet(staged)


def stage_table(
    path: Path, target: Path, *, sheet: str | None = None, columns: tuple[Column, ...] = MEMBER_COLUMNS
) -> Staged:
    """Write what `read_table` returns to the Parquet file `target`, streaming; say what was read.

    Raises InputError (and may leave a partial `target`, which the caller discards) when the file
    cannot be read, breaks a limit of `sotay.pipeline.limits`, or has a header but no data rows.
    """
    if not path.exists():
        raise InputError(f"File not found: {path}", f"Không tìm thấy tệp: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file.", f"{path} là thư mục, không phải tệp.")
    check_file_size(path, path.stat().st_size)
    with path.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise InputError(
            f"The file {path.name} is empty (no header row).",
            f"Tệp {path.name} trống, không có hàng tiêu đề.",
        )
    if head.startswith(_WORKBOOK_SIGNATURES):
        staged = _stage_workbook(path, target, sheet, columns)
    elif path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise not_a_workbook(path, "no workbook signature at its start")
    else:
        sniff_text(path, head)
        refuse_csv_scan(path, scan_csv_lines(path))
        staged = _stage_csv(path, head, target, columns)
    if staged.rows == 0:
        raise InputError(
            f"{path.name} has a header but no data rows: there is nothing to check.",
            f"Tệp {path.name} chỉ có hàng tiêu đề, không có dòng dữ liệu nào để kiểm tra.",
        )
    return staged


def _stage_workbook(path: Path, target: Path, sheet: str | None, columns: tuple[Column, ...]) -> Staged:
    from sotay.pipeline.internals.workbook import read_sheet

    book, header = read_sheet(path, sheet, columns)
    if header is None:
        raise InputError(
            f"Sheet '{book.name}' of {path.name} is empty (no header row).",
            f"Trang tính '{book.name}' của tệp {path.name} trống (không có hàng tiêu đề).",
        )
    names = unique_names([col[header] for col in book.columns])
    frame = pl.DataFrame(
        {n: col[header + 1 :] for n, col in zip(names, book.columns, strict=True)},
        schema=dict.fromkeys(names, pl.String),
    )
    frame = _finish(frame.with_row_index("row", offset=1))
    layout = Layout(
        sheet=book.name,
        header_line=header + 1,
        titles=[i + 1 for i in range(header) if any(c.strip() for c in book.head[i])],
    )
    cut = _footer(frame.tail(FOOTER_SEARCH_ROWS), names, columns, layout)
    if cut is not None:
        frame = frame.filter(pl.col("row") < cut)
    frame.write_parquet(target)
    last = int(frame["row"][-1]) if frame.height else 0
    numeric = {
        names[c]: [i - header for i in book.numeric[c] if 0 < i - header <= last] for c in range(len(names))
    }
    return Staged(frame.height, layout, {k: v for k, v in numeric.items() if v})


def _footer(tail: pl.DataFrame, names: list[str], columns: tuple[Column, ...], layout: Layout) -> int | None:
    """Find the footer in the last data rows; record what is left out in `layout`; first row to drop."""
    keys = lookup(columns)
    required = {c.key for c in columns if c.required}
    positions = [i for i, n in enumerate(names) if keys.get(header_key(n)) in required]
    rows = [(int(r[0]), [str(v) for v in r[1:]]) for r in tail.iter_rows()]
    cut, left_out = footer_start(rows, positions)
    layout.left_out = [(layout.header_line + n, why) for n, why in left_out]
    return cut


def unique_names(fields: list[str]) -> list[str]:
    """Header cells as column names: trimmed, blanks named `Cột N`, repeats suffixed ` (2)`.

    `row` is taken by the row numbers, so a header cell `row` becomes `row (2)`.

    >>> unique_names(["STT", " ", "Họ và tên", "Họ và tên", "row"])
    ['STT', 'Cột 2', 'Họ và tên', 'Họ và tên (2)', 'row (2)']
    """
    taken = {"row"}
    names: list[str] = []
    for pos, cell in enumerate(fields, start=1):
        name = cell.strip() or f"Cột {pos}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
        taken.add(name)
    return names


def _find_csv_header(head: bytes, columns: tuple[Column, ...]) -> tuple[list[str], str, int, int]:
    """(header fields, delimiter, records above the header, file line of the header).

    The delimiter is the one (`,`, then `;`, then tab: Excel on a Vietnamese-locale Windows writes `;`)
    under which a row of the first lines names the most required columns; when no row names any, the
    old rule: comma, unless the first line has none but `;`/tab.
    """
    text = head.decode("utf-8-sig", errors="replace")
    if len(head) == 65536 and "\n" in text:
        text = text[: text.rindex("\n") + 1]  # a truncated last line could look like a short header
    best: tuple[tuple[int, int], str, list[tuple[int, list[str]]], int] | None = None
    for delimiter in (",", ";", "\t"):
        records: list[tuple[int, list[str]]] = []
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        line = 1
        try:
            for record in reader:
                records.append((line, record))
                line = reader.line_num + 1
                if len(records) >= limits.HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            pass
        found = find_header([r for _, r in records], columns)
        if found is None:
            continue
        score = header_score(records[found][1], columns)
        if best is None or score > best[0]:
            best = (score, delimiter, records, found)
    if best is None:
        first_line = text.splitlines()[0] if text else ""
        delimiter = ","
        if "," not in first_line:
            delimiter = next((d for d in (";", "\t") if d in first_line), ",")
        fields = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        return fields, delimiter, 0, 1
    _, delimiter, records, found = best
    return records[found][1], delimiter, found, records[found][0]


def _stage_csv(path: Path, head: bytes, target: Path, columns: tuple[Column, ...]) -> Staged:
    fields, delimiter, skip, header_line = _find_csv_header(head, columns)
    if len(fields) > limits.MAX_COLUMNS:
        raise InputError(
            f"The header of {path.name} has more than {limits.MAX_COLUMNS:,} columns, the limit "
            f"({len(fields):,} in its first 64 KB).",
            f"Hàng tiêu đề của tệp {path.name} có hơn {limits.MAX_COLUMNS:,} cột, vượt giới hạn "
            f"({len(fields):,} cột trong 64 KB đầu tiên).",
        )
    names = unique_names(fields)
    # Everything as text (infer_schema=False) so that leading zeros and exact spellings survive.
    lazy = pl.scan_csv(
        path,
        separator=delimiter,
        infer_schema=False,
        new_columns=names,
        row_index_name="row",
        row_index_offset=1,
        encoding="utf8",
        skip_rows=skip,
    )
    try:
        _finish_lazy(lazy, names).sink_parquet(target, compression="lz4")
    except pl.exceptions.NoDataError as exc:
        raise InputError(f"{path.name} is empty.", f"Tệp {path.name} trống.") from exc
    except pl.exceptions.ComputeError as exc:
        if "utf-8" in str(exc).lower() or "utf8" in str(exc).lower():
            raise _encoding_error(path) from exc
        raise _structure_error(path, delimiter, len(fields), str(exc), header_line) from exc
    staged = pl.scan_parquet(target)
    # A quote left open swallows the following lines into one cell without always failing the parse;
    # a newline inside a cell is the only trace, so only then pay for a strict re-scan.
    longest = pl.max_horizontal(pl.col(names).str.len_chars().max()) if names else pl.lit(0)
    newline, rows, last, widest = (
        staged.select(
            (pl.any_horizontal(pl.col(names).str.contains("\n").any()) if names else pl.lit(False)).alias(
                "newline"
            ),
            pl.len().alias("rows"),
            pl.col("row").max().alias("last"),
            longest.alias("widest"),
        )
        .collect()
        .row(0)
    )
    if newline:
        bad = _scan_broken_records(path, delimiter, len(fields), header_line)
        if bad:
            raise _broken_rows_error(path, bad)
    if (last or 0) > limits.MAX_ROWS:
        raise InputError(
            f"{path.name} has {last:,} data rows, more than the limit of {limits.MAX_ROWS:,}.",
            f"Tệp {path.name} có {last:,} dòng dữ liệu, vượt giới hạn {limits.MAX_ROWS:,} dòng.",
        )
    if (widest or 0) > limits.MAX_CELL_CHARS:
        _refuse_long_cell(path, staged, names)
    layout = Layout(header_line=header_line, titles=_title_lines(head, delimiter, skip))
    cut = _footer(staged.tail(FOOTER_SEARCH_ROWS).collect(), names, columns, layout)
    if cut is not None:
        trimmed = target.with_suffix(".trimmed.parquet")
        staged.filter(pl.col("row") < cut).sink_parquet(trimmed, compression="lz4")
        trimmed.replace(target)
        rows = pl.scan_parquet(target).select(pl.len()).collect().item()
    return Staged(int(rows), layout)


def _title_lines(head: bytes, delimiter: str, skip: int) -> list[int]:
    """File lines of the non-blank records above the header."""
    text = head.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines, line = [], 1
    for i, record in enumerate(reader):
        if i >= skip:
            break
        if any(c.strip() for c in record):
            lines.append(line)
        line = reader.line_num + 1
    return lines


def _refuse_long_cell(path: Path, staged: pl.LazyFrame, names: list[str]) -> None:
    cap = limits.MAX_CELL_CHARS
    for name in names:
        hit = staged.filter(pl.col(name).str.len_chars() > cap).select("row", pl.col(name).str.len_chars())
        found = hit.head(1).collect()
        if found.height:
            row, length = found.row(0)
            raise InputError(
                f"Row {row}, column '{name}' of {path.name} holds {length:,} characters, more than the "
                f"limit of {cap:,} for one cell.",
                f"Dòng {row}, cột '{name}' của tệp {path.name} có {length:,} ký tự, vượt giới hạn {cap:,} "
                "ký tự cho một ô.",
            )


def _encoding_error(path: Path) -> InputError:
    """Find the first line that is not UTF-8 and guess what the file really is."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line, offset_in_chunk, sample = 1, 0, b""
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                offset_in_chunk = max(exc.start, 0)
                line += chunk[:offset_in_chunk].count(b"\n")
                sample = chunk[max(0, offset_in_chunk - 2000) : offset_in_chunk + 2000]
                break
            line += chunk.count(b"\n")
    as_1258 = sample.decode("cp1258", errors="replace")
    # Windows-1258 writes tone marks as combining characters and has đ/ơ/ư; bytes that Windows-1252
    # reads as Ì ì Þ Ò ò ð õ ý. â/ê/ô/ă (ã in 1252) are not telling: French or Portuguese text has them.
    vietnamese = any(ch in as_1258 for ch in "đơưĐƠƯ\u0300\u0301\u0303\u0309\u0323")
    if vietnamese:
        name, name_vi = "Windows-1258 (Vietnamese ANSI)", "Windows-1258 (bảng mã tiếng Việt cũ của Windows)"
    else:
        name = "Windows-1252/latin-1 (or an old TCVN3/VNI font encoding)"
        name_vi = "Windows-1252/latin-1 (hoặc bảng mã cũ TCVN3/VNI)"
    return InputError(
        f"{path.name} is not UTF-8: line {line} is not valid UTF-8; it looks like {name}. {_SAVE_AS}",
        f"Tệp {path.name} không phải UTF-8: dòng {line} có ký tự sai bảng mã; có vẻ tệp dùng {name_vi}. "
        + _SAVE_AS_VI,
    )


def _scan_broken_records(
    path: Path, delimiter: str, width: int, header_line: int = 1
) -> list[tuple[int, str]]:
    """Strict record-by-record scan (slow, Python): [(line where the record starts, what is wrong)]."""
    bad: list[tuple[int, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        start = 1
        try:
            for record in reader:
                if len(record) > width and start > header_line:
                    bad.append((start, f"{len(record)} fields, header has {width}"))
                    if len(bad) >= MAX_LISTED:
                        break
                start = reader.line_num + 1
        except csv.Error as exc:
            bad.append((start, f"unterminated quote or stray quote character ({exc})"))
    return bad


def _broken_rows_error(path: Path, bad: list[tuple[int, str]]) -> InputError:
    lines = ", ".join(str(line) for line, _ in bad)
    detail = "; ".join(f"line {line}: {why}" for line, why in bad[:5])
    return InputError(
        f"{path.name} has broken rows at line(s) {lines} ({detail}). A cell containing a comma must be "
        "inside double quotes, and every quote opened must be closed. Fix these lines and run again.",
        f"Tệp {path.name} có dòng bị lỗi cấu trúc ở dòng {lines} (thừa cột hoặc dấu ngoặc kép không đóng). "
        'Ô có dấu phẩy phải nằm trong ngoặc kép "..."; hãy sửa các dòng này rồi chạy lại.',
    )


def _structure_error(path: Path, delimiter: str, width: int, reason: str, header_line: int = 1) -> InputError:
    bad = _scan_broken_records(path, delimiter, width, header_line)
    if bad:
        return _broken_rows_error(path, bad)
    return InputError(
        f"{path.name} could not be read as CSV: {reason.splitlines()[0]}",
        f"Không đọc được tệp {path.name} dạng CSV. Hãy lưu lại bằng Excel dạng 'CSV UTF-8' rồi chạy lại.",
    )


def _finish(frame: pl.DataFrame) -> pl.DataFrame:
    """Nulls to empty strings; drop rows whose every cell is blank (they keep their number)."""
    return _finish_lazy(frame.lazy(), [c for c in frame.columns if c != "row"]).collect()


def _finish_lazy(frame: pl.LazyFrame, text_cols: list[str]) -> pl.LazyFrame:
    frame = frame.with_columns(pl.col("row").cast(pl.Int64))
    if not text_cols:
        return frame
    frame = frame.with_columns(pl.col(text_cols).fill_null(""))
    return frame.filter(pl.any_horizontal(pl.col(text_cols).str.strip_chars() != ""))
