"""Every rule of legacy-format.md §4: a row that must be flagged, and a near miss that must not."""

import unicodedata

import duckdb
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sotay.pipeline import check_file
from sotay.pipeline.internals.headers import MEMBER_COLUMNS
from sotay.pipeline.rules import NAME_BAD_CHARACTER_LIST_SQL, RULES, SEVERITY
from sotay.vn import invalid_name_characters
from tests.pipeline.members import AN, BINH, HEADER, ORGS, TODAY, check_rows, write_csv

KEY = {c.header: c.key for c in MEMBER_COLUMNS}
PROBATION = {"Tình trạng": "Dự bị", "Ngày chính thức": "", "Số thẻ đảng viên": ""}

# (case id, rule, field, rows, rows that must carry the finding)
FLAGGED = [
    *[
        (f"missing-{f}", "required_missing", f, [AN | {f: ""}], [1])
        for f in (
            "Mã đảng viên",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số CCCD",
            "Ngày vào Đảng",
            "Mã tổ chức",
            "Tình trạng",
            "Số thẻ đảng viên",
        )
    ],
    ("missing-placeholder", "required_missing", "Số CCCD", [AN | {"Số CCCD": "N/A"}], [1]),
    ("code-dup", "member_code_duplicate", "Mã đảng viên", [AN, BINH | {"Mã đảng viên": " DV0001"}], [1, 2]),
    ("name-case", "name_not_normalized", "Họ và tên", [AN | {"Họ và tên": "nguyễn  văn AN"}], [1]),
    (
        "name-nfd",
        "name_not_normalized",
        "Họ và tên",
        [AN | {"Họ và tên": unicodedata.normalize("NFD", "Nguyễn Văn An")}],
        [1],
    ),
    ("name-tone", "name_not_normalized", "Họ và tên", [AN | {"Họ và tên": "Nguyễn Văn Hoà"}], [1]),
    *[
        (f"name-chars-{i}", "name_invalid_characters", "Họ và tên", [AN | {"Họ và tên": name}], [1])
        for i, name in enumerate(
            [
                "<script>alert(1)</script>",
                '=HYPERLINK("http://x.vn","Nguyễn Văn An")',
                "Nguyễn Văn An2",
                "an@example.vn",
                "Nguyễn {Văn} [An]",
                "Nguyễn T. An",
            ]
        )
    ],
    ("name-long", "name_too_long", "Họ và tên", [AN | {"Họ và tên": "Nguyễn Văn An " * 8}], [1]),
    *[
        (f"name-legacy-font-{i}", "name_legacy_font", "Họ và tên", [AN | {"Họ và tên": name}], [1])
        for i, name in enumerate(
            [
                "Nguyeãn Vaên An",  # VNI-Windows read as Unicode: every character a valid letter
                "Traàn Thò Lan",
                "Leâ Thanh Tuaán",
                "Ngoâ Baûo Chaâu",
                "Lª ThÞ Hång",  # TCVN3 (ABC)
                "NguyÔn V¨n An",
                "TrÇn Hïng",  # TCVN3 without a symbol: characters no name holds, read as real syllables
                "Huøng Vöông",  # VNI with characters no name holds and no telling vowel pair
                "Nguyeãn Văn An",  # VNI partly retyped in Unicode: detected, not convertible
            ]
        )
    ],
    *[
        (f"name-no-marks-{i}", "name_no_diacritics", "Họ và tên", [AN | {"Họ và tên": name}], [1])
        for i, name in enumerate(["Nguyen Van An", "NGUYEN THI HOA", "Hoang Minh Tuan", "Kim Van Long"])
    ],
    ("date-31-feb", "date_invalid", "Ngày sinh", [AN | {"Ngày sinh": "31/02/1962"}], [1]),
    ("date-garbage", "date_invalid", "Ngày vào Đảng", [AN | {"Ngày vào Đảng": "mùa xuân 1990"}], [1]),
    ("date-century", "date_invalid", "Ngày sinh", [AN | {"Ngày sinh": "05/03/1862"}], [1]),
    ("future", "date_in_future", "Ngày chính thức", [AN | {"Ngày chính thức": "10/05/2030"}], [1]),
    ("gender", "gender_invalid", "Giới tính", [AN | {"Giới tính": "X"}], [1]),
    ("cccd-13", "cccd_format", "Số CCCD", [AN | {"Số CCCD": "0010620012345"}], [1]),
    ("cmnd", "cccd_format", "Số CCCD", [AN | {"Số CCCD": "123456789"}], [1]),
    ("cccd-province", "cccd_province", "Số CCCD", [AN | {"Số CCCD": "003062001234"}], [1]),
    ("cccd-gender", "cccd_gender_mismatch", "Số CCCD", [AN | {"Số CCCD": "001162001234"}], [1]),
    ("cccd-year", "cccd_birth_year_mismatch", "Số CCCD", [AN | {"Số CCCD": "001063001234"}], [1]),
    ("cccd-dup", "cccd_duplicate", "Số CCCD", [AN, BINH | {"Số CCCD": "001.062.001.234"}], [1, 2]),
    (
        "age",
        "admission_age",
        "Ngày vào Đảng",
        [AN | {"Ngày vào Đảng": "04/03/1980", "Ngày chính thức": "04/03/1981"}],
        [1],
    ),
    ("official", "official_date_mismatch", "Ngày chính thức", [AN | {"Ngày chính thức": "11/05/1991"}], [1]),
    (
        "probation-date",
        "status_inconsistent",
        "Ngày chính thức",
        [AN | PROBATION | {"Ngày chính thức": "10/05/1991"}],
        [1],
    ),
    (
        "probation-card",
        "status_inconsistent",
        "Số thẻ đảng viên",
        [AN | PROBATION | {"Số thẻ đảng viên": "01234567"}],
        [1],
    ),
    ("official-no-date", "status_inconsistent", "Ngày chính thức", [AN | {"Ngày chính thức": ""}], [1]),
    ("status", "status_invalid", "Tình trạng", [AN | {"Tình trạng": "Đã chuyển đi"}], [1]),
    ("cccd-one-zero", "cccd_zeros_restored", "Số CCCD", [AN, BINH | {"Số CCCD": "79185004321"}], [2]),
    ("card-one-zero", "card_zeros_restored", "Số thẻ đảng viên", [AN | {"Số thẻ đảng viên": "1234567"}], [1]),
    ("card-9", "card_format", "Số thẻ đảng viên", [AN | {"Số thẻ đảng viên": "123456789"}], [1]),
    ("card-dup", "card_duplicate", "Số thẻ đảng viên", [AN, BINH | {"Số thẻ đảng viên": "1234567"}], [1, 2]),
    ("phone", "phone_invalid", "Số điện thoại", [AN | {"Số điện thoại": "12345"}], [1]),
    ("phone-landline", "phone_invalid", "Số điện thoại", [AN | {"Số điện thoại": "02438123456"}], [1]),
    ("renumbered", "phone_renumbered", "Số điện thoại", [AN | {"Số điện thoại": "01689123456"}], [1]),
    ("ethnicity", "ethnicity_unknown", "Dân tộc", [AN | {"Dân tộc": "Sao Hỏa"}], [1]),
    ("religion", "religion_unknown", "Tôn giáo", [AN | {"Tôn giáo": "Đạo Sao Hỏa"}], [1]),
    ("org-missing", "org_unknown", "Mã tổ chức", [AN | {"Mã tổ chức": "CB99"}], [1]),
    ("org-not-leaf", "org_unknown", "Mã tổ chức", [AN | {"Mã tổ chức": "DB01"}], [1]),
]

