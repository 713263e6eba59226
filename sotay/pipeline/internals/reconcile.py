"""Reconcile two exports of the same members (before/after a migration), legacy-format.md §5.

Named steps, all in one DuckDB connection:
    old_clean, new_clean  (the checker's normalisation of each file)
    old_v, new_v          (the compared values: normalised text, or the trimmed raw text where the value
                           could not be normalised, so a change to an unreadable value still shows; a
                           name in a legacy font that one font plainly reads, as that name in Unicode,
                           as the checker stores it)
    pairs                 (matched by member code first, then by a citizen ID unique on both sides)
    differences, summary_by_branch
"""

import dataclasses
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from sotay.pipeline.internals.engine import connect, normalise_staged
from sotay.pipeline.internals.headers import MEMBER_COLUMNS
from sotay.pipeline.internals.outputs import ensure_writable, write_csv
from sotay.pipeline.internals.reader import stage_table
from sotay.pipeline.legacy_fonts import to_unicode
from sotay.pipeline.rules import LEGACY_FONT_SQL, NAME_BAD_CHARACTERS_SQL

DIFFERENCE_COLUMNS = ("member_code", "kind", "field", "old_value", "new_value")
SUMMARY_COLUMNS = (
    "ma_to_chuc", "old_members", "new_members", "missing", "added", "changed", "moved_out", "moved_in",
    "gender_changed",
)  # fmt: skip
# Fields compared, in output order, with the SQL giving the comparable text from table `clean`.
COMPARED: dict[str, str] = {
    "ho_ten": "ho_ten",
    "ngay_sinh": "strftime(ngay_sinh, '%Y-%m-%d')",
    "gioi_tinh": "gioi_tinh",
    "cccd": "cccd",
    "so_the": "so_the",
    "ngay_vao_dang": "strftime(ngay_vao_dang, '%Y-%m-%d')",
    "ngay_chinh_thuc": "strftime(ngay_chinh_thuc, '%Y-%m-%d')",
    "dan_toc": "dan_toc",
    "ton_giao": "ton_giao",
    "so_dien_thoai": "so_dien_thoai",
    "ma_to_chuc": "ma_to_chuc",
    "tinh_trang": "tinh_trang",
}
# Only the member code is needed to match; every other known column is compared when both files have it.
_COLUMNS = tuple(dataclasses.replace(c, required=c.key == "member_code") for c in MEMBER_COLUMNS)


@dataclass
class ReconcileResult:
    """What `reconcile_files` found: `differences` and `summary` use the CSV files' columns."""

    differences: pl.DataFrame
    summary: pl.DataFrame
    old_rows: int
    new_rows: int
    matched: int
    matched_by_cccd: int
    missing: int
    added: int
    changed_members: int
    compared_fields: list[str]
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0


def _load(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    side: str,
    workdir: Path,
    progress: Callable[[str], None] | None,
    sheet: str | None = None,
) -> set[str]:
    """Stage one file as the checker does and build table `<side>_v`; returns the keys it has."""
    staged = workdir / f"{side}.parquet"
    stage_table(path, staged, sheet=sheet, columns=_COLUMNS)
    mapping = normalise_staged(con, staged, progress, expected=_COLUMNS)
    values = ", ".join(
        f"coalesce(({expr})::VARCHAR, CASE WHEN NOT {key}_blank THEN trim({key}_raw) END) AS {key}"
        for key, expr in COMPARED.items()
    )
    suspect = f"({LEGACY_FONT_SQL} OR {NAME_BAD_CHARACTERS_SQL})" if "ho_ten" in mapping else "false"
    con.execute(f"""CREATE OR REPLACE TABLE {side}_v AS
        SELECT row, coalesce(member_code, trim(member_code_raw)) AS member_code, cccd_ok, {values},
          CASE WHEN {suspect} THEN ho_ten_raw END AS name_suspect
        FROM clean""")
    _read_legacy_names(con, f"{side}_v")
    return set(mapping)


