"""Streams a legacy export (legacy-format.md §1-§2) with injected defects and the truth files (defects.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Literal

import polars as pl

from sotay.pipeline.schema import HEADER_OF_KEY
from sotay.synth import names
from sotay.synth.config import SynthConfig
from sotay.synth.defects import resolve_rates
from sotay.synth.inject import NORMALIZED, Batch, Injector
from sotay.synth.members import COLUMNS, generate_members
from sotay.synth.orgs import LEAF_KINDS, generate_orgs

HEADERS = {key: header for key, header in HEADER_OF_KEY.items() if key != "stt"}
EXCEL_MAX_ROWS = 1_048_576  # including the header row
DATES = ("ngay_sinh", "ngay_vao_dang", "ngay_chinh_thuc")
_PLAIN_NUMBER = re.compile(r"^[1-9]\d{0,14}$")
Progress = Callable[[int, int], None]


def write_legacy(
    config: SynthConfig,
    out_dir: str | os.PathLike[str],
    *,
    fmt: Literal["csv", "xlsx"] = "csv",
    defect_rate: float = 0.05,
    rates: dict[str, float] | None = None,
    seed: int | None = None,
    clean: bool = False,
    batch_size: int = 50_000,  # each batch is held as Python lists of strings: keep it small for memory
    progress: Progress | None = None,
) -> Path:
    """Write members.csv/.xlsx, orgs.csv and the truth files into ``out_dir``; return the members file.

    Everything is written to a temporary directory next to ``out_dir`` and moved in at the end, so a
    failure leaves nothing half-written. ``seed`` drives the defects (default: ``config.seed``).

    Example:
        >>> import tempfile
        >>> from datetime import date
        >>> cfg = SynthConfig(members=1_000, wards=2, agencies=False, today=date(2026, 3, 1))
        >>> write_legacy(cfg, tempfile.mkdtemp() + "/demo").name
        'members.csv'
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"format must be csv or xlsx, got {fmt!r}")
    rate_table = resolve_rates(defect_rate, rates, clean=clean)
    if fmt == "xlsx":
        expected = config.members * (1 + rate_table["duplicate_person"]) * 1.01 + 100
        if expected >= EXCEL_MAX_ROWS:
            raise ValueError(
                f"{config.members:,} members do not fit in an Excel sheet (at most "
                f"{EXCEL_MAX_ROWS - 1:,} rows including duplicates); use --format csv"
            )
    target = Path(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        counts = _write_all(
            config, tmp, fmt, rate_table, config.seed if seed is None else seed, batch_size, progress
        )
        (tmp / "synth.json").write_text(
            json.dumps({"members": config.members, "seed": config.seed, "today": config.today.isoformat(),
                        "format": fmt, "rates": rate_table, **counts}, indent=2) + "\n",
            encoding="utf-8",
        )  # fmt: skip
        _move_into(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target / f"members.{fmt}"


def _write_all(
    config: SynthConfig,
    tmp: Path,
    fmt: str,
    rates: dict[str, float],
    seed: int,
    batch_size: int,
    progress: Progress | None,
) -> dict[str, int]:
    orgs = generate_orgs(config)
    pl.DataFrame(
        {
            "Mã tổ chức": [o.code for o in orgs],
            "Tên tổ chức": [o.name for o in orgs],
            "Mã cấp trên": [o.parent_code or "" for o in orgs],
            "Loại": [o.kind for o in orgs],
        }
    ).write_csv(tmp / "orgs.csv")
    leaves = [o.code for o in orgs if o.kind in LEAF_KINDS]
    inner = [o.code for o in orgs if o.kind not in LEAF_KINDS]
    injector = Injector(rates, seed, config.today, leaves, inner)
    aliases = {"ethnic": names.aliases("ethnic_groups.tsv"), "religion": names.aliases("religions.tsv")}
    findings: list[tuple[int, str, str]] = []
    dups: list[tuple[int, int]] = []
    not_dups: list[tuple[int, int]] = []
    sink = _XlsxSink(tmp / "members.xlsx") if fmt == "xlsx" else _CsvSink(tmp / "members.csv")
    rows = done = 0
    with sink, (tmp / "expected_normalized.csv").open("wb") as norm_out:
        for batch_no, clean in enumerate(generate_members(config, orgs, batch_size=batch_size)):
            batch = _to_batch(clean)
            injector.run(batch, rows + 1, batch_no, aliases)
            stt = pl.Series("STT", range(rows + 1, rows + 1 + batch.size))
            if rows + batch.size >= EXCEL_MAX_ROWS and fmt == "xlsx":
                raise ValueError(f"more than {EXCEL_MAX_ROWS - 1:,} rows do not fit in an Excel sheet")
            sink.write(pl.DataFrame(batch.raw).select(COLUMNS).rename(HEADERS).insert_column(0, stt))
            norm = pl.DataFrame(batch.norm).select(NORMALIZED).insert_column(0, stt.alias("row"))
            norm.write_csv(norm_out, include_header=rows == 0)
            findings += batch.findings
            dups += batch.duplicates
            not_dups += batch.not_duplicates
            rows += batch.size
            done += clean.height
            if progress:
                progress(done, config.members)
    pl.DataFrame(findings, schema=["row", "rule", "field"], orient="row").sort(
        "row", "rule", "field"
    ).write_csv(tmp / "truth_findings.csv")
    for name, pairs in (("truth_duplicates.csv", dups), ("truth_not_duplicates.csv", not_dups)):
        pl.DataFrame(pairs, schema=["row_a", "row_b"], orient="row").sort("row_a", "row_b").write_csv(
            tmp / name
        )
    return {"rows": rows, "findings": len(findings), "duplicate_pairs": len(dups)}


def _to_batch(clean: pl.DataFrame) -> Batch:
    # Clean values as strings (dates ISO, "" for empty); legacy and normalized lists start as copies that
    # share the same string objects, so only the three dd/mm/yyyy date columns are converted twice.
    iso = clean.with_columns(pl.col(DATES).dt.strftime("%Y-%m-%d")).fill_null("")
    values = {c: iso[c].to_list() for c in COLUMNS}
    dmy = clean.select(pl.col(DATES).dt.strftime("%d/%m/%Y")).fill_null("")
    raw = {c: dmy[c].to_list() if c in DATES else list(values[c]) for c in COLUMNS}
    return Batch(clean=values, raw=raw, norm={c: list(values[c]) for c in NORMALIZED})


class _CsvSink:
    def __init__(self, path: Path) -> None:
        self.path, self.first = path, True
        self.handle: IO[bytes] | None = None

    def __enter__(self) -> _CsvSink:
        self.handle = self.path.open("wb")
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.handle is not None
        self.handle.close()

    def write(self, frame: pl.DataFrame) -> None:
        assert self.handle is not None
        frame.write_csv(self.handle, include_header=self.first)
        self.first = False


class _XlsxSink:
    """openpyxl write-only sheet. Plain numbers (lost zeros, Excel serial dates) become numeric cells,
    as they would in a real spreadsheet; everything else stays text."""

    def __init__(self, path: Path) -> None:
        from openpyxl import Workbook

        self.path, self.first = path, True
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet("Đảng viên")

    def __enter__(self) -> _XlsxSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.book.save(self.path)

    def write(self, frame: pl.DataFrame) -> None:
        if self.first:
            self.sheet.append(frame.columns)
            self.first = False
        for row in frame.iter_rows():
            self.sheet.append([int(v) if isinstance(v, str) and _PLAIN_NUMBER.match(v) else v for v in row])


def _move_into(tmp: Path, target: Path) -> None:
    if not target.exists():
        tmp.rename(target)
        tmp.mkdir()  # so the caller's cleanup finds something to remove
        return
    if not target.is_dir():
        raise ValueError(f"{target} exists and is not a directory")
    for item in tmp.iterdir():
        os.replace(item, target / item.name)
