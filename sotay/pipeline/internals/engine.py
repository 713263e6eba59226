"""The check run: read, normalise, find duplicates, apply the rules, collect results (no file output)."""

import datetime as dt
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

from sotay.pipeline import schema
from sotay.pipeline.internals import checks, evidence, normalise
from sotay.pipeline.internals.headers import MEMBER_COLUMNS, Column, map_headers
from sotay.pipeline.internals.layout import Layout
from sotay.pipeline.internals.orgs import guess_orgs, load_orgs
from sotay.pipeline.internals.reader import stage_table
from sotay.pipeline.rules import NAME_FOR_RECORD_SQL

Progress = Callable[[str], None]
PROGRESS_FROM_ROWS = 50_000  # smaller files finish before anyone would look at progress lines
DUCKDB_MEMORY = "2GB"  # DuckDB's buffer pool; the Python side (results) comes on top
# Above this many rows report.xlsx shows only the rows with findings (legacy-format.md §4), so only those
# raw rows are kept in memory after the check.
FULL_SHEET_ROWS = 100_000

NORMALIZED_COLUMNS = ("row", *schema.CLEANED_KEYS)

# Leading zeros restored: none, or one that makes no other row's number (`*_zeros_restored`).
_ZEROS_TRUSTED = "({0}_added = 0 OR ({0}_added = 1 AND {0}_others IS NULL))"
# A value that fails its own single-field rule (unreadable, in the future, unknown code, bad province
# prefix, several leading zeros guessed or one that makes another row's number, a name no person can have)
# is left empty: it is not what the record should store. Values in a cross-field conflict (mismatches,
# duplicates) are kept, since nothing says which side is wrong.
_NORMALIZED_SQL = f"""
  SELECT row, member_code, {NAME_FOR_RECORD_SQL} AS ho_ten,
    CASE WHEN ngay_sinh_usable THEN strftime(ngay_sinh, '%Y-%m-%d') END AS ngay_sinh, gioi_tinh,
    CASE WHEN cccd_ok AND cccd_province_ok AND {_ZEROS_TRUSTED.format("cccd")} THEN cccd END AS cccd,
    CASE WHEN card_ok AND {_ZEROS_TRUSTED.format("card")} THEN so_the END AS so_the,
    CASE WHEN ngay_vao_dang_usable THEN strftime(ngay_vao_dang, '%Y-%m-%d') END AS ngay_vao_dang,
    CASE WHEN ngay_chinh_thuc_usable THEN strftime(ngay_chinh_thuc, '%Y-%m-%d') END AS ngay_chinh_thuc,
    dan_toc, ton_giao, CASE WHEN phone_ok THEN so_dien_thoai END AS so_dien_thoai,
    CASE WHEN org_problem IS NULL THEN ma_to_chuc END AS ma_to_chuc, tinh_trang
  FROM facts ORDER BY row
"""


@dataclass
class CheckRun:
    """Everything a check produced, before any file is written.

    `raw` holds the rows as read (`row` + the file's columns): all of them up to `FULL_SHEET_ROWS`, else
    only the rows with findings (what report.xlsx shows). `rows` is the number of rows read.
    """

    rows: int
    raw: pl.DataFrame
    mapping: dict[str, int]  # checker key -> position among the file's columns (after `row`)
    findings: pl.DataFrame
    normalized: pl.DataFrame
    duplicates: pl.DataFrame
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    layout: Layout = field(default_factory=Layout)


