"""report.xlsx for people: the original sheet with flagged cells coloured and commented, and a summary.

Streamed with `xlsx_writer` (openpyxl was the slowest step of a large check): the data rows are
rendered to XML with Polars a slice at a time, so memory stays bounded by the flagged cells and by the
cell comments, which are capped (`MAX_COMMENTS`; past the cap cells are still coloured and the last
column `Nội dung` lists every message of the row).

Above `engine.FULL_SHEET_ROWS` rows the check keeps, and the data sheet holds, only the rows with
findings (Excel's limit is 1,048,576 rows per sheet); the column `Dòng` gives each row's number as in
findings.csv.
"""

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from sotay.pipeline.formulas import columns_to_neutralise, neutralise_expr
from sotay.pipeline.internals.engine import CheckRun
from sotay.pipeline.internals.headers import MEMBER_COLUMNS
from sotay.pipeline.internals.xlsx_writer import (
    BOLD,
    ILLEGAL_XML_CHARS,
    PLAIN,
    RED,
    YELLOW,
    StyledCell,
    XlsxWriter,
    column_letter,
)
from sotay.pipeline.rules import SEVERITY, TITLES

MAX_SHEET_ROWS = 1_048_575  # one row is the header
MAX_COMMENTS = 100_000
CHUNK_ROWS = 20_000  # data rows rendered to XML and written at a time


def _flagged_cells(run: CheckRun) -> pl.DataFrame:
    """One row per flagged cell, in the order the findings name them: `row`, `col` (position in the
    file), `is_error`, `text` (its messages, one per line) and `inline` (the same joined by "; ")."""
    position = {c.key: run.mapping.get(c.key, 0) for c in MEMBER_COLUMNS}
    position[""] = position["ho_ten"]  # a row-level finding (duplicate_person) marks the name
    return (
        run.findings.select(
            "row",
            pl.col("field").replace_strict(position, default=0, return_dtype=pl.Int64).alias("col"),
            (pl.col("severity") == "error").alias("error"),
            "message",
        )
        .group_by("row", "col", maintain_order=True)
        .agg(
            pl.col("error").any().alias("is_error"),
            pl.col("message").str.join("\n").alias("text"),
            pl.col("message").str.join("; ").alias("inline"),
        )
    )


def _xml_text(value: pl.Expr, *, risky: bool) -> pl.Expr:
    """Cell text as XML: characters XML 1.0 forbids dropped, a formula neutralised (in a `risky`
    column, one where some cell starts like a formula), then & < > escaped (as xlsx_writer does)."""
    cleaned = value.str.replace_all(ILLEGAL_XML_CHARS, "")
    if risky:
        cleaned = neutralise_expr(cleaned)
    return cleaned.str.replace_many(["&", "<", ">"], ["&amp;", "&lt;", "&gt;"])


def _cell_xml(letter: str, value: pl.Expr, style: pl.Expr, *, risky: bool = True) -> pl.Expr:
    """`xlsx_writer._cell` for a text column: nothing for an empty plain cell, a styled empty cell, or an
    inline string."""
    ref = pl.lit(f'<c r="{letter}') + pl.col("sheet_row").cast(pl.String) + pl.lit('"')
    styled = (
        pl.when(style > 0).then(pl.lit(' s="') + style.cast(pl.String) + pl.lit('"')).otherwise(pl.lit(""))
    )
    empty = value.is_null() | (value == "")
    return (
        pl.when(empty & (style == 0))
        .then(pl.lit(""))
        .when(empty)
        .then(ref + styled + pl.lit("/>"))
        .otherwise(
            ref + styled + pl.lit(' t="inlineStr"><is><t xml:space="preserve">')
            + _xml_text(value, risky=risky) + pl.lit("</t></is></c>")
        )
    )  # fmt: skip


