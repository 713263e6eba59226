"""Refuse hostile or foreign input before a parser holds it in memory (limits in `sotay.pipeline.limits`).

* `check_file_size`: any file above `MAX_FILE_BYTES`.
* `check_zip`: a workbook (a zip of XML) whose members declare too much (`MAX_EXPANDED_BYTES`) or compress
  too well (`MAX_COMPRESSION_RATIO`), and, since declared sizes can lie, one that inflates past the
  limit while we stream it. The stream pass is our own (zlib over the raw member data), so it does not
  trust the sizes in either header. It costs one inflate of the workbook: about 2 s a GB.
* `sniff_text`: a file that is not text at all (a PDF, an image, random bytes), or UTF-16.
* `scan_csv_lines`: NUL bytes (and where), rows (records) longer than `MAX_RECORD_BYTES` or more than
  `MAX_ROWS` of them, in one numpy pass.
"""

import codecs
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from sotay.pipeline import limits
from sotay.pipeline.internals.errors import InputError

CHUNK = 8 * 1024 * 1024
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"\x1f\x8b", "gzip"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"),
    (b"\x7fELF", "ELF"),
    (b"MZ", "Windows program"),
)
_SAVE_AS = "Open the file in Excel and use File > Save As > 'CSV UTF-8 (Comma delimited)'."
_SAVE_AS_VI = "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) > 'CSV UTF-8 (Comma delimited)' rồi chạy lại."