# (case id, rule, rows) — the rule must not fire on any row.
NEAR_MISSES = [
    ("probation-no-card", "required_missing", [AN | PROBATION]),
    ("optional-empty", "required_missing", [AN | {"Dân tộc": "", "Tôn giáo": "", "Số điện thoại": ""}]),
    ("codes-differ", "member_code_duplicate", [AN, BINH | {"Mã đảng viên": "DV00010"}]),
    ("name-canonical", "name_not_normalized", [AN | {"Họ và tên": "Huỳnh Quý Hoàn"}]),
    *[
        (f"name-unicode-{i}", rule, [AN | {"Họ và tên": name}])
        for rule in ("name_legacy_font", "name_no_diacritics")
        for i, name in enumerate(
            [
                "Nguyễn Văn Hoà",  # old-style tone placement: oà, uỷ, oẻ are real rhymes
                "Lê Thị Thuỷ",
                "Võ Nguyên Giáp",
                "Cao Bá Quát",
                "Ngô Bảo Châu",
                "Hoàng Thị Thuý Kiều",
                "Phạm Xuân Ẩn",
                "Nguyễn Thị Khuê",
                "Lê Thị Riêng",
                "Quách Thị Quyên",
                "Trần Quốc Toản",
                "Dương Văn Khoẻ",
                "Giàng A Páo",
                "Y Moan Ênuôl",
                "Ksor H'Mai",  # Tây Nguyên names written without marks: neither rule
                "Siu Phin",
                "Danh Sa Rinh",  # Khmer
                "Chamaléa Bốc",  # Raglai
            ]
        )
    ],
    *[
        (f"name-minority-{i}", "name_invalid_characters", [AN | {"Họ và tên": name}])
        for i, name in enumerate(
            [
                "H'Hen Niê",  # Ê-đê: apostrophe
                "Ksor Hʼ Bia",  # U+02BC modifier apostrophe
                "Y Moan Ênuôl",
                "Rơ Mah Phương",
                "Thạch Thị Sô Phi",  # Khmer
                "Y Ƀăp Kpă",  # Tây Nguyên letters
                "Nguyễn Thị Ỷ",
                "Bùi Kim-Ngọc",
                "Đ/c Nguyễn Văn An",  # the honorific is stripped first
                "  NGUYỄN  VĂN  AN ",
            ]
        )
    ],
    ("name-100", "name_too_long", [AN | {"Họ và tên": "Nguyễn Văn " + "An" * 42 + " Bình"}]),
    ("leap-day", "date_invalid", [AN | {"Ngày sinh": "29/02/1964"}]),
    ("iso-and-serial", "date_invalid", [AN | {"Ngày sinh": "1962-03-05", "Ngày vào Đảng": "33003"}]),
    ("today", "date_in_future", [AN | {"Ngày chính thức": "15/01/2026", "Ngày vào Đảng": "15/01/2025"}]),
    ("gender-variant", "gender_invalid", [AN | {"Giới tính": "nam"}]),
    ("cccd-spaces", "cccd_format", [AN | {"Số CCCD": "001 062 001 234"}]),
    ("cccd-lost-zeros", "cccd_format", [AN | {"Số CCCD": "1062001234"}]),
    ("cccd-typed-whole", "cccd_zeros_restored", [AN | {"Số CCCD": "001 062 001 234"}]),
    ("card-typed-whole", "card_zeros_restored", [AN | {"Số thẻ đảng viên": "0123 4567"}]),
    ("cccd-province-ok", "cccd_province", [AN | {"Số CCCD": "002062001234"}]),
    ("cccd-woman", "cccd_gender_mismatch", [AN | {"Số CCCD": "001162001234", "Giới tính": "Nữ"}]),
    ("cccd-gender-unreadable", "cccd_gender_mismatch", [AN | {"Số CCCD": "001162001234", "Giới tính": "?x"}]),
    (
        "cccd-2000s",
        "cccd_birth_year_mismatch",
        [
            AN
            | {
                "Ngày sinh": "05/03/2002",
                "Số CCCD": "001202001234",
                "Ngày vào Đảng": "05/03/2020",
                "Ngày chính thức": "05/03/2021",
            }
        ],
    ),
    ("cccd-date-unreadable", "cccd_birth_year_mismatch", [AN | {"Ngày sinh": "31/02/1963"}]),
    ("cccd-unique", "cccd_duplicate", [AN, BINH]),
    ("cmnd-twice", "cccd_duplicate", [AN | {"Số CCCD": "123456789"}, BINH | {"Số CCCD": "123456789"}]),
    ("age-18", "admission_age", [AN | {"Ngày vào Đảng": "05/03/1980", "Ngày chính thức": "05/03/1981"}]),
    ("age-birth-unreadable", "admission_age", [AN | {"Ngày sinh": "tháng 3 năm 1962"}]),
    (
        "official-clamped",
        "official_date_mismatch",
        [AN | {"Ngày vào Đảng": "29/02/2000", "Ngày chính thức": "28/02/2001"}],
    ),
    ("official-probation", "official_date_mismatch", [AN | PROBATION | {"Ngày chính thức": "11/05/1991"}]),
    ("probation-clean", "status_inconsistent", [AN | PROBATION]),
    ("exempt", "status_inconsistent", [AN | {"Tình trạng": "Miễn sinh hoạt"}]),
    ("status-variant", "status_invalid", [AN | {"Tình trạng": "chinh thuc"}]),
    ("card-lost-zero", "card_format", [AN | {"Số thẻ đảng viên": "1234567"}]),
    ("card-sci", "card_zeros_restored", [AN | {"Số thẻ đảng viên": "1.2345670E+7"}]),
    ("cards-blank", "card_duplicate", [AN | PROBATION, BINH | PROBATION]),
    ("phone-intl", "phone_invalid", [AN | {"Số điện thoại": "+84 912 345 678"}]),
    ("phone-new", "phone_renumbered", [AN | {"Số điện thoại": "0389123456"}]),
    ("ethnicity-variant", "ethnicity_unknown", [AN | {"Dân tộc": "Khmer"}]),
    ("religion-variant", "religion_unknown", [AN | {"Tôn giáo": "Thiên Chúa giáo"}]),
    ("org-leaf-spaces", "org_unknown", [AN | {"Mã tổ chức": " CB01 "}, BINH]),
]