def connect(workdir: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB database with a memory limit; what does not fit spills to `workdir`.

    The raw rows stay in the staged Parquet file; the tables built from them (`clean`, `facts`) are
    larger than the limit on a national file and spill. A file-backed database would bound memory just
    as well but compresses and writes every table it creates, which took a third of a national run.
    """
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    con.execute(f"SET temp_directory = '{workdir / 'spill'}'")
    con.execute("SET enable_progress_bar = false")
    return con


def _reporter(progress: Progress | None, rows: int) -> Progress | None:
    if progress is None or rows < PROGRESS_FROM_ROWS:
        return None
    start = time.monotonic()
    return lambda text: progress(f"[{time.monotonic() - start:6.1f}s] {text}")


def normalise_staged(
    con: duckdb.DuckDBPyConnection,
    staged: Path,
    progress: Progress | None = None,
    expected: tuple[Column, ...] = MEMBER_COLUMNS,
) -> dict[str, int]:
    """Map headers (against `expected`), expose the staged Parquet file as `raw` and build table `clean`;
    returns {key: column position}."""
    columns = list(pl.read_parquet_schema(staged))
    mapping = map_headers(columns[1:], expected)
    normalise.attach_raw(con, staged, columns, mapping)
    normalise.normalise(con, progress)
    return mapping


def run_check(
    members: Path,
    orgs: Path | None = None,
    *,
    today: dt.date | None = None,
    progress: Progress | None = None,
    seed: int = 0,
    duplicates: bool = True,
    keep_raw: bool = False,
    sheet: str | None = None,
) -> CheckRun:
    """Check one members file; see `sotay.pipeline.check_file` for the public wrapper.

    `keep_raw` keeps every raw row in `CheckRun.raw` (the campaign stages them all), not only those
    report.xlsx shows on a large file.
    """
    started = time.monotonic()
    notes: list[str] = []
    workdir = tempfile.TemporaryDirectory(prefix="sotay-check-")
    try:
        staged = Path(workdir.name) / "raw.parquet"
        read = stage_table(members, staged, sheet=sheet)
        rows = read.rows
        notes += read.layout.notes()
        say = _reporter(progress, rows)
        if say:
            say(f"read {rows:,} rows")
        con = connect(Path(workdir.name))
        try:
            mapping = normalise_staged(con, staged, say)
            if read.numeric:
                names = list(pl.read_parquet_schema(staged))[1:]
                by_key = {
                    key: read.numeric[names[pos]]
                    for key, pos in mapping.items()
                    if names[pos] in read.numeric
                }
                evidence.restore_numeric_ids(con, by_key)
            has_orgs = orgs is not None
            if orgs is not None:
                load_orgs(con, orgs)
                guess_orgs(con)
            else:
                notes.append("không có tệp tổ chức (--orgs): quy tắc org_unknown không được kiểm tra")
            has_dups = duplicates and rows > 0 and checks.find_duplicate_pairs(con, seed=seed, progress=say)
            if not has_dups:
                con.execute("CREATE OR REPLACE TABLE dups (row_a BIGINT, row_b BIGINT, score DOUBLE)")
                if rows:
                    notes.append("không tìm người trùng lặp: quy tắc duplicate_person không được kiểm tra")
            if say:
                say("applying rules")
            checks.build_facts(con, today or dt.date.today(), has_orgs=has_orgs, has_dups=has_dups)
            for (table,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE table_name NOT IN ('facts', 'dups')"
            ).fetchall():
                # facts has all it needs: free the memory (or the spill files) the others hold.
                con.execute(f"DROP TABLE IF EXISTS {table}")
            checks.build_findings(con)
            if say:
                say("collecting the results")
            findings = con.sql("FROM findings").pl()
            normalized = con.sql(_NORMALIZED_SQL).pl()
            pairs = con.sql("FROM dups").pl()
        finally:
            con.close()
        raw = pl.scan_parquet(staged)
        if rows > FULL_SHEET_ROWS and not keep_raw:
            raw = raw.filter(pl.col("row").is_in(findings["row"].unique().implode()))
        raw_rows = raw.collect()
    finally:
        workdir.cleanup()
    findings = findings.cast(checks.FINDINGS_SCHEMA)
    return CheckRun(
        rows, raw_rows, mapping, findings, normalized, pairs, notes, time.monotonic() - started, read.layout
    )
