"""The legacy-export checker and reconciler (legacy-format.md §4–§5), usable without Django.

Public surface (everything else lives in `internals/` and may change):

* `check_file(members, orgs=None, out_dir=None, *, today=None, progress=None, sheet=None, keep_raw=False)
  -> CheckResult`
* `reconcile_files(old, new, out_dir=None, *, progress=None) -> ReconcileResult`
* `read_members(path, *, sheet=None) -> polars.DataFrame` (raw strings plus `row`)
* `InputError` (`.message` in English, `.message_vi` in Vietnamese) for input a person must fix
* `RULES` — the rule catalogue (`sotay.pipeline.rules`)
* `schema` — the one field table of a member record (`sotay.pipeline.schema`)
* `map_member_headers(headers) -> {key: position}` — the checker's header matching
* `limits` — the bounds on input (file size, expanded size, rows, columns, cell length)
* `SheetLayout` — where the table was found (sheet, header row, rows left out), in `CheckResult.layout`

Example:
    >>> from sotay.pipeline import check_file
    >>> result = check_file("members.csv", "orgs.csv", "out/")  # doctest: +SKIP
    >>> result.rows, result.errors, result.by_rule.get("cccd_format", 0)  # doctest: +SKIP
    (366000, 1523, 212)
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from sotay.pipeline import limits, schema
from sotay.pipeline.internals.engine import run_check
from sotay.pipeline.internals.errors import InputError, SheetChoiceNeeded
from sotay.pipeline.internals.headers import MEMBER_COLUMNS, map_headers
from sotay.pipeline.internals.layout import Layout as SheetLayout
from sotay.pipeline.internals.outputs import ensure_writable, write_check_csvs
from sotay.pipeline.internals.reader import read_table
from sotay.pipeline.internals.reconcile import ReconcileResult, reconcile_files
from sotay.pipeline.rules import RULES, Rule

__all__ = [
    "RULES",
    "CheckResult",
    "InputError",
    "ReconcileResult",
    "Rule",
    "SheetChoiceNeeded",
    "SheetLayout",
    "check_file",
    "limits",
    "map_member_headers",
    "map_member_headers_loose",
    "read_members",
    "reconcile_files",
    "schema",
]


@dataclass
class CheckResult:
    """What `check_file` found. DataFrames use the column names of the contract's CSV files.

    `raw` is the file as read (`row` + the file's columns, every cell text): every row with
    `keep_raw=True`, else those report.xlsx shows. `headers` names the file's column for each checker
    key found (`{"ho_ten": "Ho ten", ...}`), so a caller reads `raw` without matching headers again.

    `layout` says where the table was (sheet, header row, title rows, rows left out after the data);
    `notes` has the same in Vietnamese for the summary, with what was not checked.
    """

    rows: int
    findings: pl.DataFrame
    normalized: pl.DataFrame
    duplicates: pl.DataFrame
    errors: int
    warnings: int
    by_rule: dict[str, int]
    notes: list[str] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0
    raw: pl.DataFrame = field(default_factory=pl.DataFrame)
    headers: dict[str, str] = field(default_factory=dict)
    layout: SheetLayout = field(default_factory=SheetLayout)


def map_member_headers(headers: list[str]) -> dict[str, int]:
    """{checker key: position} of the member columns found in `headers` (case, spaces, diacritics ignored).

    Raises InputError naming a missing required column or a column given twice.

    >>> map_member_headers(["Ho va ten", "so cccd"])["cccd"]  # doctest: +SKIP
    1
    """
    return map_headers(headers, MEMBER_COLUMNS)


def map_member_headers_loose(headers: list[str]) -> dict[str, int]:
    """Like `map_member_headers`, for a partial row (only some columns): no column is required.

    >>> map_member_headers_loose(["Ngay sinh"])  # doctest: +SKIP
    {'ngay_sinh': 0}
    """
    return map_headers(headers, tuple(dataclasses.replace(c, required=False) for c in MEMBER_COLUMNS))


def read_members(path: str | Path, *, sheet: str | None = None) -> pl.DataFrame:
    """Read a members export (CSV UTF-8, .xlsx, .xls, .ods) as text: `row` (1 = first data row after the
    header) + the file's columns. Title rows above the header and a totals line or signature block
    below the data are left out. `sheet` names the workbook's sheet (default: the one holding the
    members header; several → InputError naming them).

    Raises InputError for a file that cannot be read (encoding, broken rows, no data rows, a limit of
    `sotay.pipeline.limits` exceeded, ...).

    >>> read_members("members.csv").select("row", "Số CCCD").head(1)  # doctest: +SKIP
    """
    return read_table(Path(path), sheet=sheet)


def check_file(
    members_path: str | Path,
    orgs_path: str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    report: bool = True,
    duplicates: bool = True,
    keep_raw: bool = False,
    sheet: str | None = None,
) -> CheckResult:
    """Check a members export; with `out_dir`, also write findings/duplicates/normalized CSV and report.xlsx.

    The input is never modified. `today` fixes the date used by `date_in_future` (default: today).
    `progress` receives short lines on large files. `report=False` skips report.xlsx and
    `duplicates=False` skips duplicate-person detection (both for speed). `sheet` names the sheet of a
    workbook (see `read_members`). `keep_raw=True` keeps every row as read in `CheckResult.raw` (one
    read of the file for a caller that stores it). Raises InputError (nothing written) when the file
    cannot be read or `out_dir` cannot be written.

    >>> r = check_file("members.csv", "orgs.csv", "out", today=dt.date(2026, 1, 1))  # doctest: +SKIP
    >>> r.findings.columns
    ['row', 'member_code', 'rule', 'field', 'severity', 'message', 'suggestion']
    """
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        ensure_writable(out)
    run = run_check(
        Path(members_path),
        Path(orgs_path) if orgs_path else None,
        today=today,
        progress=progress,
        duplicates=duplicates,
        keep_raw=keep_raw,
        sheet=sheet,
    )
    columns = [c for c in run.raw.columns if c != "row"]
    severities = run.findings["severity"].value_counts()
    count = dict(zip(severities["severity"].to_list(), severities["count"].to_list(), strict=True))
    rules = run.findings["rule"].value_counts(sort=True)
    result = CheckResult(
        rows=run.rows,
        findings=run.findings,
        normalized=run.normalized,
        duplicates=run.duplicates,
        errors=count.get("error", 0),
        warnings=count.get("warning", 0),
        by_rule=dict(zip(rules["rule"].to_list(), rules["count"].to_list(), strict=True)),
        notes=run.notes,
        seconds=run.seconds,
        raw=run.raw,
        headers={key: columns[pos] for key, pos in run.mapping.items()},
        layout=run.layout,
    )
    if out is not None:
        if progress and run.rows >= 50_000:
            progress("writing findings.csv, duplicates.csv, normalized.csv")
        result.paths = write_check_csvs(out, run.findings, run.duplicates, run.normalized)
        if report:
            from sotay.pipeline.internals.report_xlsx import write_report

            if progress and run.rows >= 50_000:
                progress("writing report.xlsx")
            result.paths["report"] = write_report(out / "report.xlsx", run)
    return result