@pytest.mark.parametrize(("case", "rule", "field", "rows", "expected"), FLAGGED, ids=[c[0] for c in FLAGGED])
def test_rule_flags_row(tmp_path, case, rule, field, rows, expected):
    findings = check_rows(tmp_path, rows).filter(rule=rule)
    assert sorted(findings["row"].to_list()) == expected, findings
    assert set(findings["field"]) == {KEY[field]}
    assert all(findings["message"].str.len_chars() > 10)


@pytest.mark.parametrize(("case", "rule", "rows"), NEAR_MISSES, ids=[c[0] for c in NEAR_MISSES])
def test_rule_near_miss_not_flagged(tmp_path, case, rule, rows):
    findings = check_rows(tmp_path, rows)
    assert findings.filter(rule=rule).height == 0, findings


def test_consistent_members_have_no_findings(tmp_path):
    assert check_rows(tmp_path, [AN, BINH]).height == 0


def test_every_rule_id_has_a_flagging_case():
    assert {r.id for r in RULES} - {c[1] for c in FLAGGED} == {
        "duplicate_person"
    }  # see test_check_duplicates


def test_severities_follow_the_contract(tmp_path):
    findings = check_rows(
        tmp_path, [AN | {"Họ và tên": "an", "Số điện thoại": "01689123456", "Số CCCD": "1"}]
    )
    assert dict(findings.select("rule", "severity").iter_rows()) == {
        "name_not_normalized": "warning",
        "phone_renumbered": "warning",
        "cccd_format": "error",
    }
    assert SEVERITY["duplicate_person"] == "warning"


