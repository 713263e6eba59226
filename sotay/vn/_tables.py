"""Load the reference tables shipped in ``sotay/vn/data/`` (tab-separated, UTF-8, header row).

Tables are read once per process and cached: the normalisers that use them run once per distinct value
over millions of rows, so a file read per call would dominate the run time.
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

DATA_DIR: Final = Path(__file__).resolve().parent / "data"

type Row = MappingProxyType[str, str]


@cache
def load_table(name: str) -> tuple[Row, ...]:
    """Return the rows of ``data/<name>.tsv`` as read-only dicts keyed by the header row.

    Values are NFC-normalised and stripped, so a table edited on macOS (NFD) still matches.

    >>> load_table("cccd_province_codes")[0]["name"]
    'Hà Nội'
    """
    path = DATA_DIR / f"{name}.tsv"
    if not path.is_file():
        raise ValueError(f"unknown reference table {name!r} (no {path.name} in {DATA_DIR})")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return tuple(
            MappingProxyType(
                {
                    key: unicodedata.normalize("NFC", (value or "").strip())
                    for key, value in row.items()
                    if key is not None
                }
            )
            for row in reader
        )
