"""Normalise a members table column by column: each DISTINCT raw value goes through `sotay.vn` once.

The raw table (`raw` in DuckDB: `row` + one VARCHAR per known key) is turned into the table `clean`,
which holds for every field `<key>_raw` (as typed), `<key>_blank` and the cleaned value(s). Each lookup
table (`map_<name>`) is a plain DuckDB table, so every step can be inspected with
`con.sql("FROM map_cccd")`.

Cost: Python runs once per distinct value, not per row and per rule. Dates, genders, statuses, ethnic
groups and religions have few distinct values; names, citizen IDs, phones and card numbers are mostly
unique, so those columns dominate the run time on a national file.
"""

from collections.abc import Callable
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
    shape: str | None = None

    def empty(self) -> tuple[object, ...]:
        """Outputs for a blank cell: False for flags, None otherwise."""
        return tuple(False if t == pl.Boolean() else None for t in self.outputs.values())


# The functions below receive non-blank cells only (build_lookup filters blanks once).
def _text(raw: str) -> tuple[object, ...]:
    return (vn.clean_spaces(raw),)


def _name(raw: str) -> tuple[object, ...]:
    name = vn.normalize_name(raw)
    return (name or None, vn.fold(name) if name else None)


def _date(raw: str) -> tuple[object, ...]:
    return (vn.parse_date(raw),)


def _cccd(raw: str) -> tuple[object, ...]:
    value = vn.clean_cccd(raw)
    info = vn.decode_cccd(value)
    if info is None:  # not 12 digits
        return (value or None, False, None, None, None)
    return (value, True, vn.cccd_province_valid(value), info.gender, info.birth_year)


def _card(raw: str) -> tuple[object, ...]:
    value = vn.clean_card(raw)
    return (value or None, vn.is_card(value))


def _phone(raw: str) -> tuple[object, ...]:
    result = vn.clean_phone(raw)
    return (result.value or None, bool(result.valid_mobile), bool(result.renumbered))


def _enum(fn: Callable[[str], str | None]) -> Callable[[str], tuple[object, ...]]:
    return lambda raw: (fn(raw),)


S, B, D, INT = pl.String(), pl.Boolean(), pl.Date(), pl.Int64()
# Shapes (SQL over `v`, giving a class key or NULL): values already in canonical form whose outputs
# depend only on the key, so Python sees one representative per key instead of every value. Each
# shape is a claim about sotay.vn: 12 digits are a cleaned CCCD read from its first 6 digits; 8 digits
# a cleaned card; `0[1-9]` + 8 digits a national phone number judged by its 3-digit prefix; a code of
# 5+ plain characters is its own clean form (blank placeholders are shorter). The costly columns are
# almost unique per row, so this is where a national file's time goes.
_CODE = "CASE WHEN regexp_full_match(v, '[A-Za-z0-9][A-Za-z0-9._-]{4,}') THEN 'code' END"
LOOKUPS: tuple[Lookup, ...] = (
    Lookup("member_code", ("member_code",), {"member_code": S}, _text, own_rule=False, shape=_CODE),
    Lookup("ma_to_chuc", ("ma_to_chuc",), {"ma_to_chuc": S}, _text, own_rule=False, shape=_CODE),
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
        shape="CASE WHEN regexp_full_match(v, '[0-9]{12}') THEN substr(v, 1, 6) END",
    ),
    Lookup(
        "so_the",
        ("so_the",),
        {"so_the": S, "card_ok": B},
        _card,
        shape="CASE WHEN regexp_full_match(v, '[0-9]{8}') THEN 'card' END",
    ),
    Lookup(
        "phone",
        ("so_dien_thoai",),
        {"so_dien_thoai": S, "phone_ok": B, "phone_renumbered": B},
        _phone,
        shape="CASE WHEN regexp_full_match(v, '0[1-9][0-9]{8}') THEN substr(v, 1, 3) END",
    ),
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


def is_missing(raw: str) -> bool:
    """A cell with nothing in it: empty, spaces, or a placeholder such as `-` or `N/A` (`vn.is_blank`).

    A question mark is not missing: someone typed "unknown", which is reported by the field's own rule
    with the value shown (`gender_invalid: ?`), not as a forgotten cell (see `Lookup.own_rule`).
    """
    return vn.is_blank(raw) and "?" not in raw


def _python_map(lookup: Lookup, values: list[str]) -> pl.DataFrame:
    """Outputs of `lookup.fn` for each value (blank cells get `lookup.empty()` without a call)."""
    empty = lookup.empty()
    blank = [vn.is_blank(v) for v in values]
    results = [empty if b else lookup.fn(v) for v, b in zip(values, blank, strict=True)]
    if lookup.own_rule:
        blank = [b and "?" not in v for v, b in zip(values, blank, strict=True)]
    data: dict[str, list[object]] = {"raw": list[object](values), "blank": list[object](blank)}
    for i, name in enumerate(lookup.outputs):
        data[name] = [r[i] for r in results]
    return pl.DataFrame(data, schema={"raw": S, "blank": B, **lookup.outputs})


def build_lookup(con: duckdb.DuckDBPyConnection, lookup: Lookup) -> None:
    """Table `map_<name>`: one row per distinct raw value with a blank flag and the function's outputs.

    Values matching `lookup.shape` are mapped in SQL from one representative per shape key; a key whose
    representative does not come back as itself (or as nothing) is not trusted and goes through Python.
    """
    union = " UNION ".join(f"SELECT {s} AS v FROM raw" for s in lookup.sources)
    if lookup.shape is None:
        values = [v for (v,) in con.execute(f"SELECT DISTINCT v FROM ({union})").fetchall()]
        everything = _python_map(lookup, values)  # noqa: F841 - read by DuckDB's replacement scan below
        con.execute(f"CREATE OR REPLACE TABLE map_{lookup.name} AS SELECT * FROM everything")
        return
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE d AS SELECT DISTINCT v, {lookup.shape or 'NULL'} AS k FROM ({union})"
    )
    reps = con.execute("SELECT k, min(v) FROM d WHERE k IS NOT NULL GROUP BY k").fetchall()
    rep_map = _python_map(lookup, [v for _, v in reps]).with_columns(pl.Series("k", [k for k, _ in reps]))
    first = next(iter(lookup.outputs))
    rep_map = rep_map.with_columns(same=pl.col(first) == pl.col("raw")).filter(
        pl.col("same") | pl.col(first).is_null()
    )
    python_values = [v for (v,) in con.execute(
        "SELECT v FROM d WHERE k IS NULL OR k NOT IN (SELECT k FROM rep_map)"
    ).fetchall()]  # fmt: skip
    mapped = _python_map(lookup, python_values)  # noqa: F841 - read by DuckDB's replacement scan below
    rest = ", ".join(f"r.{name}" for name in list(lookup.outputs)[1:])
    con.execute(f"""
      CREATE OR REPLACE TABLE map_{lookup.name} AS
      SELECT * FROM mapped
      UNION ALL BY NAME
      SELECT d.v AS raw, r.blank, CASE WHEN r.same THEN d.v END AS {first} {", " + rest if rest else ""}
      FROM d JOIN rep_map r USING (k)""")


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