def test_warning_suggestions_hold_the_fixed_value(tmp_path):
    findings = check_rows(
        tmp_path, [AN | {"Họ và tên": "NGUYỄN VĂN AN", "Số điện thoại": "+84 168 912 3456"}]
    )
    assert dict(findings.select("rule", "suggestion").iter_rows()) == {
        "name_not_normalized": "Nguyễn Văn An",
        "phone_renumbered": "0389123456",
    }


def test_official_date_mismatch_before_1990_is_a_warning(tmp_path):
    row = AN | {"Ngày vào Đảng": "10/05/1985", "Ngày chính thức": "10/11/1985"}
    findings = check_rows(tmp_path, [row]).filter(rule="official_date_mismatch")
    assert findings["severity"].to_list() == ["warning"]


def test_a_name_with_markup_is_one_error_naming_the_characters(tmp_path):
    findings = check_rows(tmp_path, [AN | {"Họ và tên": "<b>nguyễn văn an</b>"}])
    assert findings.select("rule", "severity").rows() == [("name_invalid_characters", "error")]
    assert findings["message"][0] == "Họ và tên có ký tự không thể có trong tên người («/» «<» «>»)"
    assert findings["suggestion"][0] is None  # never offered as the "normalised" name


def test_an_unusable_name_is_left_out_of_normalized_csv(tmp_path):
    rows = [AN | {"Họ và tên": "=1+1"}, BINH | {"Họ và tên": "Trần Thị " + "Bình " * 30}]
    members = write_csv(tmp_path / "members.csv", rows, HEADER)
    normalized = check_file(members, None, today=TODAY, duplicates=False).normalized
    assert normalized["ho_ten"].to_list() == [None, None]


