"""Reading exports: what is accepted, and the plain message (exit 2) for what is not."""

import hashlib
import os

import openpyxl
import pytest

from sotay.pipeline import InputError, read_members
from sotay.pipeline.cli import check_main
from sotay.pipeline.internals.headers import header_key
from tests.pipeline.members import AN, BINH, HEADER, write_csv


def _line(row: dict[str, str]) -> str:
    return ",".join(f'"{row[h]}"' if "," in row[h] else row[h] for h in HEADER)


TEXT = ",".join(HEADER) + "\n" + _line(AN) + "\n"


def _check(tmp_path, path, capsys):
    code = check_main([str(path), "--out", str(tmp_path / "out"), "--no-duplicates", "-q"])
    return code, capsys.readouterr()


def test_header_matching_ignores_case_spaces_and_diacritics(tmp_path):
    header = ["  so cccd ", "MÃ ĐẢNG VIÊN", "ho va ten", *HEADER[3:5], *HEADER[6:], "Cột lạ"]
    rows = [
        {
            **AN,
            "  so cccd ": AN["Số CCCD"],
            "MÃ ĐẢNG VIÊN": "DV0001",
            "ho va ten": "Nguyễn Văn An",
            "Cột lạ": "?",
        }
    ]
    frame = read_members(write_csv(tmp_path / "m.csv", rows, header))
    assert frame.columns[:3] == ["row", "so cccd", "MÃ ĐẢNG VIÊN"]
    assert frame["so cccd"].to_list() == ["001062001234"]


def test_bom_semicolons_and_quotes(tmp_path):
    path = tmp_path / "m.csv"
    body = TEXT.replace(",", ";")
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    frame = read_members(path)
    assert frame["Nơi thường trú"].to_list() == ["Phường Ba Đình; Hà Nội"]
    assert frame["STT"].to_list() == ["1"]


def test_values_stay_text_and_blank_rows_keep_numbering(tmp_path):
    path = tmp_path / "m.csv"
    second = _line(BINH)
    path.write_text(TEXT + ",,,,,,,,,,,,,,,,,\n" + second + "\n", encoding="utf-8")
    frame = read_members(path)
    assert frame["row"].to_list() == [1, 3]
    assert frame["Số thẻ đảng viên"].to_list() == ["01234567", "87654321"]


def test_missing_required_columns_are_named(tmp_path, capsys):
    header = [h for h in HEADER if h not in ("Số CCCD", "Tình trạng")]
    code, out = _check(tmp_path, write_csv(tmp_path / "m.csv", [AN], header), capsys)
    assert code == 2
    assert "'Số CCCD'" in out.err
    assert "'Tình trạng'" in out.err
    assert "Traceback" not in out.err


