"""The files units really send: title rows, a totals line and a signature block, several sheets, .xls
and .ods. Whatever the wrapping, findings and normalized.csv equal those of the plain CSV."""

import openpyxl
import pytest
import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P
from polars.testing import assert_frame_equal

from sotay.pipeline import InputError, check_file, read_members
from sotay.pipeline.cli import check_main
from tests.pipeline.members import AN, BINH, HEADER, ORGS, TODAY, write_csv

# Three members with findings of several kinds (a name to normalise, a lost card zero, a bad date).
CHI = BINH | {
    "STT": "3",
    "Mã đảng viên": "DV0003",
    "Họ và tên": "le  thi  chi",
    "Số CCCD": "079185004322",
    "Số thẻ đảng viên": "7654321",
    "Ngày sinh": "31/02/1985",
}
MEMBERS = [AN, BINH, CHI]
TITLES = [["ĐẢNG BỘ XÃ HƯNG NGUYÊN"], ["DANH SÁCH ĐẢNG VIÊN"], []]
FOOTER = [
    [],
    ["Tổng cộng: 3 đảng viên"],
    [],
    ["", "Người lập biểu", "", "", "", "", "", "", "", "", "", "", "TM. BAN TỔ CHỨC"],
    ["", "(ký, ghi rõ họ tên)", "", "", "", "", "", "", "", "", "", "", "BÍ THƯ"],
    [],
    ["", "Nguyễn Văn Xuân", "", "", "", "", "", "", "", "", "", "", "Trần Văn Yên"],
]


def _table(titles=True, footer=True):
    rows = [HEADER] + [[m[h] for h in HEADER] for m in MEMBERS]
    return (TITLES if titles else []) + rows + (FOOTER if footer else [])


def _xlsx(path, sheets, merge=True):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if merge and rows and rows[0] == TITLES[0]:
            ws.merge_cells("A1:R1")
            ws.merge_cells("A2:R2")
    wb.save(path)
    return path


def _xls(path, rows):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Danh sách")
    for r, row in enumerate(rows):
        if r < 2 and row:
            ws.write_merge(r, r, 0, 17, row[0])
            continue
        for c, value in enumerate(row):
            ws.write(r, c, value)
    wb.save(str(path))
    return path


def _ods(path, rows):
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Danh sách")
    for row in rows:
        tr = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


@pytest.fixture
def plain(tmp_path):
    orgs = write_csv(tmp_path / "orgs.csv", ORGS)
    result = check_file(
        write_csv(tmp_path / "plain.csv", MEMBERS, HEADER), orgs, today=TODAY, duplicates=False
    )
    assert result.errors  # the comparison is about real findings
    assert result.warnings
    return orgs, result


def _same(result, plain):
    assert_frame_equal(result.findings, plain.findings)
    assert_frame_equal(result.normalized, plain.normalized)
    assert result.rows == plain.rows == 3


def _csv_text(rows, sep=","):
    def cell(v):
        return f'"{v}"' if sep in v or '"' in v else v

    return "\n".join(sep.join(cell(v) for v in row) for row in rows) + "\n"


@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_with_title_rows_and_footer_reads_as_the_plain_csv(tmp_path, plain, sep):
    orgs, expected = plain
    path = tmp_path / "titled.csv"
    path.write_text(_csv_text(_table(), sep), encoding="utf-8-sig")
    result = check_file(path, orgs, today=TODAY, duplicates=False)
    _same(result, expected)
    assert result.layout.header_line == 4
    assert result.layout.titles == [1, 2]
    assert [line for line, _ in result.layout.left_out] == list(range(8, 15))
    reasons = dict(result.layout.left_out)
    assert reasons[9] == "dòng tổng cộng"
    assert reasons[11] == "phần ký tên"
    assert any("hàng 4" in n for n in result.notes)
    assert any("dòng tổng cộng (hàng 9)" in n for n in result.notes)


@pytest.mark.parametrize("merge", [True, False])
def test_xlsx_with_title_rows_merged_or_not_reads_as_the_plain_csv(tmp_path, plain, merge):
    orgs, expected = plain
    path = _xlsx(tmp_path / "titled.xlsx", {"DS": _table()}, merge=merge)
    result = check_file(path, orgs, today=TODAY, duplicates=False)
    _same(result, expected)
    assert result.layout.sheet == "DS"
    assert result.layout.header_line == 4


def test_xls_and_ods_read_as_the_plain_csv(tmp_path, plain):
    orgs, expected = plain
    for path in (_xls(tmp_path / "m.xls", _table()), _ods(tmp_path / "m.ods", _table())):
        result = check_file(path, orgs, today=TODAY, duplicates=False)
        _same(result, expected)
        assert result.layout.header_line == 4


