"""Named SQL steps from `clean` to `facts` to `findings`, plus the duplicates hand-off.

clean ─┬─ groups (member code / CCCD / card shared by several rows)
       ├─ org_status (needs table `orgs`, optional)
       ├─ dup_rows (needs table `dups`, optional)
       └─▶ facts (+ legacy-font names, read back in Python)
             ─▶ findings (one UNION ALL branch per rule in `sotay.pipeline.rules.RULES`)
"""

import datetime as dt
from collections.abc import Callable

import duckdb
import polars as pl

from sotay.pipeline.legacy_fonts import to_unicode
from sotay.pipeline.rules import NAME_FACTS_SQL, RULES, Rule

# Dates before these cannot be right for a living member (the Party was founded on 3/2/1930); they are
# reported as date_invalid (usually a mistyped century) rather than as impossible ages.
EARLIEST = {"ngay_sinh": "1900-01-01", "ngay_vao_dang": "1930-02-03", "ngay_chinh_thuc": "1930-02-03"}
LISTED_OTHERS = 5  # how many other rows a "trùng với dòng ..." message names

FINDING_COLUMNS = ("row", "member_code", "rule", "field", "severity", "message", "suggestion")
FINDINGS_SCHEMA = {
    "row": pl.Int64,
    "member_code": pl.String,
    "rule": pl.String,
    "field": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "suggestion": pl.String,
}


def _others_sql(key: str, cond: str, name: str) -> str:
    """Rows sharing `key` (where `cond`): the first few other row numbers, as text, per row."""
    return f"""
      {name} AS (
        SELECT c.row, array_to_string(list_filter(g.rows, lambda x: x <> c.row)[1:{LISTED_OTHERS}], ', ')
               || CASE WHEN g.n > {LISTED_OTHERS + 1} THEN ', …' ELSE '' END AS others
        FROM clean c JOIN (
          SELECT {key} AS k, count(*) AS n, list(row ORDER BY row)[1:{LISTED_OTHERS + 1}] AS rows
          FROM clean WHERE {cond} GROUP BY {key} HAVING count(*) > 1
        ) g ON c.{key} = g.k
        WHERE {cond}
      )"""


def added_zeros_sql(clean: str, raw: str) -> str:
    """SQL: how many leading zeros the cleaning added to `raw` to get `clean` (the digits it invented).

    Leading zeros of the cleaned value minus those of the raw cell's digits: right for every form the
    cleaners read (`79190001234`, `7.9190001234E+10`, `1234567.0`, `'079…`), as zeros only go in front.
    """
    digits = f"regexp_replace({raw}, '[^0-9]', '', 'g')"
    zeros = "(length({0}) - length(ltrim({0}, '0')))"
    return f"({zeros.format(clean)} - {zeros.format(digits)})"


def build_facts(con: duckdb.DuckDBPyConnection, today: dt.date, *, has_orgs: bool, has_dups: bool) -> None:
    """Named step `facts`: `clean` plus what the rules read (usable dates, group members, orgs, dups, names
    in legacy fonts)."""
    replace = ", ".join(f"CASE WHEN {k} >= DATE '{lo}' THEN {k} END AS {k}" for k, lo in EARLIEST.items())
    usable = ", ".join(f"({k} IS NOT NULL AND {k} <= today) AS {k}_usable" for k in EARLIEST)
    org_cte = (
        """, org_status AS (
        SELECT c.row, CASE WHEN o.ma_to_chuc IS NULL AND g.guess IS NOT NULL
                                THEN 'không có trong danh sách tổ chức; có phải là mã ' || g.guess || '?'
                           WHEN o.ma_to_chuc IS NULL THEN 'không có trong danh sách tổ chức'
                           WHEN NOT o.leaf THEN 'là ' || o.loai || ', không phải chi bộ' END AS problem,
               g.guess
        FROM clean c LEFT JOIN orgs o ON o.ma_to_chuc = c.ma_to_chuc
          LEFT JOIN org_guess g ON g.ma_to_chuc = c.ma_to_chuc
        WHERE c.ma_to_chuc IS NOT NULL)"""
        if has_orgs
        else ", org_status AS (SELECT NULL::BIGINT AS row, NULL::VARCHAR AS problem, NULL::VARCHAR AS guess"
        " WHERE false)"
    )
    dup_cte = (
        """, dup_rows AS (
        SELECT r AS row, string_agg(o::VARCHAR, ', ' ORDER BY o) AS others FROM (
          SELECT row_a AS r, row_b AS o FROM dups UNION ALL SELECT row_b, row_a FROM dups) GROUP BY r)"""
        if has_dups
        else ", dup_rows AS (SELECT NULL::BIGINT AS row, NULL::VARCHAR AS others WHERE false)"
    )
    con.execute(f"""
      CREATE OR REPLACE TABLE facts AS
      WITH base AS (SELECT * REPLACE ({replace}), DATE '{today.isoformat()}' AS today FROM clean),
      {_others_sql("member_code", "member_code IS NOT NULL", "mc")},
      {_others_sql("cccd", "cccd_ok", "cc")},
      {_others_sql("so_the", "card_ok", "ca")}
      {org_cte}
      {dup_cte}
      SELECT base.*, {usable}, {NAME_FACTS_SQL},
        CASE WHEN cccd_ok THEN {added_zeros_sql("cccd", "cccd_raw")} ELSE 0 END AS cccd_added,
        CASE WHEN card_ok THEN {added_zeros_sql("so_the", "so_the_raw")} ELSE 0 END AS card_added,
        (ngay_sinh + INTERVAL 216 MONTH)::DATE AS eighteenth_birthday,
        (ngay_vao_dang + INTERVAL 12 MONTH)::DATE AS official_expected,
        mc.others AS member_code_others, cc.others AS cccd_others, ca.others AS card_others,
        {"true" if has_orgs else "false"} AS org_checked, org_status.problem AS org_problem,
        org_status.guess AS org_guess, dup_rows.others AS duplicate_of
      FROM base
        LEFT JOIN mc USING (row) LEFT JOIN cc USING (row) LEFT JOIN ca USING (row)
        LEFT JOIN org_status USING (row) LEFT JOIN dup_rows USING (row)
    """)
    add_legacy_names(con)