def _data_sheet(frame: pl.DataFrame, cells: pl.DataFrame) -> tuple[list[StyledCell], Iterator[str]]:
    """The header row and the data rows as `<row>` XML chunks: each row as typed, flagged cells
    coloured, then its row number and every message of the row."""
    names = frame.columns[1:]
    header: list[StyledCell] = [(n, BOLD) for n in [*names, "Dòng", "Nội dung"]]
    styles = (
        cells.with_columns(pl.when(pl.col("is_error")).then(RED).otherwise(YELLOW).alias("style")).pivot(
            on="col", index="row", values="style"
        )
        if cells.height
        else pl.DataFrame({"row": []}, schema={"row": pl.Int64})
    )
    inline = cells.group_by("row", maintain_order=True).agg(pl.col("inline").str.join("; "))
    table = (
        frame.rename({n: f"v{i}" for i, n in enumerate(names)})
        .with_columns(sheet_row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
        .join(styles.rename({c: f"s{c}" for c in styles.columns if c != "row"}), on="row", how="left")
        .join(inline, on="row", how="left")
    )
    risky = columns_to_neutralise(frame.select(names), ignoring=ILLEGAL_XML_CHARS)
    exprs = []
    for i, name in enumerate(names):
        style = pl.col(f"s{i}").fill_null(0) if f"s{i}" in table.columns else pl.lit(0)
        exprs.append(_cell_xml(column_letter(i), pl.col(f"v{i}"), style, risky=name in risky))
    row_letter = column_letter(len(names))
    exprs.append(
        pl.lit(f'<c r="{row_letter}') + pl.col("sheet_row").cast(pl.String) + pl.lit('"><v>')
        + pl.col("row").cast(pl.String) + pl.lit("</v></c>")
    )  # fmt: skip
    exprs.append(_cell_xml(column_letter(len(names) + 1), pl.col("inline"), pl.lit(0)))
    row_xml = pl.concat_str(
        [pl.lit('<row r="'), pl.col("sheet_row").cast(pl.String), pl.lit('">'), *exprs, pl.lit("</row>")]
    )

    def chunks() -> Iterator[str]:
        # Rendered a slice at a time: the XML of a national file's flagged rows is about a gigabyte.
        for start in range(0, table.height, CHUNK_ROWS):
            yield "".join(table.slice(start, CHUNK_ROWS).select(row_xml).to_series().to_list())

    return header, chunks()


def _comments(frame: pl.DataFrame, cells: pl.DataFrame) -> list[tuple[str, str]]:
    """(cell reference, text) of the first `MAX_COMMENTS` flagged cells shown in the sheet."""
    shown = frame.select("row", sheet_row=pl.int_range(2, pl.len() + 2, dtype=pl.Int64))
    picked = cells.join(shown, on="row", how="inner", maintain_order="left").head(MAX_COMMENTS)
    letters = [column_letter(i) for i in range(max(frame.width - 1, 1))]
    return [
        (f"{letters[col]}{r}", text) for col, r, text in picked.select("col", "sheet_row", "text").iter_rows()
    ]


def _summary_rows(run: CheckRun, said: list[str]) -> Iterator[list[StyledCell]]:
    findings = run.findings
    errors = findings.filter(pl.col("severity") == "error").height
    yield [("Báo cáo kiểm tra dữ liệu đảng viên", BOLD)]
    for label, value in (
        ("Số dòng đã đọc", run.rows),
        ("Số lỗi", errors),
        ("Số cảnh báo", findings.height - errors),
        ("Số cặp nghi trùng người", run.duplicates.height),
    ):
        yield [(label, PLAIN), (value, PLAIN)]
    for note in [*run.notes, *said]:
        yield [("Lưu ý", PLAIN), (note, PLAIN)]
    yield []
    yield [(t, BOLD) for t in ("Quy tắc", "Mức độ", "Nội dung", "Số lượng")]
    counts = dict(findings.group_by("rule").len().iter_rows())
    for rule, title in TITLES.items():
        severity = "Lỗi" if SEVERITY[rule] == "error" else "Cảnh báo"
        yield [(rule, PLAIN), (severity, PLAIN), (title, PLAIN), (counts.get(rule, 0), PLAIN)]
    yield []
    yield [(t, BOLD) for t in ("Mã tổ chức", "Số đảng viên", "Số dòng có lỗi", "Số lỗi", "Số cảnh báo")]
    branches = run.normalized.select("row", pl.col("ma_to_chuc").fill_null("(trống)"))
    per_row = findings.group_by("row").agg(
        (pl.col("severity") == "error").sum().alias("errors"),
        (pl.col("severity") == "warning").sum().alias("warnings"),
    )
    table = (
        branches.join(per_row, on="row", how="left")
        .group_by("ma_to_chuc")
        .agg(
            pl.len().alias("members"),
            (pl.col("errors").fill_null(0) > 0).sum().alias("rows_with_errors"),
            pl.col("errors").fill_null(0).sum(),
            pl.col("warnings").fill_null(0).sum(),
        )
        .sort("ma_to_chuc")
    )
    for values in table.iter_rows():
        yield [(v, PLAIN) for v in values]


def write_report(path: Path, run: CheckRun) -> Path:
    """Write report.xlsx (sheets `Tổng hợp` and `Dữ liệu`) to `path`."""
    cells = _flagged_cells(run)
    frame = run.raw
    said: list[str] = []
    if frame.height < run.rows:  # the check kept only the rows with findings (engine.FULL_SHEET_ROWS)
        said.append(f"Tệp có {run.rows:,} dòng: trang Dữ liệu chỉ gồm {frame.height:,} dòng có lỗi/cảnh báo.")
    if frame.height > MAX_SHEET_ROWS:
        said.append(f"Chỉ ghi {MAX_SHEET_ROWS:,} dòng đầu (giới hạn của Excel); xem đủ trong findings.csv.")
        frame = frame.head(MAX_SHEET_ROWS)
    flagged_cells = cells.join(frame.select("row"), on="row", how="semi").height
    if flagged_cells > MAX_COMMENTS:
        said.append(f"Chỉ {MAX_COMMENTS:,} ô đầu có ghi chú; các ô sau chỉ được tô màu (xem cột Nội dung).")
    writer = XlsxWriter(path)
    try:
        writer.sheet("Tổng hợp", _summary_rows(run, said))
        header, rows = _data_sheet(frame, cells)
        writer.sheet_xml("Dữ liệu", header, rows, _comments(frame, cells))
    finally:
        writer.close()
    return path