def test_empty_file_is_refused(tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_bytes(b"")
    code, out = _check(tmp_path, path, capsys)
    assert code == 2
    assert "trống" in out.err


def test_header_only_is_refused_as_empty(tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_text(",".join(HEADER) + "\n,,,,\n", encoding="utf-8")
    code, out = _check(tmp_path, path, capsys)
    assert code == 2
    assert "không có dòng dữ liệu" in out.err
    with pytest.raises(InputError, match="no data rows"):
        read_members(path)


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("cp1258", "Windows-1258"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("latin-1", "Windows-1252")],
)
def test_other_encodings_are_refused_by_name(tmp_path, capsys, encoding, named):
    path = tmp_path / "m.csv"
    text = TEXT
    if encoding == "latin-1":  # a Western file: plain headers, accented Latin letters
        text = ",".join(header_key(h) for h in HEADER) + "\nJosé Müller,Señora Peña\n"
    path.write_bytes(text.encode(encoding, errors="replace"))
    code, out = _check(tmp_path, path, capsys)
    assert code == 2
    assert named in out.err
    assert "CSV UTF-8" in out.err


def test_non_utf8_line_is_named(tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(TEXT.encode() + _line(BINH).encode("cp1258", errors="replace") + b"\n")
    with pytest.raises(InputError, match="line 3"):
        read_members(path)


def test_row_with_too_many_fields_is_named(tmp_path, capsys):
    path = tmp_path / "m.csv"
    path.write_text(
        TEXT + TEXT.splitlines()[1] + ",extra,cells\n" + TEXT.splitlines()[1] + "\n", encoding="utf-8"
    )
    code, out = _check(tmp_path, path, capsys)
    assert code == 2
    assert "dòng 3" in out.err


def test_unterminated_quote_is_named(tmp_path):
    path = tmp_path / "m.csv"
    broken = TEXT.splitlines()[1].replace("0912345678", '"0912345678', 1)
    path.write_text(TEXT + broken + "\n" + TEXT.splitlines()[1] + "\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_members(path)
    assert "line(s) 3" in err.value.message


def test_corrupt_xls_and_missing_files_are_refused(tmp_path):
    path = tmp_path / "m.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(InputError, match="is not an Excel workbook, or it is damaged"):
        read_members(path)
    with pytest.raises(InputError, match="not found"):
        read_members(tmp_path / "nope.csv")


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_xlsx_numbers_and_dates_read_as_text(tmp_path):
    import datetime as dt

    values = [AN[h] for h in HEADER]
    values[HEADER.index("Số CCCD")] = 1062001234  # stored as a number: zeros lost
    values[HEADER.index("Ngày sinh")] = dt.datetime(1962, 3, 5)
    values[HEADER.index("Trình độ học vấn")] = 1.5
    values[HEADER.index("Số điện thoại")] = 912345678.0
    frame = read_members(_xlsx(tmp_path / "m.xlsx", [HEADER, values]))
    row = frame.row(0, named=True)
    assert (row["Số CCCD"], row["Ngày sinh"]) == ("1062001234", "1962-03-05")
    assert (row["Trình độ học vấn"], row["Số điện thoại"]) == ("1.5", "912345678")


def test_xlsx_formula_without_cached_value_is_refused(tmp_path):
    values = [AN[h] for h in HEADER]
    values[0] = "=1+1"  # openpyxl writes the formula with no cached value, as a script would
    with pytest.raises(InputError, match="A2"):
        read_members(_xlsx(tmp_path / "m.xlsx", [HEADER, values]))


def test_xlsx_merged_header_is_refused(tmp_path):
    path = _xlsx(tmp_path / "m.xlsx", [HEADER, [AN[h] for h in HEADER]])
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("A1:B1")
    wb.save(path)
    with pytest.raises(InputError, match="A1:B1"):
        read_members(path)


def test_unwritable_output_dir_fails_before_reading(tmp_path, capsys):
    if os.geteuid() == 0:
        target = tmp_path / "file-not-dir"
        target.write_text("x")
        out_dir = target / "out"  # below a regular file: cannot be created even by root
    else:
        out_dir = tmp_path / "locked"
        out_dir.mkdir(mode=0o500)
    members = write_csv(tmp_path / "m.csv", [AN], HEADER)
    code = check_main([str(members), "--out", str(out_dir)])
    assert code == 2
    assert "thư mục kết quả" in capsys.readouterr().err


def test_input_file_is_never_changed(tmp_path):
    members = write_csv(tmp_path / "m.csv", [AN | {"Họ và tên": "nguyễn văn an"}, BINH], HEADER)
    before = hashlib.sha256(members.read_bytes()).hexdigest()
    assert check_main([str(members), "--out", str(tmp_path / "out"), "--no-duplicates", "-q"]) == 0
    assert hashlib.sha256(members.read_bytes()).hexdigest() == before


def test_a_column_named_row_does_not_clash_with_row_numbers(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("row," + TEXT.splitlines()[0] + "\n7," + TEXT.splitlines()[1] + "\n", encoding="utf-8")
    frame = read_members(path)
    assert frame.columns[:2] == ["row", "row (2)"]
    assert frame["row"].to_list() == [1]
    assert frame["row (2)"].to_list() == ["7"]


def test_header_names_units_use_in_their_own_exports_are_understood(tmp_path, capsys):
    """Abbreviations and combined names seen in ward exports (`Số CCCD/CMND`, `Nam/Nữ`, `Mã chi bộ`,
    `Trạng thái`, `Ngày, tháng, năm sinh`) map to the contract's columns instead of refusing the file."""
    own = [
        "STT", "Mã ĐV", "Họ và tên", "Ngày, tháng, năm sinh", "Nam/Nữ", "Số CCCD/CMND", "Số thẻ ĐV",
        "Ngày kết nạp Đảng", "Ngày công nhận chính thức", "Dân tộc", "Tôn giáo", "Số ĐT", "Mã chi bộ",
        "Trạng thái",
    ]  # fmt: skip
    values = [
        "1", "DV0001", "Nguyễn Văn An", "05/03/1962", "Nam", "001062001234", "00000101", "12/05/1990",
        "12/05/1991", "Kinh", "Không", "0912345678", "79.P1.U1.B1", "Chính thức",
    ]  # fmt: skip
    path = tmp_path / "own.csv"
    path.write_text(",".join(f'"{h}"' for h in own) + "\n" + ",".join(values) + "\n", encoding="utf-8")
    code, _ = _check(tmp_path, path, capsys)
    assert code == 0
    normalized = (tmp_path / "out" / "normalized.csv").read_text(encoding="utf-8").splitlines()
    assert normalized[1] == (
        "1,DV0001,Nguyễn Văn An,1962-03-05,Nam,001062001234,00000101,1990-05-12,1991-05-12,Kinh,Không,"
        "0912345678,79.P1.U1.B1,Chính thức"
    )
