"""Tests for find_duplicates: tiny inline data, one situation per test."""

from __future__ import annotations

import duckdb
import polars as pl

from sotay.pipeline.internals.duplicates import find_duplicates

COLUMNS = "row, member_code, ho_ten, name_key, ngay_sinh, gioi_tinh, cccd, so_the, so_dien_thoai, ma_to_chuc"

# Unrelated people who make the blocks realistic (same family names, same years, same branches).
BACKGROUND = [
    (101, "B101", "Lê Thị Mai", "1968-04-21", "Nữ", "038168004512", "10023456", "0903111222", "CB9"),
    (102, "B102", "Phạm Quốc Bảo", "1990-11-03", "Nam", "079090001234", None, "0977000111", "CB9"),
    (103, "B103", "Nguyễn Thị Hồng", "1975-07-30", "Nữ", "001175004321", "10099887", None, "CB1"),
    (104, "B104", "Trần Văn Nam", "1975-02-14", "Nam", "036075008888", "10055555", "0912000999", "CB2"),
]


def _fold(name: str) -> str:
    table = str.maketrans("đĐ", "dD")
    import unicodedata

    decomposed = unicodedata.normalize("NFD", name.translate(table))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _members(*rows: tuple[object, ...]) -> duckdb.DuckDBPyConnection:
    """A connection with table ``m`` holding ``rows`` (name given once; name_key derived)."""
    con = duckdb.connect()
    con.sql(
        "CREATE TABLE m (row BIGINT, member_code VARCHAR, ho_ten VARCHAR, name_key VARCHAR, ngay_sinh DATE,"
        " gioi_tinh VARCHAR, cccd VARCHAR, so_the VARCHAR, so_dien_thoai VARCHAR, ma_to_chuc VARCHAR)"
    )
    for row, code, name, dob, gender, cccd, card, phone, org in rows:
        key = _fold(str(name)) if name is not None else None
        con.execute(
            f"INSERT INTO m ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [row, code, name, key, dob, gender, cccd, card, phone, org],
        )
    return con


def _pairs(con: duckdb.DuckDBPyConnection) -> set[tuple[int, int]]:
    found = find_duplicates(con, "m")
    return {(a, b) for a, b in found.select("row_a", "row_b").iter_rows()}


def test_same_person_in_two_branches_without_diacritics_is_paired():
    con = _members(
        (1, "A1", "Nguyễn Văn Hùng", "1975-03-12", "Nam", "001075012345", "10012345", None, "CB1"),
        (2, "A2", "Nguyen Van Hung", "1975-03-12", "Nam", None, None, None, "CB2"),
        *BACKGROUND,
    )
    assert _pairs(con) == {(1, 2)}


def test_cccd_typo_with_same_name_and_dob_is_paired():
    con = _members(
        (1, "A1", "Trần Thị Thủy", "1982-09-05", "Nữ", "031182004567", None, None, "CB1"),
        (2, "A2", "Trần Thị Thủy", "1982-09-05", "Nữ", "031182004576", None, None, "CB3"),
        *BACKGROUND,
    )
    assert _pairs(con) == {(1, 2)}


def test_missing_cccd_with_same_name_dob_and_phone_is_paired():
    con = _members(
        (1, "A1", "Lê Văn Đức", "1960-01-20", "Nam", "040060001111", None, "0905123456", "CB1"),
        (2, "A2", "Lê Văn Đức", "1960-01-20", "Nam", None, None, "0905123456", "CB5"),
        *BACKGROUND,
    )
    assert _pairs(con) == {(1, 2)}


def test_two_people_sharing_a_cccd_by_typo_are_not_paired():
    con = _members(
        (1, "A1", "Hoàng Văn Sơn", "1971-05-09", "Nam", "025071003333", None, None, "CB1"),
        (2, "A2", "Đỗ Thị Ngọc", "1988-12-30", "Nữ", "025071003333", None, None, "CB2"),
        *BACKGROUND,
    )
    assert _pairs(con) == set()


def test_hung_and_hung_with_other_diacritics_and_other_cccd_are_not_paired():
    con = _members(
        (1, "A1", "Nguyễn Văn Hùng", "1975-03-12", "Nam", "001075012345", None, None, "CB1"),
        (2, "A2", "Nguyễn Văn Hưng", "1975-03-12", "Nam", "001075098765", None, None, "CB2"),
        *BACKGROUND,
    )
    assert _pairs(con) == set()


def test_family_members_are_not_paired():
    con = _members(
        (1, "A1", "Phạm Văn Long", "1955-06-01", "Nam", "034055001212", "10011111", "0912777888", "CB7"),
        (2, "A2", "Phạm Thị Lan", "1958-02-17", "Nữ", "034158003434", "10022222", "0912777888", "CB7"),
        (3, "A3", "Phạm Văn Linh", "1982-10-25", "Nam", "034082005656", None, "0912777888", "CB7"),
        *BACKGROUND,
    )
    assert _pairs(con) == set()


def test_common_name_same_year_different_dob_without_other_evidence_is_not_paired():
    con = _members(
        (1, "A1", "Nguyễn Văn Hùng", "1975-03-12", "Nam", None, None, None, "CB1"),
        (2, "A2", "Nguyễn Văn Hùng", "1975-08-27", "Nam", None, None, None, "CB2"),
        *BACKGROUND,
    )
    assert _pairs(con) == set()


def test_empty_and_single_row_inputs_give_an_empty_frame():
    empty = _members()
    one = _members(BACKGROUND[0])
    for con in (empty, one):
        found = find_duplicates(con, "m")
        assert found.height == 0
        assert found.schema == pl.Schema({"row_a": pl.Int64, "row_b": pl.Int64, "score": pl.Float64})


def test_all_null_columns_give_an_empty_frame():
    con = _members(*[(i, None, None, None, None, None, None, None, None) for i in range(1, 6)])
    assert find_duplicates(con, "m").height == 0


def test_output_is_deterministic_and_sorted():
    rows = [
        (1, "A1", "Nguyễn Văn Hùng", "1975-03-12", "Nam", "001075012345", None, None, "CB1"),
        (2, "A2", "Nguyen Van Hung", "1975-03-12", "Nam", None, None, None, "CB2"),
        (3, "A3", "Trần Thị Thủy", "1982-09-05", "Nữ", "031182004567", None, None, "CB1"),
        (4, "A4", "Tran Thi Thuy", "1982-09-05", "Nữ", "031182004567", None, None, "CB3"),
        *BACKGROUND,
    ]
    first = find_duplicates(_members(*rows), "m", seed=7)
    second = find_duplicates(_members(*rows), "m", seed=7)
    assert first.equals(second)
    assert first.select("row_a", "row_b").rows() == [(1, 2), (3, 4)]
    assert all(0.0 <= s <= 1.0 for s in first["score"])


def test_work_tables_are_dropped_from_the_callers_connection():
    con = _members(*BACKGROUND)
    find_duplicates(con, "m")
    assert [t[0] for t in con.sql("SHOW TABLES").fetchall()] == ["m"]