def test_name_length_message_gives_the_length(tmp_path):
    findings = check_rows(tmp_path, [AN | {"Họ và tên": "A" * 120}]).filter(rule="name_too_long")
    assert findings["message"].to_list() == ["Họ và tên dài hơn 100 ký tự (120 ký tự)"]


def test_one_typo_gives_one_finding(tmp_path):
    # An unreadable birth date must not also raise admission_age or cccd_birth_year_mismatch.
    findings = check_rows(tmp_path, [AN | {"Ngày sinh": "05/13/1962"}])
    assert findings["rule"].to_list() == ["date_invalid"]


def test_future_date_is_not_compared_again(tmp_path):
    findings = check_rows(tmp_path, [AN | {"Ngày vào Đảng": "10/05/2090", "Ngày chính thức": "10/05/2091"}])
    assert set(findings["rule"]) == {"date_in_future"}


def test_without_orgs_file_org_unknown_is_not_checked(tmp_path):
    findings = check_rows(tmp_path, [AN | {"Mã tổ chức": "CB99"}], orgs=False)
    assert findings.height == 0


def test_duplicate_rows_name_each_other(tmp_path):
    findings = check_rows(tmp_path, [AN, BINH, AN | {"STT": "3", "Mã đảng viên": "DV0003"}])
    messages = dict(findings.filter(rule="cccd_duplicate").select("row", "message").iter_rows())
    assert "dòng 3" in messages[1]
    assert "dòng 1" in messages[3]


def test_question_mark_is_an_invalid_value_where_the_field_has_a_rule(tmp_path):
    findings = check_rows(tmp_path, [AN | {"Giới tính": "?", "Tình trạng": " ? ", "Họ và tên": "?"}])
    assert set(findings.select("rule", "field").iter_rows()) == {
        ("gender_invalid", "gioi_tinh"),
        ("status_invalid", "tinh_trang"),
        ("required_missing", "ho_ten"),
    }


_NAMEISH = st.text(st.sampled_from(list("aàẠđĐƀŭ ' -ʼ\u0306<>=()@.0123456789\"\\[]{}^$|*+?ü\t")), max_size=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(_NAMEISH, min_size=1, max_size=20))
def test_the_sql_rule_and_the_registry_find_the_same_characters(names):
    # The checker (DuckDB's RE2) and the registry (Python's re) read one pattern; they must agree.
    con = duckdb.connect()
    sql = f"SELECT {NAME_BAD_CHARACTER_LIST_SQL} FROM unnest(?) t(ho_ten)"
    got = [row[0] for row in con.execute(sql, [names]).fetchall()]
    assert got == [invalid_name_characters(n) for n in names]


@pytest.mark.parametrize(
    ("field", "raw", "severity", "normalized"),
    [
        ("Số CCCD", "79185004321", "warning", "079185004321"),  # one zero: a fix
        ("Số CCCD", "1062001234", "error", None),  # two zeros (Hà Nội 001): a guess to confirm
        ("Số thẻ đảng viên", "7654321", "warning", "07654321"),
        ("Số thẻ đảng viên", "54321", "error", None),  # three zeros, or a card typed short
    ],
)
def test_the_more_zeros_invented_the_less_it_is_a_repair(tmp_path, field, raw, severity, normalized):
    from sotay.pipeline import check_file
    from tests.pipeline.members import HEADER, ORGS, TODAY, write_csv

    row = (BINH if raw.startswith("79") else AN) | {field: raw}
    members = write_csv(tmp_path / "m.csv", [row], HEADER)
    result = check_file(members, write_csv(tmp_path / "o.csv", ORGS), today=TODAY, duplicates=False)
    rule = "cccd_zeros_restored" if field == "Số CCCD" else "card_zeros_restored"
    found = result.findings.filter(rule=rule)
    assert found["severity"].to_list() == [severity]
    assert found["suggestion"].to_list()[0].endswith(raw)
    assert result.normalized[KEY[field]].to_list() == [normalized]
    assert result.findings.height == 1, result.findings  # no other finding for the same value


