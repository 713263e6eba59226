"""Spreadsheet formula neutralisation (OWASP "CSV injection") for every CSV and Excel file we write.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a formula
when the file is opened in Excel or LibreOffice (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Such text
gets a leading single quote, as OWASP recommends, so it is shown as text and never evaluated. The
quote is visible in a CSV; that is the price of opening files from other units safely.

Only text is touched: writers keep numbers (row numbers, scores, counts) as numbers, so a negative
number stays a number. A phone typed `+84…` or a placeholder `-` in a text column becomes `'+84…`
and `'-`: the text cannot tell a formula from a value, and Excel would evaluate `+84-912` too.

One rule, two forms: `neutralise` for one value, `neutralise_expr` for a Polars column (the checker's
outputs and report.xlsx render whole columns at once).
"""

from __future__ import annotations

import re

import polars as pl

# What a dangerous cell starts with. The escapes read the same in Python's re and Polars' (Rust) regex.
_TRIGGER = r"[=+\-@\t\r]"
FORMULA_START = rf"^({_TRIGGER})"
_FORMULA_START = re.compile(FORMULA_START)


def neutralise[T](value: T) -> T | str:
    """Text that a spreadsheet would run as a formula, prefixed with `'`; anything else unchanged.

    >>> neutralise("=HYPERLINK(\\"http://x\\")"), neutralise("Nguyễn Văn Hòa"), neutralise(-5)
    ('\\'=HYPERLINK("http://x")', 'Nguyễn Văn Hòa', -5)
    """
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def neutralise_expr(expr: pl.Expr) -> pl.Expr:
    """`neutralise` for a String column, vectorised (nulls stay null).

    >>> pl.DataFrame({"a": ["=1+1", "ok", None]}).select(neutralise_expr(pl.col("a")))["a"].to_list()
    ["'=1+1", 'ok', None]
    """
    return expr.str.replace(FORMULA_START, "'$1")


def columns_to_neutralise(frame: pl.DataFrame, *, ignoring: str = "") -> set[str]:
    """The String columns of `frame` in which some cell starts like a formula — after any characters
    matching `ignoring`, when the writer drops those first (XML-illegal ones in report.xlsx).

    One boolean pass per column: in a typical export no column qualifies and nothing is rebuilt, which
    keeps report.xlsx and the CSVs as fast as before (rebuilding every column cost ~0.3 µs a cell).
    """
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    if not text:
        return set()
    pattern = f"^(?:{ignoring})*{_TRIGGER}" if ignoring else f"^{_TRIGGER}"
    hits = frame.select(pl.col(name).str.contains(pattern).any() for name in text).row(0, named=True)
    return {name for name, hit in hits.items() if hit}


def neutralise_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """Every String column of `frame` neutralised; numeric columns untouched."""
    risky = columns_to_neutralise(frame)
    return frame.with_columns(neutralise_expr(pl.col(name)).alias(name) for name in risky) if risky else frame