def add_legacy_names(con: duckdb.DuckDBPyConnection) -> int:
    """Named step on `facts`: columns `name_legacy`, `name_font`, `name_unicode` (see `rules.NAME_FACTS_SQL`).

    Python reads only the distinct names that show a sign of a legacy font or hold characters no name holds
    (a handful in a clean file). Returns how many rows are legacy-font names.
    """
    con.execute("ALTER TABLE facts ADD COLUMN name_legacy BOOLEAN DEFAULT false")
    con.execute("ALTER TABLE facts ADD COLUMN name_font VARCHAR")
    con.execute("ALTER TABLE facts ADD COLUMN name_unicode VARCHAR")
    found = con.execute(
        "SELECT DISTINCT ho_ten_raw, name_legacy_pattern FROM facts "
        "WHERE name_legacy_pattern OR name_bad_characters"
    ).fetchall()
    legacy = []
    for raw, pattern in found:
        read = to_unicode(raw)
        if pattern or read is not None:
            legacy.append((raw, *(read or (None, None))))
    if not legacy:
        return 0
    frame = pl.DataFrame(  # noqa: F841 - read by DuckDB
        legacy, schema={"raw": pl.String, "font": pl.String, "name": pl.String}, orient="row"
    )
    con.execute(
        "UPDATE facts SET name_legacy = true, name_font = frame.font, name_unicode = frame.name "
        "FROM frame WHERE facts.ho_ten_raw = frame.raw"
    )
    return con.execute("SELECT count(*) FROM facts WHERE name_legacy").fetchone()[0]  # type: ignore[index]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rule_sql(rule: Rule, order: int) -> str:
    """One rule as a SELECT over `facts` producing finding rows."""
    severity = _quote(rule.severity)
    if rule.warn_if:
        severity = f"CASE WHEN {rule.warn_if} THEN 'warning' ELSE {severity} END"
    message = _quote(rule.message)
    if rule.detail:
        message = f"{message} || coalesce(' (' || ({rule.detail}) || ')', '')"
    suggestion = f"({rule.suggestion})::VARCHAR" if rule.suggestion else "NULL::VARCHAR"
    return (
        f"SELECT row, coalesce(member_code, member_code_raw) AS member_code, {_quote(rule.id)} AS rule, "
        f"{_quote(rule.field)} AS field, {severity} AS severity, {message} AS message, "
        f"{suggestion} AS suggestion, {order} AS k FROM facts WHERE coalesce(({rule.when}), false)"
    )


def build_findings(con: duckdb.DuckDBPyConnection) -> None:
    """Named step `findings`: every rule's rows, ordered by row then catalogue order."""
    union = "\nUNION ALL\n".join(rule_sql(rule, i) for i, rule in enumerate(RULES))
    cols = ", ".join(FINDING_COLUMNS)
    con.execute(f"CREATE OR REPLACE TABLE findings AS SELECT {cols} FROM ({union}) ORDER BY row, k")


def build_duplicate_input(con: duckdb.DuckDBPyConnection) -> None:
    """Named step `dup_input`: the table `find_duplicates` reads (cleaned values, NULL where unclean)."""
    con.execute("""
      CREATE OR REPLACE TABLE dup_input AS SELECT
        row, member_code, ho_ten, name_key,
        CASE WHEN ngay_sinh >= DATE '1900-01-01' THEN ngay_sinh END AS ngay_sinh, gioi_tinh,
        CASE WHEN cccd_ok THEN cccd END AS cccd, CASE WHEN card_ok THEN so_the END AS so_the,
        CASE WHEN phone_ok THEN so_dien_thoai END AS so_dien_thoai, ma_to_chuc
      FROM clean
    """)


def find_duplicate_pairs(
    con: duckdb.DuckDBPyConnection, seed: int = 0, progress: Callable[[str], None] | None = None
) -> bool:
    """Run duplicate detection into table `dups(row_a, row_b, score)`; False if it is not available."""
    try:
        from sotay.pipeline.internals.duplicates import find_duplicates
    except ImportError:  # the duplicates module is written separately; the checker works without it
        return False
    if progress:
        progress("looking for duplicate people")
    build_duplicate_input(con)
    pairs = find_duplicates(con, "dup_input", seed=seed, progress=progress)  # noqa: F841 - read by DuckDB below
    con.execute(
        "CREATE OR REPLACE TABLE dups AS SELECT row_a::BIGINT AS row_a, row_b::BIGINT AS row_b, "
        "score::DOUBLE AS score FROM pairs ORDER BY row_a, row_b"
    )
    return True
