"""Hostile legacy exports written by hand from legacy-format.md and domain.md, not by `sotay.synth`.

What a ward's staff send when nobody told them our conventions: a title block and a signature block
around the table, headers abbreviated and reordered, extra columns, merged cells, a hidden row, dates as
Excel dates / serials / text with a time, citizen IDs as numbers that lost their leading zero, phones with
+84 and dots, names in capitals / NFD / with stray spaces, genders and statuses in other words, the same
person twice under two spellings, and thousands of empty but formatted rows after the signatures.

Every builder takes the folder to write into and returns the file's path. Branch codes are those of the
test tree's ward 1 (`tests/personas.py`): 79.P1.U1.B1 and 79.P1.U1.B2.
"""

from __future__ import annotations

import csv
import datetime
import unicodedata
from pathlib import Path

B1, B2 = "79.P1.U1.B1", "79.P1.U1.B2"

# In the order the ward's own file has them: abbreviations, an extra column, another order.
HEADER = [
    "TT",
    "Họ tên",
    "Mã ĐV",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Số thẻ đảng viên",
    "Ngày kết nạp",
    "Ngày chính thức",
    "Dân tộc",
    "Tôn giáo",
    "SĐT",
    "Mã tổ chức",
    "Tình trạng",
    "Ghi chú",
]


def _nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def member_rows() -> list[list[object]]:
    """The members, as Excel holds them (ints, floats, datetimes and text mixed).

    HW1 and HW5 are one person (second spelling without diacritics, other branch, same CCCD and card);
    HW4's CCCD is an old 9-digit CMND; HW6 is probationary with an Excel serial for a date.
    """
    d = datetime.datetime
    # fmt: off
    return [
        # in HEADER order: TT, name, code, birth, gender, cccd, card, admitted, official, …
        [1, "NGUYỄN  VĂN HOÀ", "HW1", d(1962, 3, 5), "nam", 79062000101, 101, "12/05/1990", "12/05/1991",
         "Kinh", "Không", "+84 912 345 678", B1, "chính thức", "Bí thư"],
        [2, _nfd("Lê Thị Thuỷ"), "HW2", "9/1/1965", "NU", "079 165 000 102", "00000102", "1-6-1992",
         "01-06-1993", "kinh", "Phật", "0912.345.679", B2, "CT", ""],
        [3, " trần văn   bốn ", "HW3", "1975-02-20 00:00:00", "Nam giới", "'079075000104", "'00000104",
         d(2000, 6, 1), d(2001, 6, 1), "Khmer", "Thiên Chúa giáo", 84912345680, B1, "Đảng viên chính thức",
         ""],
        [4, "Phạm Văn Năm", "HW4", "20/11/1958", "Nam", "024058123", "00000105", "03.02.1985", "03.02.1986",
         "Tày", "Không", "0168 123 4567", B2, "Miễn SH", "Già yếu"],
        [5, "Nguyen Van Hoa", "HW5", "05/03/1962", "Nam", "079062000101", "00000101", "12/05/1990",
         "12/05/1991", "Kinh", "", "", B2, "Chinh thuc", "Trùng?"],
        [6, "Đỗ Thị Sáu", "HW6", 36161, "Nữ", "079399000106", "", 45200, "", "Kinh", "Không",
         "0987654321", B1, "Dự bị", ""],
    ]
    # fmt: on


