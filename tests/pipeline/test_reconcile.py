"""`sotay reconcile`: what counts as a difference between two exports of the same members."""

import csv
import unicodedata

from sotay.pipeline import reconcile_files
from sotay.pipeline.cli import reconcile_main
from tests.pipeline.members import AN, BINH, HEADER, write_csv

CHI = BINH | {
    "STT": "3",
    "Mã đảng viên": "DV0003",
    "Họ và tên": "Lê Thị Chi",
    "Số CCCD": "079185004322",
    "Số thẻ đảng viên": "87654322",
}


def _reconcile(tmp_path, old, new):
    return reconcile_files(
        write_csv(tmp_path / "old.csv", old, HEADER),
        write_csv(tmp_path / "new.csv", new, HEADER),
        tmp_path / "out",
    )


def _changes(result):
    return result.differences.select("member_code", "kind", "field", "old_value", "new_value").rows()


def test_same_members_in_another_form_are_no_difference(tmp_path):
    new = AN | {
        "Họ và tên": unicodedata.normalize("NFD", "NGUYỄN VĂN AN"),
        "Ngày sinh": "1962-03-05",
        "Số CCCD": "001 062 001 234",
        "Số thẻ đảng viên": "1234567",
        "Giới tính": "nam",
        "Số điện thoại": "+84912345678",
        "Tình trạng": "chinh thuc",
    }
    result = _reconcile(tmp_path, [AN, BINH], [BINH, new])
    assert result.differences.height == 0
    assert result.matched == 2


def test_gender_flip_and_branch_jump_are_changes(tmp_path):
    result = _reconcile(tmp_path, [AN, BINH], [AN | {"Giới tính": "Nữ"}, BINH | {"Mã tổ chức": "CB01"}])
    assert _changes(result) == [
        ("DV0001", "changed", "gioi_tinh", "Nam", "Nữ"),
        ("DV0002", "changed", "ma_to_chuc", "CB02", "CB01"),
    ]
    summary = {row["ma_to_chuc"]: row for row in result.summary.iter_rows(named=True)}
    assert summary["CB01"]["gender_changed"] == 1
    assert summary["CB01"]["moved_in"] == 1
    assert summary["CB02"]["moved_out"] == 1


def test_rekeyed_member_is_matched_by_cccd(tmp_path):
    result = _reconcile(tmp_path, [AN, BINH], [AN | {"Mã đảng viên": "HN-000123"}, BINH])
    assert _changes(result) == [("DV0001", "changed", "member_code", "DV0001", "HN-000123")]
    assert result.matched_by_cccd == 1


def test_missing_and_added(tmp_path):
    result = _reconcile(tmp_path, [AN, BINH], [BINH, CHI])
    assert _changes(result) == [("DV0001", "missing", "", None, None), ("DV0003", "added", "", None, None)]
    assert (result.missing, result.added) == (1, 1)


def test_unreadable_values_are_compared_as_typed(tmp_path):
    result = _reconcile(tmp_path, [AN | {"Ngày sinh": "31/02/1962"}], [AN | {"Ngày sinh": "30/02/1962"}])
    assert _changes(result) == [("DV0001", "changed", "ngay_sinh", "31/02/1962", "30/02/1962")]


def test_output_files_and_exit_status(tmp_path, capsys):
    old = write_csv(tmp_path / "old.csv", [AN, BINH], HEADER)
    new = write_csv(tmp_path / "new.csv", [AN | {"Giới tính": "Nữ"}, BINH], HEADER)
    assert reconcile_main([str(old), str(new), "--out", str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "differences.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == ["member_code", "kind", "field", "old_value", "new_value"]
    with (tmp_path / "out" / "summary_by_branch.csv").open(encoding="utf-8") as fh:
        assert next(csv.reader(fh))[:3] == ["ma_to_chuc", "old_members", "new_members"]
    assert "CB01" in capsys.readouterr().out


def test_unreadable_input_exits_non_zero(tmp_path, capsys):
    old = write_csv(tmp_path / "old.csv", [AN], HEADER)
    bad = tmp_path / "new.csv"
    bad.write_bytes("Mã đảng viên\nDV0001\n".encode("utf-16"))
    assert reconcile_main([str(old), str(bad), "--out", str(tmp_path / "out")]) == 2
    assert "UTF-16" in capsys.readouterr().err


def test_a_legacy_font_name_is_compared_as_the_checker_stores_it(tmp_path):
    """The 3.0 file held AN's name in VNI and BINH's in TCVN3; the registry holds them in Unicode, as the
    checker converted them: no difference. A name no font reads alone stays a difference to explain."""
    old = [
        AN | {"Họ và tên": "Nguyeãn Vaên An"},
        BINH | {"Họ và tên": "TrÇn ThÞ B×nh"},
        CHI | {"Họ và tên": "Nguyeãn Văn Chi"},  # partly retyped in Unicode: not converted
    ]
    result = _reconcile(tmp_path, old, [AN | {"Họ và tên": "Nguyễn Văn An"}, BINH, CHI])
    assert _changes(result) == [("DV0003", "changed", "ho_ten", "Nguyeãn Văn Chi", "Lê Thị Chi")]
