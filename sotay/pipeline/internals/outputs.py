"""Write the checker's CSV outputs exactly as legacy-format.md §4 names them (UTF-8, no BOM, RFC 4180)."""

import os
import tempfile
from pathlib import Path

import polars as pl

from sotay.pipeline.formulas import neutralise_frame
from sotay.pipeline.internals.checks import FINDING_COLUMNS
from sotay.pipeline.internals.engine import NORMALIZED_COLUMNS
from sotay.pipeline.internals.errors import InputError

DUPLICATE_COLUMNS = ("row_a", "row_b", "score")


def ensure_writable(out_dir: Path) -> None:
    """Create `out_dir` if needed and prove a file can be written there; InputError if not.

    Called before the long work, so a wrong `--out` fails in a second, not after minutes.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".sotay-probe-", dir=out_dir)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"Cannot write to the output folder {out_dir}: {exc.strerror or exc}. "
            "Choose another --out folder.",
            f"Không ghi được vào thư mục kết quả {out_dir}. Hãy chọn thư mục khác (--out) có quyền ghi.",
        ) from exc


def write_csv(frame: pl.DataFrame, columns: tuple[str, ...], path: Path) -> Path:
    """Write `columns` of `frame` in that order; nulls as empty cells; text that a spreadsheet would
    run as a formula starts with `'` (sotay.pipeline.formulas)."""
    neutralise_frame(frame.select(columns)).write_csv(path, null_value="")
    return path


def write_check_csvs(
    out_dir: Path, findings: pl.DataFrame, duplicates: pl.DataFrame, normalized: pl.DataFrame
) -> dict[str, Path]:
    """findings.csv, duplicates.csv and normalized.csv in `out_dir`; returns {name: path}."""
    dups = duplicates.with_columns(pl.col("score").round(4))
    return {
        "findings": write_csv(findings, FINDING_COLUMNS, out_dir / "findings.csv"),
        "duplicates": write_csv(dups, DUPLICATE_COLUMNS, out_dir / "duplicates.csv"),
        "normalized": write_csv(normalized, NORMALIZED_COLUMNS, out_dir / "normalized.csv"),
    }