def hostile_xlsx(folder: Path, *, blank_rows: int = 3000) -> Path:
    """The ward's workbook: a merged title block, the table, a signature block, formatted empty rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "DS dang vien"
    ws["A1"] = "ĐẢNG BỘ PHƯỜNG MỘT"
    ws.merge_cells("A1:F1")
    ws["H1"] = "ĐẢNG CỘNG SẢN VIỆT NAM"
    ws["A3"] = "DANH SÁCH ĐẢNG VIÊN"
    ws["A3"].font = Font(bold=True, size=14)
    ws.merge_cells("A3:O3")
    ws["A4"] = "(Tính đến ngày 31/10/2025)"
    ws.merge_cells("A4:O4")
    ws.append([])
    ws.append(HEADER)
    header_row = ws.max_row
    for row in member_rows():
        ws.append(row)
    # A hidden row of a member who left: still a row of the table (hiding is not deleting).
    ws.row_dimensions[header_row + 4].hidden = True
    for r in range(header_row + 1, ws.max_row + 1):
        for c in (4, 8, 9):
            if isinstance(ws.cell(r, c).value, datetime.datetime):
                ws.cell(r, c).number_format = "dd/mm/yyyy"
    ws.append([])
    ws.append(["", "Tổng cộng: 6 đảng viên"])
    ws.append([])
    ws.append(["", "Người lập biểu", "", "", "", "", "", "", "", "", "TM. ĐẢNG ỦY"])
    ws.append(["", "", "", "", "", "", "", "", "", "", "Phường Một, ngày 05 tháng 11 năm 2025"])
    ws.append(["", "Nguyễn Thị Lập", "", "", "", "", "", "", "", "", "Bí thư"])
    thin = Side(style="thin")
    last = ws.max_row
    for r in range(last + 1, last + 1 + blank_rows):
        ws.cell(r, 1).border = Border(bottom=thin)  # an empty, formatted cell: Excel counts the row
    hidden = wb.create_sheet("Sheet2")
    hidden.sheet_state = "hidden"
    hidden.append(["Danh mục"])
    hidden.append(["Nam"])
    path = folder / "danh-sach-phuong-mot.xlsx"
    wb.save(path)
    return path


def _as_text(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def hostile_csv(folder: Path, *, encoding: str = "utf-8-sig", delimiter: str = ";") -> Path:
    """The same table saved by Excel as CSV: BOM, semicolons, a title line and a signature below."""
    path = folder / f"phuong-mot-{encoding}.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh, delimiter=delimiter)
        out.writerow(["DANH SÁCH ĐẢNG VIÊN ĐẢNG BỘ PHƯỜNG MỘT"] + [""] * (len(HEADER) - 1))
        out.writerow([""] * len(HEADER))
        out.writerow(HEADER)
        for row in member_rows():
            out.writerow([_as_text(v) for v in row])
        out.writerow([""] * len(HEADER))
        out.writerow(["", "Người lập biểu"] + [""] * (len(HEADER) - 2))
        for _ in range(2000):
            out.writerow([""] * len(HEADER))
    return path


def hostile_xls(folder: Path) -> Path:
    """The table as an Excel 97-2003 workbook (.xls), dates as real Excel dates."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Danh sach")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    ws.write_merge(0, 0, 0, 5, "DANH SÁCH ĐẢNG VIÊN")
    for c, h in enumerate(HEADER):
        ws.write(2, c, h)
    for r, row in enumerate(member_rows(), start=3):
        for c, v in enumerate(row):
            if isinstance(v, datetime.datetime):
                ws.write(r, c, v, date_style)
            else:
                ws.write(r, c, v)
    path = folder / "phuong-mot.xls"
    wb.save(str(path))
    return path


def hostile_ods(folder: Path) -> Path:
    """The table as a LibreOffice spreadsheet (.ods); numbers as numbers, dates as ODF dates."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Danh sách")

    def cell(v: object) -> TableCell:
        if isinstance(v, datetime.datetime):
            tc = TableCell(valuetype="date", datevalue=v.strftime("%Y-%m-%d"))
            tc.addElement(P(text=v.strftime("%d/%m/%Y")))
        elif isinstance(v, int | float):
            tc = TableCell(valuetype="float", value=str(v))
            tc.addElement(P(text=str(v)))
        else:
            tc = TableCell(valuetype="string")
            tc.addElement(P(text=str(v)))
        return tc

    for values in [["ĐẢNG BỘ PHƯỜNG MỘT"], [], HEADER, *member_rows()]:
        tr = TableRow()
        for v in values:
            tr.addElement(cell(v))
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    path = folder / "phuong-mot.ods"
    doc.save(str(path))
    return path


ORGS = [
    ["Mã tổ chức", "Tên tổ chức", "Mã cấp trên", "Loại"],
    ["79.P1", "Đảng bộ phường Một", "", "Đảng bộ phường"],
    ["79.P1.U1", "Đảng bộ cơ sở Một", "79.P1", "Đảng bộ cơ sở"],
    [B1, "Chi bộ khu phố 1", "79.P1.U1", "Chi bộ"],
    [B2, "Chi bộ khu phố 2", "79.P1.U1", "Chi bộ"],
]


def orgs_csv(folder: Path) -> Path:
    path = folder / "to-chuc.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(ORGS)
    return path


if __name__ == "__main__":
    import sys

    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for build in (hostile_xlsx, hostile_csv, hostile_xls, hostile_ods, orgs_csv):
        print(build(out))
    print(hostile_csv(out, encoding="utf-16"))
    print(hostile_csv(out, encoding="cp1258", delimiter=","))