def _read_legacy_names(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Compare a name typed in a legacy font as the checker stores it: in Unicode where exactly one font
    reads it as a real name (`legacy_fonts.to_unicode`, `rules.NAME_FOR_RECORD_SQL`). Python reads only
    the distinct names that show a sign of such a font (a handful in a clean file)."""
    found = con.execute(
        f"SELECT DISTINCT name_suspect FROM {table} WHERE name_suspect IS NOT NULL"
    ).fetchall()
    read = [(raw, reading[1]) for (raw,) in found if (reading := to_unicode(raw)) is not None]
    if read:
        frame = pl.DataFrame(read, schema={"raw": pl.String, "name": pl.String}, orient="row")  # noqa: F841
        con.execute(
            f"UPDATE {table} SET ho_ten = frame.name FROM frame WHERE {table}.name_suspect = frame.raw"
        )


def _match(con: duckdb.DuckDBPyConnection, renamed: Mapping[str, str]) -> None:
    """Step `pairs(old_row, new_row, matched_by)`: a code the caller knows was changed (old code -> new
    code), then the member code, then a CCCD unique among the unmatched."""
    con.execute("CREATE OR REPLACE TABLE renamed (old_code VARCHAR, new_code VARCHAR)")
    if renamed:
        con.executemany("INSERT INTO renamed VALUES (?, ?)", list(renamed.items()))
    con.execute("""
      CREATE OR REPLACE TABLE pairs AS
      WITH o AS (SELECT * FROM old_v WHERE member_code IS NOT NULL QUALIFY row_number() OVER
                   (PARTITION BY member_code ORDER BY row) = 1),
           n AS (SELECT * FROM new_v WHERE member_code IS NOT NULL QUALIFY row_number() OVER
                   (PARTITION BY member_code ORDER BY row) = 1)
      SELECT o.row AS old_row, n.row AS new_row, 'renamed' AS matched_by
      FROM o JOIN renamed r ON r.old_code = o.member_code JOIN n ON n.member_code = r.new_code""")
    con.execute("""
      INSERT INTO pairs
      WITH o AS (SELECT * FROM old_v WHERE member_code IS NOT NULL
                   AND row NOT IN (SELECT old_row FROM pairs) QUALIFY row_number() OVER
                   (PARTITION BY member_code ORDER BY row) = 1),
           n AS (SELECT * FROM new_v WHERE member_code IS NOT NULL
                   AND row NOT IN (SELECT new_row FROM pairs) QUALIFY row_number() OVER
                   (PARTITION BY member_code ORDER BY row) = 1)
      SELECT o.row, n.row, 'code' FROM o JOIN n USING (member_code)""")
    con.execute("""
      INSERT INTO pairs
      WITH o AS (SELECT * FROM old_v WHERE cccd_ok AND row NOT IN (SELECT old_row FROM pairs)
                 QUALIFY count(*) OVER (PARTITION BY cccd) = 1),
           n AS (SELECT * FROM new_v WHERE cccd_ok AND row NOT IN (SELECT new_row FROM pairs)
                 QUALIFY count(*) OVER (PARTITION BY cccd) = 1)
      SELECT o.row, n.row, 'cccd' FROM o JOIN n USING (cccd)""")


def _differences_sql(fields: list[str]) -> str:
    changed = "\nUNION ALL\n".join(
        f"SELECT o.member_code, 'changed' AS kind, '{f}' AS field, o.{f} AS old_value, n.{f} AS new_value, "
        f"{i} AS k FROM pairs p JOIN old_v o ON o.row = p.old_row JOIN new_v n ON n.row = p.new_row "
        f"WHERE o.{f} IS DISTINCT FROM n.{f}"
        for i, f in enumerate(["member_code", *fields])
    )
    return f"""
      CREATE OR REPLACE TABLE differences AS
      SELECT member_code, kind, field, old_value, new_value FROM (
        {changed}
        UNION ALL SELECT member_code, 'missing', '', NULL, NULL, -1 FROM old_v
          WHERE row NOT IN (SELECT old_row FROM pairs)
        UNION ALL SELECT member_code, 'added', '', NULL, NULL, -1 FROM new_v
          WHERE row NOT IN (SELECT new_row FROM pairs)
      ) ORDER BY member_code, kind, k"""


def _summary_sql(fields: list[str]) -> str:
    differs = " OR ".join(f"o.{f} IS DISTINCT FROM n.{f}" for f in ["member_code", *fields]) or "false"
    branch = "ma_to_chuc" if "ma_to_chuc" in fields else "NULL::VARCHAR"
    gender = "o.gioi_tinh IS DISTINCT FROM n.gioi_tinh" if "gioi_tinh" in fields else "false"
    return f"""
      CREATE OR REPLACE TABLE summary_by_branch AS
      WITH m AS (SELECT o.{branch} AS ob, n.{branch} AS nb, ({differs}) AS changed, ({gender}) AS g
                 FROM pairs p JOIN old_v o ON o.row = p.old_row JOIN new_v n ON n.row = p.new_row),
      events AS (
        SELECT {branch} AS b, 1 AS old_members, 0 AS new_members, 0 AS missing, 0 AS added, 0 AS changed,
               0 AS moved_out, 0 AS moved_in, 0 AS gender_changed FROM old_v
        UNION ALL SELECT {branch}, 0, 1, 0, 0, 0, 0, 0, 0 FROM new_v
        UNION ALL SELECT {branch}, 0, 0, 1, 0, 0, 0, 0, 0 FROM old_v
          WHERE row NOT IN (SELECT old_row FROM pairs)
        UNION ALL SELECT {branch}, 0, 0, 0, 1, 0, 0, 0, 0 FROM new_v
          WHERE row NOT IN (SELECT new_row FROM pairs)
        UNION ALL SELECT ob, 0, 0, 0, 0, changed::INT, (ob IS DISTINCT FROM nb)::INT, 0, g::INT FROM m
        UNION ALL SELECT nb, 0, 0, 0, 0, 0, 0, 1, 0 FROM m WHERE ob IS DISTINCT FROM nb)
      SELECT b AS ma_to_chuc, sum(old_members) AS old_members, sum(new_members) AS new_members,
             sum(missing) AS missing, sum(added) AS added, sum(changed) AS changed,
             sum(moved_out) AS moved_out, sum(moved_in) AS moved_in, sum(gender_changed) AS gender_changed
      FROM events GROUP BY b ORDER BY b NULLS LAST"""


def reconcile_files(
    old: str | Path,
    new: str | Path,
    out_dir: str | Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
    renamed: Mapping[str, str] | None = None,
    old_sheet: str | None = None,
) -> ReconcileResult:
    """Compare two exports; with `out_dir`, write differences.csv and summary_by_branch.csv.

    `renamed` maps member codes of `old` to the codes they were deliberately changed to in `new` (a
    reviewer's correction): such a member is matched by the new code and shows one `member_code` change,
    not a missing member and an added one. `old_sheet` names the sheet of an `old` workbook that holds
    a member list on several.

    Raises InputError only for input that cannot be read (or an output folder that cannot be written).

    >>> r = reconcile_files("csdl30.csv", "csdl40.csv", "out")  # doctest: +SKIP
    >>> r.differences.filter(kind="changed", field="gioi_tinh").height  # gender flips  # doctest: +SKIP
    3
    """
    started = time.monotonic()
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        ensure_writable(out)
    workdir = tempfile.TemporaryDirectory(prefix="sotay-reconcile-")
    con = connect(Path(workdir.name))
    try:
        old_keys = _load(con, Path(old), "old", Path(workdir.name), progress, old_sheet)
        new_keys = _load(con, Path(new), "new", Path(workdir.name), progress)
        fields = [f for f in COMPARED if f in old_keys and f in new_keys]
        _match(con, renamed or {})
        con.execute(_differences_sql(fields))
        con.execute(_summary_sql(fields))
        differences = con.sql("FROM differences").pl()
        summary = con.sql("FROM summary_by_branch").pl()
        (old_rows,) = con.execute("SELECT count(*) FROM old_v").fetchone() or (0,)
        (new_rows,) = con.execute("SELECT count(*) FROM new_v").fetchone() or (0,)
        (matched, by_cccd) = con.execute(
            "SELECT count(*), count(*) FILTER (matched_by = 'cccd') FROM pairs"
        ).fetchone() or (0, 0)
    finally:
        con.close()
        workdir.cleanup()
    kinds = differences.filter(pl.col("kind") == "changed").select(pl.col("member_code").n_unique()).item()
    result = ReconcileResult(
        differences=differences,
        summary=summary,
        old_rows=old_rows,
        new_rows=new_rows,
        matched=matched,
        matched_by_cccd=by_cccd,
        missing=differences.filter(pl.col("kind") == "missing").height,
        added=differences.filter(pl.col("kind") == "added").height,
        changed_members=kinds,
        compared_fields=fields,
        seconds=time.monotonic() - started,
    )
    if out is not None:
        result.paths = {
            "differences": write_csv(differences, DIFFERENCE_COLUMNS, out / "differences.csv"),
            "summary_by_branch": write_csv(summary, SUMMARY_COLUMNS, out / "summary_by_branch.csv"),
        }
    return result
