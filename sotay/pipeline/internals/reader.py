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
from pathlib import Path

import polars as pl

from sotay.pipeline.internals.errors import InputError

MAX_LISTED = 20
_SAVE_AS = "Open the file in Excel and use File > Save As > 'CSV UTF-8 (Comma delimited)'."
_SAVE_AS_VI = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) > 'CSV UTF-8 (Comma delimited)' rồi chạy lại."


def read_table(path: Path) -> pl.DataFrame:
    """Read a CSV or XLSX file as strings: `row` (Int64) then one Utf8 column per header cell.

    >>> read_table(Path("members.csv")).columns[:3]  # doctest: +SKIP
    ['row', 'STT', 'Mã đảng viên']
    """
    with tempfile.TemporaryDirectory(prefix="sotay-read-") as folder:
        staged = Path(folder) / "raw.parquet"
        stage_table(path, staged)
        return pl.read_parquet(staged)


def stage_table(path: Path, target: Path) -> int:
    """Write what `read_table` returns to the Parquet file `target`, streaming; return its row count.

    Raises InputError (and may leave a partial `target`, which the caller discards) when the file
    cannot be read.
    """
    if not path.exists():
        raise InputError(f"File not found: {path}", f"Không tìm thấy tệp: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a file.", f"{path} là thư mục, không phải tệp.")
    with path.open("rb") as fh:
        head = fh.read(65536)
    if not head.strip(b"\xef\xbb\xbf \r\n\t"):
        raise InputError(
            f"The file {path.name} is empty (no header row).",
            f"Tệp {path.name} trống, không có hàng tiêu đề.",
        )
    if head.startswith(b"PK\x03\x04"):
        from sotay.pipeline.internals.xlsx_reader import read_xlsx

        frame = _finish(read_xlsx(path))
        frame.write_parquet(target)
        return frame.height
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            f"{path.name} is an old Excel 97-2003 (.xls) workbook. Save it as .xlsx or as CSV UTF-8.",
            f"Tệp {path.name} là Excel 97-2003 (.xls). Hãy lưu lại dạng .xlsx hoặc CSV UTF-8.",
        )
    _refuse_utf16(path, head)
    return _stage_csv(path, head, target)


def _refuse_utf16(path: Path, head: bytes) -> None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise InputError(
            f"{path.name} is encoded as UTF-16 (Excel's 'Unicode Text'), not UTF-8. {_SAVE_AS}",
            f"Tệp {path.name} dùng bảng mã UTF-16 (kiểu 'Unicode Text' của Excel), không phải UTF-8. "
            + _SAVE_AS_VI,
        )


def _header_fields(head: bytes) -> tuple[list[str], str]:
    """Parse the header line and pick the delimiter: comma, unless the header has none but `;`/tab."""
    text = head.decode("utf-8-sig", errors="replace")
    first_line = text.splitlines()[0] if text else ""
    delimiter = ","
    if "," not in first_line:
        for candidate in (";", "\t"):
            if candidate in first_line:
                delimiter = candidate
                break
    fields = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
    return fields, delimiter


def unique_names(fields: list[str]) -> list[str]:
    """Header cells as column names: trimmed, blanks named `Cột N`, repeats suffixed ` (2)`.

    `row` is taken by the row numbers, so a header cell `row` becomes `row (2)`.

    >>> unique_names(["STT", " ", "Họ và tên", "Họ và tên", "row"])
    ['STT', 'Cột 2', 'Họ và tên', 'Họ và tên (2)', 'row (2)']
    """
    taken = {"row"}
    names: list[str] = []
    for pos, field in enumerate(fields, start=1):
        name = field.strip() or f"Cột {pos}"
        base, n = name, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        names.append(name)
        taken.add(name)
    return names


def _stage_csv(path: Path, head: bytes, target: Path) -> int:
    fields, delimiter = _header_fields(head)
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
    )
    try:
        _finish_lazy(lazy, names).sink_parquet(target, compression="lz4")
    except pl.exceptions.NoDataError as exc:
        raise InputError(f"{path.name} is empty.", f"Tệp {path.name} trống.") from exc
    except pl.exceptions.ComputeError as exc:
        if "utf-8" in str(exc).lower() or "utf8" in str(exc).lower():
            raise _encoding_error(path) from exc
        raise _structure_error(path, delimiter, len(fields), str(exc)) from exc
    staged = pl.scan_parquet(target)
    # A quote left open swallows the following lines into one cell without always failing the parse;
    # a newline inside a cell is the only trace, so only then pay for a strict re-scan.
    newline, rows = (
        staged.select(
            pl.any_horizontal(pl.col(names).str.contains("\n").any()) if names else pl.lit(False),
            pl.len(),
        )
        .collect()
        .row(0)
    )
    if newline:
        bad = _scan_broken_records(path, delimiter, len(fields))
        if bad:
            raise _broken_rows_error(path, bad)
    return int(rows)


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


def _scan_broken_records(path: Path, delimiter: str, width: int) -> list[tuple[int, str]]:
    """Strict record-by-record scan (slow, Python): [(line where the record starts, what is wrong)]."""
    bad: list[tuple[int, str]] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter, strict=True)
        start = 1
        try:
            for record in reader:
                if len(record) > width and start > 1:
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


def _structure_error(path: Path, delimiter: str, width: int, reason: str) -> InputError:
    bad = _scan_broken_records(path, delimiter, width)
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
