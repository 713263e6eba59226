"""Hostile uploads against `sotay.pipeline.limits`: is each refused, how fast, with how much memory?

Generates in a temporary folder: a zip-bomb workbook (a few GB of sheet XML, honest sizes), the same
with its central directory lying about the size, a CSV with one 190 MB cell, a CSV with one 190 MB
cell broken into short lines inside quotes, a header with 100,000 columns, a CSV with more rows than
`MAX_ROWS`, random bytes and a PDF renamed .csv, plus a normal 10,000-row export as the baseline.
Each file is read by `check_file` in its own process (`python bench/upload_limits.py --one FILE`);
peak RSS is that child's ru_maxrss.

    .venv/bin/python bench/upload_limits.py                # everything (about a minute; 1 GB of disk)
    .venv/bin/python bench/upload_limits.py --skip rows    # without the slow many-rows file
"""

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = (
    "STT,Mã đảng viên,Họ và tên,Ngày sinh,Giới tính,Số CCCD,Số thẻ đảng viên,Ngày vào Đảng,"
    "Ngày chính thức,Dân tộc,Tôn giáo,Quê quán,Nơi thường trú,Số điện thoại,Trình độ học vấn,"
    "Lý luận chính trị,Mã tổ chức,Tình trạng"
)
ROW = (
    "1,DV0001,Nguyễn Văn An,05/03/1962,Nam,001062001234,01234567,10/05/1990,10/05/1991,Kinh,Không,"
    'Hà Nội,"Phường Ba Đình, Hà Nội",0912345678,12/12,Trung cấp,CB01,Chính thức'
)


def bomb(path: Path, size: int, *, lie: bool = False) -> Path:
    """An .xlsx whose sheet XML is `size` bytes of repeated rows (compresses about 1000:1)."""
    import openpyxl

    good = path.with_suffix(".seed.xlsx")
    wb = openpyxl.Workbook()
    wb.active.append(HEADER.split(","))
    wb.save(good)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(good) as src:
            for info in src.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    zf.writestr(info, src.read(info))
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 100_000
            for _ in range(size // len(block) + 1):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    good.unlink()
    if lie:  # central directory (zip64 extra field) says 1 KB: only the stream pass can stop it
        data = bytearray(path.read_bytes())
        eocd = data.rfind(b"PK\x05\x06")
        at = struct.unpack("<I", data[eocd + 16 : eocd + 20])[0]
        if at == 0xFFFFFFFF:
            loc = data.rfind(b"PK\x06\x06")
            at = struct.unpack("<Q", data[loc + 48 : loc + 56])[0]
        while data[at : at + 4] == b"PK\x01\x02":
            name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28 : at + 34])
            name = bytes(data[at + 46 : at + 46 + name_len])
            extra = at + 46 + name_len
            if name == b"xl/worksheets/sheet1.xml":
                data[at + 24 : at + 28] = struct.pack("<I", 1024)
                if data[extra : extra + 2] == b"\x01\x00":  # zip64: uncompressed size first
                    data[extra + 4 : extra + 12] = struct.pack("<Q", 1024)
            at = extra + extra_len + comment_len
        path.write_bytes(bytes(data))
    return path


def big_cell(path: Path, size: int, *, lines: bool = False) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n" + ROW + "\n")
        fields = ROW.split(",")
        chunk = ("A" * 99 + "\n") if lines else ("A" * 100)
        fh.write(",".join(fields[:2]) + ',"')
        for _ in range(size // 100):
            fh.write(chunk)
        fh.write('",' + ",".join(fields[3:]) + "\n")
    return path


def many_columns(path: Path, n: int) -> Path:
    path.write_text(HEADER + "," + ",".join(f"c{i}" for i in range(n)) + "\n" + ROW + "\n", "utf-8")
    return path


def many_rows(path: Path, n: int) -> Path:
    line = "," * 17 + "x\n"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        block = line * 100_000
        for _ in range(n // 100_000 + 1):
            fh.write(block)
    return path


def normal(path: Path, n: int) -> Path:
    fields = ROW.split(",")
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER + "\n")
        for i in range(1, n + 1):
            fh.write(",".join([str(i), f"DV{i:06d}", *fields[2:5], f"001062{i:06d}", *fields[6:]]) + "\n")
    return path


def one(path: str) -> int:
    """Child process: check one file; print the outcome on one line."""
    from sotay.pipeline import InputError, check_file

    start = time.monotonic()
    try:
        result = check_file(path, duplicates=False, report=False)
        print(f"ACCEPTED\t{time.monotonic() - start:.1f}\t{result.rows:,} rows")
    except InputError as exc:
        print(f"REFUSED\t{time.monotonic() - start:.1f}\t{exc.message}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--skip", nargs="*", default=[], help="names of files not to generate")
    args = parser.parse_args(argv)
    if args.one:
        return one(args.one)
    from sotay.pipeline import limits

    gb = 1024**3
    makers = {
        "baseline": lambda d: normal(d / "normal-10k.csv", 10_000),
        "bomb": lambda d: bomb(d / "bomb.xlsx", 3 * gb),
        "bomb-lying": lambda d: bomb(d / "bomb-lying.xlsx", 3 * gb, lie=True),
        "cell": lambda d: big_cell(d / "cell-190mb.csv", 190 * 1024**2),
        "cell-lines": lambda d: big_cell(d / "cell-190mb-lines.csv", 190 * 1024**2, lines=True),
        "columns": lambda d: many_columns(d / "columns-100k.csv", 100_000),
        "rows": lambda d: many_rows(d / "rows.csv", limits.MAX_ROWS + 1),
        "binary": lambda d: (d / "random.csv").write_bytes(os.urandom(1 << 20)) and d / "random.csv",
        "pdf": lambda d: (d / "doc.csv").write_bytes(b"%PDF-1.7\n" + os.urandom(1 << 20)) and d / "doc.csv",
    }
    # "read s": inside check_file; "total s": the whole child, Python and library imports included.
    print(f"{'file':<24} {'MB':>7} {'outcome':<9} {'read s':>6} {'total s':>7} {'peak MB':>7}  message")
    with tempfile.TemporaryDirectory(prefix="sotay-bench-limits-") as tmp:
        folder = Path(tmp)
        for name, make in makers.items():
            if name in args.skip:
                continue
            path = make(folder)
            size = path.stat().st_size / 1024**2
            # A fresh child per file: RUSAGE_CHILDREN is the max over children, so measure via wait4.
            start = time.monotonic()
            proc = subprocess.Popen(
                [sys.executable, __file__, "--one", str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
            )
            assert proc.stdout is not None
            out = proc.stdout.read()
            _, _, usage = os.wait4(proc.pid, 0)
            elapsed = time.monotonic() - start
            outcome, inner, message = [*out.strip().split("\t", 2), "", "", ""][:3]
            peak = usage.ru_maxrss / 1024
            figures = f"{size:>7,.0f} {outcome:<9} {inner:>6} {elapsed:>7.1f} {peak:>7,.0f}"
            print(f"{path.name:<24} {figures}  {message}")
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