def test_plain_workbook_reads_as_the_plain_csv(tmp_path, plain):
    orgs, expected = plain
    _same(
        check_file(
            _xlsx(tmp_path / "m.xlsx", {"Sheet1": _table(False, False)}), orgs, today=TODAY, duplicates=False
        ),
        expected,
    )


def test_the_sheet_with_the_header_is_chosen(tmp_path, plain):
    orgs, expected = plain
    sheets = {
        "Hướng dẫn": [["Điền mỗi đảng viên một dòng"], ["Mã tổ chức: mã chi bộ"]],
        "Danh sách": _table(),
    }
    result = check_file(_xlsx(tmp_path / "m.xlsx", sheets), orgs, today=TODAY, duplicates=False)
    _same(result, expected)
    assert result.layout.sheet == "Danh sách"
    assert any("trang tính 'Danh sách'" in n for n in result.notes)


def test_two_member_sheets_are_named_and_one_can_be_chosen(tmp_path, plain, capsys):
    orgs, expected = plain
    other = [HEADER, [AN[h] for h in HEADER]]
    path = _xlsx(tmp_path / "m.xlsx", {"Chi bộ 1": other, "Chi bộ 2": _table()})
    with pytest.raises(InputError) as err:
        read_members(path)
    assert "'Chi bộ 1', 'Chi bộ 2'" in err.value.message_vi
    assert "--sheet" in err.value.message
    _same(check_file(path, orgs, today=TODAY, sheet="Chi bộ 2", duplicates=False), expected)
    assert read_members(path, sheet="Chi bộ 1").height == 1
    out = tmp_path / "out"
    assert check_main([str(path), "--orgs", str(orgs), "--out", str(out), "--sheet", "Chi bộ 2", "-q"]) == 0
    assert check_main([str(path), "--out", str(out), "--sheet", "Không có", "-q"]) == 2
    assert "không có trang tính 'Không có'" in capsys.readouterr().err


def test_a_sparse_member_row_at_the_end_is_kept(tmp_path):
    # Not a totals or signature line: a member with most fields missing is still a member to report.
    sparse = dict.fromkeys(HEADER, "") | {"Mã đảng viên": "DV0009", "Họ và tên": "Phạm Văn Út"}
    frame = read_members(write_csv(tmp_path / "m.csv", [AN, BINH, sparse], HEADER))
    assert frame["row"].to_list() == [1, 2, 3]


def test_a_member_named_cong_is_not_a_totals_line(tmp_path):
    sparse = dict.fromkeys(HEADER, "") | {"Họ và tên": "Công Thị Hoa"}
    frame = read_members(write_csv(tmp_path / "m.csv", [AN, sparse], HEADER))
    assert frame["row"].to_list() == [1, 2]


def test_a_number_in_an_id_column_has_lost_its_zeros_for_certain(tmp_path):
    # 99185004321 as a number: the zero is certainly lost; 099 is no province, so that is the finding.
    # The same digits as text may be a value typed short: not restored, not 12 digits.
    row = [BINH[h] for h in HEADER]
    row[HEADER.index("Số CCCD")] = 99185004321
    row[HEADER.index("Số thẻ đảng viên")] = 4321  # four zeros: restored from a number, as a guess
    book = check_file(_xlsx(tmp_path / "m.xlsx", {"DS": [HEADER, row]}), today=TODAY, duplicates=False)
    rules = dict(book.findings.select("rule", "severity").iter_rows())
    assert rules == {
        "cccd_zeros_restored": "warning",
        "cccd_province": "error",
        "card_zeros_restored": "error",
    }
    assert book.findings.filter(rule="card_zeros_restored")["suggestion"].to_list() == ["00004321"]
    assert book.normalized.select("cccd", "so_the").row(0) == (None, None)
    text = BINH | {"Số CCCD": "99185004321", "Số thẻ đảng viên": "4321"}
    csv = check_file(write_csv(tmp_path / "m.csv", [text], HEADER), today=TODAY, duplicates=False)
    assert set(csv.findings["rule"]) == {"cccd_format", "card_format"}


def test_a_sparse_last_member_with_a_title_in_an_extra_column_is_kept(tmp_path):
    header = [*HEADER, "Chức vụ"]
    sparse = dict.fromkeys(header, "") | {"STT": "3", "Họ và tên": "Phạm Văn Út", "Chức vụ": "Bí thư chi bộ"}
    frame = read_members(write_csv(tmp_path / "m.csv", [AN, BINH, sparse], header))
    assert frame["row"].to_list() == [1, 2, 3]