@pytest.mark.parametrize(
    ("field", "whole", "short"),
    [("Số thẻ đảng viên", "07654321", "7654321"), ("Số CCCD", "079185004321", "79185004321")],
)
def test_a_restored_zero_that_makes_another_rows_number_is_not_a_repair(tmp_path, field, whole, short):
    rows = [BINH | {field: whole}, BINH | {"Mã đảng viên": "DV0003", field: short}]
    members = write_csv(tmp_path / "m.csv", rows, HEADER)
    result = check_file(members, write_csv(tmp_path / "o.csv", ORGS), today=TODAY, duplicates=False)
    rule = "cccd_zeros_restored" if field == "Số CCCD" else "card_zeros_restored"
    found = result.findings.filter(rule=rule)
    assert found["row"].to_list() == [2]
    assert found["severity"].to_list() == ["error"]
    assert "trùng với dòng 1" in found["message"][0]
    assert result.normalized[KEY[field]].to_list() == [whole, None]  # the file's own number is kept
    assert sorted(result.findings.filter(rule=rule.split("_")[0] + "_duplicate")["row"]) == [1, 2]


def test_an_unknown_branch_code_suggests_the_branch_it_plainly_means(tmp_path):
    """A code typed in another case or spacing, or the branch's name in the code column (diacritics
    aside), is still an error but names the branch; a code that fits no branch, or a name two branches
    share, suggests nothing."""
    orgs = [*ORGS, ORGS[1] | {"Mã tổ chức": "CB03"}]  # a second "Chi bộ thôn 1": that name is ambiguous
    rows = [
        AN | {"Mã tổ chức": "cb01"},
        BINH | {"Mã tổ chức": "CB 02"},
        AN | {"Mã đảng viên": "DV0003", "Mã tổ chức": "Chi bo truong tieu hoc"},
        BINH | {"Mã đảng viên": "DV0004", "Mã tổ chức": "Chi bộ thôn 1"},
        AN | {"Mã đảng viên": "DV0005", "Mã tổ chức": "CB99"},
    ]
    members = write_csv(tmp_path / "members.csv", rows, HEADER)
    found = check_file(
        members, write_csv(tmp_path / "orgs.csv", orgs), today=TODAY, duplicates=False
    ).findings
    org = found.filter(pl.col("rule") == "org_unknown").sort("row")
    assert org["row"].to_list() == [1, 2, 3, 4, 5]
    assert set(org["severity"]) == {"error"}
    assert org["suggestion"].to_list() == ["CB01", "CB02", "CB02", None, None]
    assert "có phải là mã CB01?" in org["message"][0]


@pytest.mark.parametrize(
    "raw", ["Lª ThÞ Hång", "TrÇn Hïng", "NGUYEÃN VAÊN AN", "Huøng Vöông", "Nguyeãn Văn An"]
)
def test_a_name_in_a_legacy_font_is_one_finding_that_says_so(tmp_path, raw):
    findings = check_rows(tmp_path, [AN | {"Họ và tên": raw}])
    names = findings.filter(pl.col("field") == "ho_ten")
    assert names["rule"].to_list() == ["name_legacy_font"]
    assert raw in names["message"][0]


@pytest.mark.parametrize(
    ("raw", "severity", "name", "says"),
    [
        ("Lª ThÞ Hång", "warning", "Lê Thị Hồng", "đã chuyển từ bảng mã TCVN3 sang «Lê Thị Hồng»"),
        ("Nguyeãn Vaên An", "warning", "Nguyễn Văn An", "đã chuyển từ bảng mã VNI sang «Nguyễn Văn An»"),
        ("Nguyeãn Văn An", "error", None, "gõ lại theo hồ sơ giấy"),  # not one font's bytes
        ("Nguyeãn Vaên Tuaánn", "error", None, "gõ lại theo hồ sơ giấy"),  # "Tuấnn" is no syllable
    ],
)
def test_a_legacy_font_name_is_converted_only_when_one_font_reads_it(tmp_path, raw, severity, name, says):
    members = write_csv(tmp_path / "m.csv", [AN | {"Họ và tên": raw}], HEADER)
    result = check_file(members, write_csv(tmp_path / "o.csv", ORGS), today=TODAY, duplicates=False)
    found = result.findings.filter(rule="name_legacy_font")
    assert found["severity"].to_list() == [severity]
    assert found["suggestion"].to_list() == [name]
    assert says in found["message"][0]
    assert result.normalized["ho_ten"].to_list() == [name]  # the converted name, or nothing to store
