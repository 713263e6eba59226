"""Normalise a members table column by column: each DISTINCT raw value goes through `sotay.vn` once.

The raw table (`raw` in DuckDB: `row` + one VARCHAR per known key) is turned into the table `clean`,
which holds for every field `<key>_raw` (as typed), `<key>_blank` and the cleaned value(s). Each lookup
table (`map_<name>`) is a plain DuckDB table, so every step can be inspected with
`con.sql("FROM map_cccd")`.

Cost: Python runs once per distinct value, not per row and per rule. Dates, genders, statuses, ethnic
groups and religions have few distinct values; names, citizen IDs, phones and card numbers are mostly
unique, so those columns dominate the run time on a national file.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import duckdb
import polars as pl

from sotay import vn
from sotay.pipeline.internals.headers import MEMBER_COLUMNS

# The fields the checker cleans (every other column is carried along untouched).
FIELDS: tuple[str, ...] = (
    "member_code",
    "ho_ten",
    "ngay_sinh",
    "gioi_tinh",
    "cccd",
    "so_the",
    "ngay_vao_dang",
    "ngay_chinh_thuc",
    "dan_toc",
    "ton_giao",
    "so_dien_thoai",
    "ma_to_chuc",
    "tinh_trang",
)
DATE_FIELDS: tuple[str, ...] = ("ngay_sinh", "ngay_vao_dang", "ngay_chinh_thuc")


@dataclass(frozen=True)
class Lookup:
    """Map a set of raw columns through one Python function into named output columns.

    `own_rule`: the field has a rule for values it cannot read (date_invalid, gender_invalid, ...), so a
    typed `?` goes to that rule instead of counting as missing.
    """

    name: str
    sources: tuple[str, ...]
    outputs: dict[str, pl.DataType]
    fn: Callable[[str], tuple[object, ...]]
    own_rule: bool = True


def _text(raw: str) -> tuple[object, ...]:
    return (None,) if vn.is_blank(raw) else (vn.clean_spaces(raw),)


def _name(raw: str) -> tuple[object, ...]:
    if vn.is_blank(raw):
        return (None, None)
    name = vn.normalize_name(raw)
    return (name or None, vn.fold(name) if name else None)


def _date(raw: str) -> tuple[object, ...]:
    return (None,) if vn.is_blank(raw) else (vn.parse_date(raw),)


def _cccd(raw: str) -> tuple[object, ...]:
    if vn.is_blank(raw):
        return (None, False, None, None, None)
    value = vn.clean_cccd(raw)
    if not vn.is_cccd(value):
        return (value or None, False, None, None, None)
    info = vn.decode_cccd(value)
    return (
        value,
        True,
        vn.cccd_province_valid(value),
        info.gender if info else None,
        info.birth_year if info else None,
    )


def _card(raw: str) -> tuple[object, ...]:
    if vn.is_blank(raw):
        return (None, False)
    value = vn.clean_card(raw)
    return (value or None, vn.is_card(value))


def _phone(raw: str) -> tuple[object, ...]:
    if vn.is_blank(raw):
        return (None, False, False)
    result = vn.clean_phone(raw)
    return (result.value or None, bool(result.valid_mobile), bool(result.renumbered))


def _enum(fn: Callable[[str], str | None]) -> Callable[[str], tuple[object, ...]]:
    return lambda raw: (None,) if vn.is_blank(raw) else (fn(raw),)


S, B, D, INT = pl.String(), pl.Boolean(), pl.Date(), pl.Int64()
LOOKUPS: tuple[Lookup, ...] = (
    Lookup("member_code", ("member_code",), {"member_code": S}, _text, own_rule=False),
    Lookup("ma_to_chuc", ("ma_to_chuc",), {"ma_to_chuc": S}, _text, own_rule=False),
    Lookup("ho_ten", ("ho_ten",), {"ho_ten": S, "name_key": S}, _name, own_rule=False),
    Lookup("dates", DATE_FIELDS, {"d": D}, _date),
    Lookup("gioi_tinh", ("gioi_tinh",), {"gioi_tinh": S}, _enum(vn.parse_gender)),
    Lookup("tinh_trang", ("tinh_trang",), {"tinh_trang": S}, _enum(vn.parse_status)),
    Lookup("dan_toc", ("dan_toc",), {"dan_toc": S}, _enum(vn.match_ethnicity)),
    Lookup("ton_giao", ("ton_giao",), {"ton_giao": S}, _enum(vn.match_religion)),
    Lookup(
        "cccd",
        ("cccd",),
        {"cccd": S, "cccd_ok": B, "cccd_province_ok": B, "cccd_gender": S, "cccd_birth_year": INT},
        _cccd,
    ),
    Lookup("so_the", ("so_the",), {"so_the": S, "card_ok": B}, _card),
    Lookup("phone", ("so_dien_thoai",), {"so_dien_thoai": S, "phone_ok": B, "phone_renumbered": B}, _phone),
)


def load_raw(con: duckdb.DuckDBPyConnection, frame: pl.DataFrame, mapping: dict[str, int]) -> None:
    """Create table `raw`: `row` + one VARCHAR per known member key ('' where the column is absent)."""
    names = frame.columns[1:]  # frame.columns[0] is `row`
    exprs = [pl.col("row")]
    for col in MEMBER_COLUMNS:
        if col.key in mapping:
            exprs.append(pl.col(names[mapping[col.key]]).alias(col.key))
        else:
            exprs.append(pl.lit("").alias(col.key))
    selected = frame.select(exprs)  # noqa: F841 - read by DuckDB's replacement scan below
    con.execute("CREATE OR REPLACE TABLE raw AS SELECT * FROM selected")


def _distinct(con: duckdb.DuckDBPyConnection, sources: Iterable[str]) -> list[str]:
    union = " UNION ".join(f"SELECT {s} AS v FROM raw" for s in sources)
    return [v for (v,) in con.execute(f"SELECT DISTINCT v FROM ({union})").fetchall()]


def is_missing(raw: str) -> bool:
    """A cell with nothing in it: empty, spaces, or a placeholder such as `-` or `N/A` (`vn.is_blank`).

    A question mark is not missing: someone typed "unknown", which is reported by the field's own rule
    with the value shown (`gender_invalid: ?`), not as a forgotten cell (see `Lookup.own_rule`).
    """
    return vn.is_blank(raw) and "?" not in raw


def build_lookup(con: duckdb.DuckDBPyConnection, lookup: Lookup) -> None:
    """Table `map_<name>`: one row per distinct raw value with the function's outputs and a blank flag."""
    values = _distinct(con, lookup.sources)
    results = [lookup.fn(v) for v in values]
    missing = is_missing if lookup.own_rule else vn.is_blank
    data: dict[str, list[object]] = {"raw": list(values), "blank": [missing(v) for v in values]}
    for i, name in enumerate(lookup.outputs):
        data[name] = [r[i] for r in results]
    schema = {"raw": S, "blank": B, **lookup.outputs}
    mapped = pl.DataFrame(data, schema=schema)  # noqa: F841 - read by DuckDB's replacement scan below
    con.execute(f"CREATE OR REPLACE TABLE map_{lookup.name} AS SELECT * FROM mapped")


