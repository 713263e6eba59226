import csv
import re
from collections import Counter, defaultdict
from datetime import date

import polars as pl
import pytest

from sotay.synth import SynthConfig
from sotay.synth.cli import main
from sotay.synth.defects import ERROR_WEIGHTS
from sotay.synth.textforms import fold
from sotay.synth.writer import HEADERS, write_legacy

TODAY = date(2026, 3, 1)
LEGACY_HEADER = ["STT", *HEADERS.values()]
vn = pytest.importorskip("sotay.vn")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    directory = tmp_path_factory.mktemp("legacy") / "run"
    config = SynthConfig(members=4_000, wards=2, today=TODAY, seed=3)
    write_legacy(config, directory, defect_rate=0.4, rates={"name_not_normalized": 0.05, "spelling": 0.1})
    return directory


@pytest.fixture(scope="module")
def rows(out):
    with (out / "members.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def truth(out):
    return pl.read_csv(out / "truth_findings.csv", schema_overrides={"field": pl.String}).fill_null("")


@pytest.fixture(scope="module")
def expected(out):
    return pl.read_csv(out / "expected_normalized.csv", infer_schema=False).fill_null("")


def by_rule(truth, rule):
    return truth.filter(pl.col("rule") == rule)["row"].to_list()


def test_layout_follows_legacy_format(out, rows):
    with (out / "members.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == LEGACY_HEADER
    with (out / "orgs.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["Mã tổ chức", "Tên tổ chức", "Mã cấp trên", "Loại"]
    assert [int(r["STT"]) for r in rows] == list(range(1, len(rows) + 1))
    for name in ("truth_duplicates.csv", "truth_not_duplicates.csv"):
        assert (out / name).read_text(encoding="utf-8").startswith("row_a,row_b\n")


def test_every_error_kind_is_injected(truth):
    assert set(ERROR_WEIGHTS) | {"name_not_normalized", "phone_renumbered"} <= set(truth["rule"])


def test_cccd_mismatches_really_mismatch(rows, truth):
    for row in by_rule(truth, "cccd_gender_mismatch"):
        r = rows[row - 1]
        cccd = vn.clean_cccd(r["Số CCCD"])
        assert (int(cccd[3]) % 2 == 1) != (r["Giới tính"] == "Nữ")
    for row in by_rule(truth, "cccd_birth_year_mismatch"):
        r = rows[row - 1]
        cccd = vn.clean_cccd(r["Số CCCD"])
        assert 1900 + int(cccd[3]) // 2 * 100 + int(cccd[4:6]) != vn.parse_date(r["Ngày sinh"]).year


def test_duplicated_values_are_exactly_the_listed_rows(rows, truth):
    for rule, column, clean, valid in (
        ("cccd_duplicate", "Số CCCD", vn.clean_cccd, r"^\d{12}$"),
        ("card_duplicate", "Số thẻ đảng viên", vn.clean_card, r"^\d{8}$"),
        ("member_code_duplicate", "Mã đảng viên", str.strip, r"."),
    ):
        seen = defaultdict(list)
        for i, r in enumerate(rows, start=1):
            value = clean(r[column]) if r[column] else ""
            if re.match(valid, value):  # unreadable values cannot be duplicates
                seen[value].append(i)
        duplicated = {i for group in seen.values() if len(group) > 1 for i in group}
        assert duplicated == set(by_rule(truth, rule)), rule


def test_required_missing_cells_are_empty(rows, truth):
    columns = {v: k for k, v in HEADERS.items()}
    for row, field in truth.filter(pl.col("rule") == "required_missing").select("row", "field").iter_rows():
        header = next(h for h, f in columns.items() if f == field)
        assert rows[row - 1][header] == ""


def test_duplicate_pairs_are_the_same_person_and_typo_pairs_are_not(out, rows):
    pairs = pl.read_csv(out / "truth_duplicates.csv").iter_rows()
    for a, b in pairs:
        ra, rb = rows[a - 1], rows[b - 1]
        assert a < b
        assert (
            fold(vn.normalize_name(ra["Họ và tên"])).lower()
            == fold(vn.normalize_name(rb["Họ và tên"])).lower()
        )
        assert vn.parse_date(ra["Ngày sinh"]) == vn.parse_date(rb["Ngày sinh"])
        assert ra["Mã đảng viên"] != rb["Mã đảng viên"]
    for a, b in pl.read_csv(out / "truth_not_duplicates.csv").iter_rows():
        ra, rb = rows[a - 1], rows[b - 1]
        assert vn.clean_cccd(ra["Số CCCD"]) == vn.clean_cccd(rb["Số CCCD"])
        assert ra["Họ và tên"] != rb["Họ và tên"]


def test_rows_without_findings_clean_to_the_expected_values(rows, truth, expected):
    flagged = set(truth["row"])
    checked = 0
    for r, e in zip(rows, expected.iter_rows(named=True), strict=True):
        if int(r["STT"]) in flagged:
            continue
        checked += 1
        assert r["Họ và tên"] == e["ho_ten"]  # unflagged names are already normalised
        assert vn.clean_cccd(r["Số CCCD"]) == e["cccd"]
        for header, field in (("Ngày sinh", "ngay_sinh"), ("Ngày vào Đảng", "ngay_vao_dang")):
            assert vn.parse_date(r[header]).isoformat() == e[field]
        if r["Số thẻ đảng viên"]:
            assert vn.clean_card(r["Số thẻ đảng viên"]) == e["so_the"]
        if r["Số điện thoại"]:
            assert vn.clean_phone(r["Số điện thoại"]).value == e["so_dien_thoai"]
        assert vn.parse_gender(r["Giới tính"]) == e["gioi_tinh"]
        assert vn.parse_status(r["Tình trạng"]) == e["tinh_trang"]
        assert vn.match_ethnicity(r["Dân tộc"]) == e["dan_toc"]
        assert vn.match_religion(r["Tôn giáo"]) == e["ton_giao"]
    assert checked > 1_000


def test_warnings_suggest_the_clean_value(rows, truth, expected):
    for row in by_rule(truth, "name_not_normalized"):
        assert vn.normalize_name(rows[row - 1]["Họ và tên"]) == expected["ho_ten"][row - 1]
    for row in by_rule(truth, "phone_renumbered"):
        result = vn.clean_phone(rows[row - 1]["Số điện thoại"])
        assert result.renumbered
        assert result.value == expected["so_dien_thoai"][row - 1]


def test_single_field_errors_leave_the_expected_value_empty(truth, expected):
    for rule in (
        "cccd_format",
        "cccd_province",
        "gender_invalid",
        "status_invalid",
        "card_format",
        "org_unknown",
    ):
        for row, field in truth.filter(pl.col("rule") == rule).select("row", "field").iter_rows():
            assert expected[field][row - 1] == "", (rule, row)


def test_clean_run_has_no_findings_and_same_seed_same_file(tmp_path):
    config = SynthConfig(members=800, wards=1, agencies=False, today=TODAY)
    write_legacy(config, tmp_path / "a", clean=True)
    write_legacy(config, tmp_path / "b", clean=True)
    assert (tmp_path / "a" / "truth_findings.csv").read_text() == "row,rule,field\n"
    assert (tmp_path / "a" / "members.csv").read_bytes() == (tmp_path / "b" / "members.csv").read_bytes()


def test_xlsx_output(tmp_path):
    from openpyxl import load_workbook

    config = SynthConfig(members=600, wards=1, agencies=False, today=TODAY)
    path = write_legacy(config, tmp_path / "x", fmt="xlsx")
    workbook = load_workbook(path, read_only=True)
    try:  # a read-only workbook holds the file open until closed
        sheet = workbook.worksheets[0]
        header = next(sheet.iter_rows(max_row=1, values_only=True))
        assert list(header) == LEGACY_HEADER
        cells = Counter(type(c).__name__ for row in sheet.iter_rows(min_row=2, values_only=True) for c in row)
        assert cells["str"] > 0
    finally:
        workbook.close()


@pytest.mark.parametrize(
    "args",
    [
        ["--members", "-5"],
        ["--members", "0"],
        ["--members", "many"],
        ["--members", "1000", "--rate", "no_such_rule=0.1"],
        ["--members", "1000", "--rate", "cccd_format=1.5"],
        ["--members", "1000", "--defect-rate", "-0.1"],
        ["--members", "1000", "--today", "01/03/2026"],
        ["--members", "2000000", "--format", "xlsx"],
        ["--members", "10"],  # too few for 173 committees
    ],
)
def test_cli_rejects_bad_input_and_writes_nothing(tmp_path, args, capsys):
    assert main([*args, "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []
    assert capsys.readouterr().err.strip()


def test_cli_unwritable_output(tmp_path, capsys):
    # A regular file where the parent directory should be (permission bits do not stop root in CI).
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--members", "600", "--wards", "1", "--out", str(blocker / "run")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_cli_small_run(tmp_path):
    assert (
        main(["--members", "700", "--wards", "1", "--today", "2026-03-01", "--out", str(tmp_path / "r")]) == 0
    )
    assert (tmp_path / "r" / "members.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
