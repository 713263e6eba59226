"""A file named .xlsx/.xls/.ods that is not a workbook gets one plain refusal, decided by its content;
a real workbook named .csv is read as the workbook it is."""

import io
import zipfile

import openpyxl
import pytest

from sotay.pipeline import InputError, check_file, read_members
from sotay.pipeline.cli import check_main
from tests.pipeline.members import AN, BINH, HEADER, TODAY, write_csv

NOT_A_WORKBOOK = "is not an Excel workbook, or it is damaged"
NOT_A_WORKBOOK_VI = "không phải bảng tính Excel hoặc đã bị hỏng"


def _xlsx_bytes() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for m in (AN, BINH):
        ws.append([m[h] for h in HEADER])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv_bytes(tmp_path) -> bytes:
    return write_csv(tmp_path / "src.csv", [AN, BINH], HEADER).read_bytes()


def _foreign_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("notes.txt", "không phải bảng tính")
    return out.getvalue()


HTML = (
    "<html><head><meta charset='utf-8'></head>"
    "<body><table><tr><td>Mã đảng viên</td></tr></table></body></html>"
)

# name → builder(tmp_path) of the bytes. Each is what really reaches the checker from units.
CASES = {
    "csv-renamed.xlsx": _csv_bytes,
    "random.xlsx": lambda _: bytes(range(256)) * 40,
    "page.xls": lambda _: HTML.encode(),
    "truncated.xlsx": lambda _: _xlsx_bytes()[:1500],
    "foreign-zip.xlsx": lambda _: _foreign_zip(),
    "random.ods": lambda _: b"\x89PNG\r\n\x1a\n" + b"\0" * 300,
    "damaged.xls": lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
}


def hostile_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(CASES[name](tmp_path))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_file_that_is_not_a_workbook_gets_one_plain_refusal(tmp_path, name):
    with pytest.raises(InputError) as err:
        read_members(hostile_file(tmp_path, name))
    assert NOT_A_WORKBOOK in err.value.message
    assert NOT_A_WORKBOOK_VI in err.value.message_vi
    for wrong in ("missing", "not a CSV", "UTF-8 (", "column"):
        assert wrong not in err.value.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_command_line_says_so_and_exits_2(tmp_path, capsys, name):
    path = hostile_file(tmp_path, name)
    assert check_main([str(path), "--out", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert NOT_A_WORKBOOK in err
    assert "Traceback" not in err


def test_a_password_protected_workbook_says_password(tmp_path, capsys):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500 + "EncryptedPackage".encode("utf-16-le")
    )
    assert check_main([str(path), "--out", str(tmp_path / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "protected by a password" in err
    assert "mật khẩu" in err


def test_a_workbook_named_csv_is_read_as_the_workbook(tmp_path):
    # Decided by content: the bytes are a workbook, so they are read as one, with the same results.
    named_csv = tmp_path / "members.csv"
    named_csv.write_bytes(_xlsx_bytes())
    plain = write_csv(tmp_path / "plain.csv", [AN, BINH], HEADER)
    got = check_file(named_csv, today=TODAY, duplicates=False)
    expected = check_file(plain, today=TODAY, duplicates=False)
    assert got.findings.equals(expected.findings)
    assert got.normalized.equals(expected.normalized)
    assert got.rows == 2
