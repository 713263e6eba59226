"""Load the organisations file (legacy-format.md §2) into DuckDB table `orgs(ma_to_chuc, loai, leaf)`."""

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
        pl.col(names[mapping["loai"]]).str.normalize("NFC").str.strip_chars().alias("loai"),
    ).filter(pl.col("ma_to_chuc") != "")
    leaf = [header_key(t) in LEAF_TYPES for t in orgs["loai"].to_list()]
    orgs = orgs.with_columns(pl.Series("leaf", leaf, dtype=pl.Boolean)).unique("ma_to_chuc", keep="first")
    con.execute("CREATE OR REPLACE TABLE orgs AS SELECT * FROM orgs")
    return orgs.height