def _join_sql() -> str:
    """The named SQL step that builds `clean` from `raw` and the lookup tables."""
    selects = ["raw.row AS row"]
    joins = []
    for lookup in LOOKUPS:
        for source in lookup.sources:
            alias = f"m_{source}"
            joins.append(f"LEFT JOIN map_{lookup.name} {alias} ON {alias}.raw = raw.{source}")
            key = "so_dien_thoai" if lookup.name == "phone" else source
            selects += [f"raw.{source} AS {key}_raw", f"coalesce({alias}.blank, true) AS {key}_blank"]
            if lookup.name == "dates":
                selects.append(f"{alias}.d AS {source}")
            else:
                selects += [f"{alias}.{out} AS {out}" for out in lookup.outputs]
    return f"CREATE OR REPLACE TABLE clean AS SELECT {', '.join(selects)} FROM raw {' '.join(joins)}"


def normalise(con: duckdb.DuckDBPyConnection, progress: Callable[[str], None] | None = None) -> None:
    """Build every `map_*` table, then `clean` (one row per input row). Needs table `raw`."""
    for lookup in LOOKUPS:
        if progress:
            progress(f"normalising {lookup.name}")
        build_lookup(con, lookup)
    con.execute(_join_sql())


def today_default() -> dt.date:
    """Today's date (the checker's `--today` overrides it, for reproducible runs)."""
    return dt.date.today()
