"""Bounded input: hostile files are refused plainly, naming the limit, and leave no temporary files."""

import os
import struct
import tempfile
import zipfile

import openpyxl
import pytest

from sotay.pipeline import InputError, check_file, limits, read_members
from tests.pipeline.members import AN, BINH, HEADER, write_csv


@pytest.fixture
def tmpdir_watch(tmp_path, monkeypatch):
    """Point tempfile at an empty folder, to check that nothing is left there afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _refused(path, tmpdir_watch, match):
    with pytest.raises(InputError) as err:
        check_file(path, duplicates=False, report=False)
    assert err.value.message_vi
    assert match in err.value.message, err.value.message
    assert os.listdir(tmpdir_watch) == []
    return err.value


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def _bomb(path, size, *, lie=False):
    """A workbook whose sheet XML is `size` bytes of one repeated cell (compresses ~1000:1)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        good = _xlsx(path.with_suffix(".ok.xlsx"), [HEADER, [AN[h] for h in HEADER]])
        with zipfile.ZipFile(good) as src:
            for info in src.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    zf.writestr(info, src.read(info))
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 20_000
            for _ in range(size // len(block) + 1):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
    if lie:  # the central directory declares 1 KB: only the stream pass can stop it
        data = bytearray(path.read_bytes())
        eocd = data.rfind(b"PK\x05\x06")
        at = struct.unpack("<I", data[eocd + 16 : eocd + 20])[0]
        while data[at : at + 4] == b"PK\x01\x02":
            name_len, extra_len, comment_len = struct.unpack("<HHH", data[at + 28 : at + 34])
            if data[at + 46 : at + 46 + name_len] == b"xl/worksheets/sheet1.xml":
                data[at + 24 : at + 28] = struct.pack("<I", 1024)
            at += 46 + name_len + extra_len + comment_len
        path.write_bytes(bytes(data))
    return path


def test_zip_bomb_is_refused_by_declared_size(tmp_path, tmpdir_watch, monkeypatch):
    monkeypatch.setattr(limits, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)
    path = _bomb(tmp_path / "bomb.xlsx", 8 * 1024 * 1024)
    err = _refused(path, tmpdir_watch, "4 MB")
    assert "giải nén" in err.message_vi


def test_zip_bomb_is_refused_by_compression_ratio(tmp_path, tmpdir_watch):
    path = _bomb(tmp_path / "bomb.xlsx", 8 * 1024 * 1024)
    _refused(path, tmpdir_watch, "compressed")


def test_zip_bomb_with_lying_sizes_is_stopped_while_streaming(tmp_path, tmpdir_watch, monkeypatch):
    monkeypatch.setattr(limits, "MAX_EXPANDED_BYTES", 4 * 1024 * 1024)
    monkeypatch.setattr(limits, "MAX_COMPRESSION_RATIO", 10**9)
    path = _bomb(tmp_path / "bomb.xlsx", 8 * 1024 * 1024, lie=True)
    _refused(path, tmpdir_watch, "stopped reading")


def test_csv_cell_longer_than_the_limit_is_refused(tmp_path, tmpdir_watch):
    long_name = "A" * (limits.MAX_CELL_CHARS + 1)
    path = write_csv(tmp_path / "m.csv", [AN, BINH | {"Họ và tên": long_name}], HEADER)
    err = _refused(path, tmpdir_watch, f"{limits.MAX_CELL_CHARS:,}")
    assert "Row 2" in err.message
    assert "Họ và tên" in err.message


@pytest.mark.parametrize("cell", ["A" * 2_000_000, "A" * 99 + "\n" * 20_000 + "A" * 99])
def test_csv_row_longer_than_the_limit_is_refused_before_parsing(tmp_path, tmpdir_watch, monkeypatch, cell):
    monkeypatch.setattr(limits, "MAX_RECORD_BYTES", 10_000)
    path = write_csv(tmp_path / "m.csv", [AN, BINH | {"Họ và tên": cell}, AN], HEADER)
    err = _refused(path, tmpdir_watch, "the row starting at line 3 is longer than the limit")
    assert "dòng 3" in err.message_vi


def test_quoted_newlines_do_not_count_as_rows(tmp_path, monkeypatch):
    from sotay.pipeline.internals.bounds import scan_csv_lines

    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    path = write_csv(tmp_path / "m.csv", [AN, BINH | {"Quê quán": 'a\n""b""\n\n' + "c" * 500}, AN], HEADER)
    scan = scan_csv_lines(path)
    assert (scan.records, scan.longest_line) == (4, 3)
    assert read_members(path).height == 3


def test_xlsx_cell_longer_than_the_limit_is_refused(tmp_path, tmpdir_watch, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 100)
    row = [AN[h] for h in HEADER]
    row[2] = "B" * 101
    err = _refused(_xlsx(tmp_path / "m.xlsx", [HEADER, row]), tmpdir_watch, "Cell C2")
    assert "vượt giới hạn 100 ký tự" in err.message_vi


def test_too_many_columns_are_refused(tmp_path, tmpdir_watch):
    path = tmp_path / "m.csv"
    path.write_text(",".join([*HEADER, *(f"c{i}" for i in range(limits.MAX_COLUMNS))]) + "\n", "utf-8")
    _refused(path, tmpdir_watch, f"more than {limits.MAX_COLUMNS} columns")
    wide = _xlsx(tmp_path / "m.xlsx", [[*HEADER, *(f"c{i}" for i in range(limits.MAX_COLUMNS))]])
    _refused(wide, tmpdir_watch, "columns, more than the limit")


def test_too_many_rows_are_refused(tmp_path, tmpdir_watch, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 3)
    path = write_csv(tmp_path / "m.csv", [AN, BINH, AN, BINH], HEADER)
    err = _refused(path, tmpdir_watch, "4 data rows, more than the limit of 3")
    assert "vượt giới hạn 3 dòng" in err.message_vi
    monkeypatch.setattr(limits, "HEADER_SEARCH_ROWS", 0)  # the counting pass refuses before parsing
    err = _refused(path, tmpdir_watch, "more than 3 rows, the limit")
    assert "hơn 3 dòng" in err.message_vi


def test_file_larger_than_the_limit_is_refused(tmp_path, tmpdir_watch, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    path = write_csv(tmp_path / "m.csv", [AN], HEADER)
    _refused(path, tmpdir_watch, "more than the limit")


def test_random_binary_is_not_a_csv(tmp_path, tmpdir_watch):
    path = tmp_path / "m.csv"
    path.write_bytes(os.urandom(50_000))
    err = _refused(path, tmpdir_watch, "is not a CSV file")
    assert "UTF-16" not in err.message
    assert "không phải tệp CSV" in err.message_vi


def test_pdf_renamed_csv_is_not_a_csv(tmp_path, tmpdir_watch):
    path = tmp_path / "m.csv"
    path.write_bytes(
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + os.urandom(2000)
    )
    err = _refused(path, tmpdir_watch, "a PDF file")
    assert "missing" not in err.message
    assert "thiếu" not in err.message_vi


def test_csv_with_a_few_nul_bytes_names_the_line(tmp_path, tmpdir_watch):
    path = write_csv(tmp_path / "m.csv", [AN, BINH | {"Quê quán": "Huế\0\0"}], HEADER)
    err = _refused(path, tmpdir_watch, "NUL bytes (character 0) at line 3")
    assert "UTF-16" not in err.message
    assert "ký tự NUL" in err.message_vi


def test_utf16_without_bom_is_still_named(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes((",".join(HEADER) + "\n").encode("utf-16-le"))
    with pytest.raises(InputError, match="UTF-16"):
        read_members(path)


def test_password_protected_workbook_is_refused_plainly(tmp_path):
    path = tmp_path / "m.xlsx"
    # What Excel writes for a protected .xlsx: an OLE file holding an EncryptedPackage stream.
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    )
    with pytest.raises(InputError, match="password") as err:
        read_members(path)
    assert "mật khẩu" in err.value.message_vi


def test_a_good_file_leaves_no_temporary_files_either(tmp_path, tmpdir_watch):
    for path in (
        write_csv(tmp_path / "m.csv", [AN, BINH], HEADER),
        _xlsx(tmp_path / "m.xlsx", [HEADER, [AN[h] for h in HEADER]]),
    ):
        assert check_file(path, duplicates=False, report=False).rows >= 1
        assert read_members(path).height >= 1
        assert os.listdir(tmpdir_watch) == []
