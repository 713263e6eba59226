"""Load the organisations file (legacy-format.md §2) into DuckDB table `orgs(ma_to_chuc, ten_to_chuc, loai,
leaf)`, and guess the branch a member row means when its code is not one (`guess_orgs`)."""

from pathlib import Path

import duckdb
import polars as pl

from sotay.pipeline.internals.headers import ORG_COLUMNS, header_key, map_headers
from sotay.pipeline.internals.reader import read_table

# Members belong to these organisation types only (legacy-format.md §2).
LEAF_TYPES = frozenset({"chi bo", "chi bo co so"})


def load_orgs(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Create table `orgs` from an organisations CSV/XLSX; returns the number of organisations.

    Codes are compared trimmed and in NFC; the type (`Loại`) is matched like a header (no case or
    diacritics), so `chi bo` is a leaf too.
    """
    frame = read_table(path, columns=ORG_COLUMNS)
    mapping = map_headers(frame.columns[1:], ORG_COLUMNS, what="organisations")
    names = frame.columns[1:]
    orgs = frame.select(
        pl.col(names[mapping["ma_to_chuc"]]).str.normalize("NFC").str.strip_chars().alias("ma_to_chuc"),
        (
            pl.col(names[mapping["ten_to_chuc"]]).str.normalize("NFC").str.strip_chars()
            if "ten_to_chuc" in mapping
            else pl.lit(None, dtype=pl.String)
        ).alias("ten_to_chuc"),
        pl.col(names[mapping["loai"]]).str.normalize("NFC").str.strip_chars().alias("loai"),
    ).filter(pl.col("ma_to_chuc") != "")
    leaf = [header_key(t) in LEAF_TYPES for t in orgs["loai"].to_list()]
    orgs = orgs.with_columns(pl.Series("leaf", leaf, dtype=pl.Boolean)).unique("ma_to_chuc", keep="first")
    con.execute("CREATE OR REPLACE TABLE orgs AS SELECT * FROM orgs")
    return orgs.height


def guess_orgs(con: duckdb.DuckDBPyConnection) -> None:
    """Create table `org_guess(ma_to_chuc, guess)`: for a member row's code that is not in `orgs`, the one
    branch it plainly means — same code but for case, spaces and punctuation (`79.p1.u1.b1`, `79.P1 .U1.B1`),
    or the branch's name written in the code column, diacritics and spacing aside (`Chi bo khu pho 1`).
    A key two branches share guesses nothing. Needs tables `clean` and `orgs`."""

    def key(text: str) -> str:
        return header_key(text).replace(" ", "")

    by_key: dict[str, set[str]] = {}
    for code, name in con.execute("SELECT ma_to_chuc, ten_to_chuc FROM orgs WHERE leaf").fetchall():
        for text in (code, name):
            if text and key(text):
                by_key.setdefault(key(text), set()).add(code)
    unknown = con.execute(
        "SELECT DISTINCT c.ma_to_chuc FROM clean c ANTI JOIN orgs o ON o.ma_to_chuc = c.ma_to_chuc"
        " WHERE c.ma_to_chuc IS NOT NULL"
    ).fetchall()
    pairs = []
    for (code,) in unknown:
        found = by_key.get(key(code), set())
        if len(found) == 1:
            pairs.append((code, next(iter(found))))
    guesses = pl.DataFrame(pairs, schema={"ma_to_chuc": pl.String, "guess": pl.String}, orient="row")  # noqa: F841 - DuckDB scan
    con.execute("CREATE OR REPLACE TABLE org_guess AS SELECT * FROM guesses")