def _mib(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def check_file_size(path: Path, size: int) -> None:
    if size > limits.MAX_FILE_BYTES:
        raise InputError(
            f"{path.name} is {_mib(size)}, more than the limit of {_mib(limits.MAX_FILE_BYTES)}.",
            f"Tệp {path.name} nặng {_mib(size)}, vượt giới hạn {_mib(limits.MAX_FILE_BYTES)}.",
        )


def _too_large(path: Path, what: str, what_vi: str) -> InputError:
    cap = _mib(limits.MAX_EXPANDED_BYTES)
    return InputError(
        f"{path.name} is refused: {what} (limit: {cap} expanded, compression ratio "
        f"{limits.MAX_COMPRESSION_RATIO}:1). A members workbook is far smaller; this may be a zip bomb.",
        f"Từ chối tệp {path.name}: {what_vi} (giới hạn: {cap} khi giải nén, tỷ lệ nén "
        f"{limits.MAX_COMPRESSION_RATIO}:1). Tệp danh sách đảng viên nhỏ hơn nhiều; tệp này có thể là "
        "tệp độc hại (zip bomb).",
    )


def check_zip(path: Path, watch: Callable[[str, bytes], None] | None = None) -> None:
    """Refuse a zip that declares or really expands past the limits; `watch(name, chunk)` sees the
    inflated bytes of every `.xml` member (used to find formulas without a saved value)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_a_workbook(path, str(exc)) from exc
    declared = sum(i.file_size for i in infos)
    if declared > limits.MAX_EXPANDED_BYTES:
        raise _too_large(
            path,
            f"its parts declare {_mib(declared)} once expanded",
            f"các phần của tệp khai báo {_mib(declared)} khi giải nén",
        )
    for info in infos:
        if info.file_size >= limits.RATIO_CHECK_FROM_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.MAX_COMPRESSION_RATIO:
                raise _too_large(
                    path,
                    f"{info.filename} is compressed {ratio:,.0f}:1",
                    f"phần {info.filename} nén với tỷ lệ {ratio:,.0f}:1",
                )
    total = 0
    with path.open("rb") as fh:
        for info in infos:
            sink = watch if watch is not None and info.filename.endswith(".xml") else None
            total = _inflate(path, fh, info, total, sink)


def _inflate(
    path: Path, fh: BinaryIO, info: zipfile.ZipInfo, total: int, sink: Callable[[str, bytes], None] | None
) -> int:
    """Inflate one member from its raw data, counting; returns the running total of expanded bytes."""
    fh.seek(info.header_offset)
    local = fh.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise not_a_workbook(path, f"bad local header for {info.filename}")
    name_len, extra_len = struct.unpack("<HH", local[26:30])
    fh.seek(info.header_offset + 30 + name_len + extra_len)
    if info.compress_type == zipfile.ZIP_STORED:
        inflater = None
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
    else:
        raise not_a_workbook(path, f"unsupported compression {info.compress_type} in {info.filename}")
    # A deflate stream ends itself: read to its end, not to the declared compressed size (which can lie
    # too). A stored member cannot expand, so its declared size is harmless.
    left = info.compress_size if inflater is None else 1 << 62
    while left > 0:
        data = fh.read(min(CHUNK, left))
        if not data:
            break
        left -= len(data)
        while data:
            if inflater is None:
                out, data = data, b""
            else:
                try:
                    out = inflater.decompress(data, CHUNK)
                except zlib.error as exc:
                    raise not_a_workbook(path, f"{info.filename}: {exc}") from exc
                data = inflater.unconsumed_tail
            total += len(out)
            if total > limits.MAX_EXPANDED_BYTES:
                raise _too_large(
                    path,
                    f"it expands to more than {_mib(limits.MAX_EXPANDED_BYTES)} (stopped reading there)",
                    f"tệp giải nén ra hơn {_mib(limits.MAX_EXPANDED_BYTES)} (đã dừng đọc ở đó)",
                )
            if sink is not None and out:
                sink(info.filename, out)
            if inflater is not None and inflater.eof:
                return total
    return total


def not_a_workbook(path: Path, reason: str) -> InputError:
    """The one refusal for a file that is not a readable workbook (named .xlsx/.xls/.ods or looking like one):
    a CSV or web page renamed, random bytes, a truncated or foreign zip, a damaged Excel file."""
    return InputError(
        f"{path.name} is not an Excel workbook, or it is damaged ({reason}). Open it in Excel or LibreOffice "
        "and save it again as .xlsx (or as 'CSV UTF-8'), then check the new file.",
        f"Tệp {path.name} không phải bảng tính Excel hoặc đã bị hỏng. Hãy mở tệp bằng Excel (hoặc "
        "LibreOffice), lưu lại dạng .xlsx (hoặc 'CSV UTF-8') rồi tải tệp mới lên.",
    )


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: in Latin or Vietnamese text every other byte is NUL (or nearly)."""
    sample = head[:4096]
    if len(sample) < 16:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.3


def sniff_text(path: Path, head: bytes) -> None:
    """Refuse UTF-16 and files that are not text (known signatures, or many control bytes)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(head):
        raise InputError(
            f"{path.name} is encoded as UTF-16 (Excel's 'Unicode Text'), not UTF-8. {_SAVE_AS}",
            f"Tệp {path.name} dùng bảng mã UTF-16 (kiểu 'Unicode Text' của Excel), không phải UTF-8. "
            + _SAVE_AS_VI,
        )
    kind = next((name for sig, name in _SIGNATURES if head.startswith(sig)), None)
    sample = head[:65536]
    control = sum(sample.count(bytes([b])) for b in (*range(0, 9), 11, 14, *range(15, 32), 127))
    if kind is None and control <= max(8, len(sample) // 100):
        return
    what = f"a {kind} file" if kind else "binary data"
    what_vi = f"tệp {kind}" if kind else "dữ liệu nhị phân"
    raise InputError(
        f"{path.name} is not a CSV file (nor a text file): it holds {what}. Send the members list as "
        "CSV UTF-8 or as an Excel workbook (.xlsx, .xls, .ods).",
        f"Tệp {path.name} không phải tệp CSV (không phải tệp văn bản): nội dung là {what_vi}. Hãy gửi "
        "danh sách đảng viên dạng CSV UTF-8 hoặc bảng tính Excel (.xlsx, .xls, .ods).",
    )


@dataclass
class TextScan:
    """What one pass over a CSV found: records, the first NUL byte's line, the longest record."""

    records: int
    nul_line: int | None
    longest: int  # bytes of the longest record (a quoted cell may span several lines)
    longest_line: int  # the line where that record starts


def scan_csv_lines(path: Path) -> TextScan:
    """One numpy pass (about 230 MB/s on a busy 2-core machine: 8 s for the national 1.7 GB file):
    records, the first NUL byte and the longest record.

    A newline ends a record unless it sits inside double quotes (an odd number of quotes before it in
    the record: RFC 4180's doubled quote counts twice, so it changes nothing). Stops early at a record
    longer than `MAX_RECORD_BYTES` or past `MAX_ROWS` records (the caller refuses the file).
    """
    lines, records, nul_line, longest, longest_line = 1, 0, None, 0, 1
    current, start_line, parity = 0, 1, 0
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            arr = np.frombuffer(chunk, dtype=np.uint8)
            newlines = np.flatnonzero(arr == 10)
            if nul_line is None and (nul := chunk.find(b"\0")) >= 0:
                nul_line = lines + int(np.searchsorted(newlines, nul))
            # Quotes before each newline (this chunk) plus the parity carried in: odd = inside a cell.
            # Most chunks of a members file have quotes (addresses with commas), so this is the cost.
            quotes = np.flatnonzero(arr == 34) if b'"' in chunk else np.empty(0, dtype=np.intp)
            closed = (np.searchsorted(quotes, newlines) + parity) % 2 == 0
            ends = newlines[closed]
            end_lines = lines + np.flatnonzero(closed)  # line each record-ending newline ends
            if ends.size:
                lengths = np.diff(ends, prepend=-1) - 1
                lengths[0] += current + 1 if current else 0
                starts = np.concatenate(([start_line], end_lines[:-1] + 1))
                at = int(np.argmax(lengths))
                if lengths[at] > longest:
                    longest, longest_line = int(lengths[at]), int(starts[at])
                current = len(chunk) - int(ends[-1]) - 1
                start_line = int(end_lines[-1]) + 1
                records += int(ends.size)
            else:
                current += len(chunk)
            parity = (parity + int(quotes.size)) % 2
            lines += int(newlines.size)
            if current > longest:
                longest, longest_line = current, start_line
            if longest > limits.MAX_RECORD_BYTES or records > limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS:
                break
    if current:
        records += 1
    return TextScan(records, nul_line, longest, longest_line)


def refuse_csv_scan(path: Path, scan: TextScan) -> None:
    if scan.longest > limits.MAX_RECORD_BYTES:
        cap = _mib(limits.MAX_RECORD_BYTES)
        raise InputError(
            f"{path.name} is refused: the row starting at line {scan.longest_line} is longer than the limit "
            f"of {cap} ({limits.MAX_RECORD_BYTES:,} bytes). No row of a members list is that long.",
            f"Từ chối tệp {path.name}: hàng bắt đầu ở dòng {scan.longest_line} dài hơn giới hạn {cap} "
            f"({limits.MAX_RECORD_BYTES:,} byte). Không hàng nào của danh sách đảng viên dài như vậy.",
        )
    if scan.records > limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS:
        raise InputError(
            f"{path.name} has more than {limits.MAX_ROWS:,} rows, the limit (stopped counting there).",
            f"Tệp {path.name} có hơn {limits.MAX_ROWS:,} dòng, vượt giới hạn (đã dừng đếm ở đó).",
        )
    if scan.nul_line is not None:
        raise InputError(
            f"{path.name} contains NUL bytes (character 0) at line {scan.nul_line}; a CSV file never "
            f"does. The file is damaged or was not saved as text. {_SAVE_AS}",
            f"Tệp {path.name} chứa ký tự NUL (mã 0) ở dòng {scan.nul_line}; tệp CSV không bao giờ có ký "
            f"tự này. Tệp bị hỏng hoặc không được lưu dạng văn bản. {_SAVE_AS_VI}",
        )
