"""Normalise a members table column by column: each DISTINCT raw value goes through `sotay.vn` once.

The raw rows (view `raw` in DuckDB: `row` + one VARCHAR per known key) are turned into the table
`clean`, which holds for every field `<key>_raw` (as typed), `<key>_blank` and the cleaned value(s).
Every step leaves plain DuckDB tables (`map_<name>`, `rep_<name>`); `lookup_table_sql(lookup)` lists
each distinct value with what it became, e.g. for citizen IDs `con.sql(lookup_table_sql(LOOKUPS[8]))`.

Cost: Python runs once per distinct value, not per row and per rule. Dates, genders, statuses, ethnic
groups and religions have few distinct values. Names, citizen IDs, phones and card numbers are mostly
unique, so Python sees far less of them (see `Lookup`):

* a name of plain words goes through Python once per distinct *word* (a few thousand in a national
  file), and the words' forms are joined back in SQL;
* an identifier is first brought to its usual form in SQL (`pre`: separators and Excel's apostrophe
  dropped); values then in canonical form are grouped by `shape`, and Python sees one value per group.

Both are claims about `sotay.vn`, so both are checked: the word path by property tests, `pre` also at
run time on a sample of every file (a disagreement sends those values back through Python).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from sotay import vn
from sotay.pipeline import schema
from sotay.pipeline.internals.headers import MEMBER_COLUMNS

logger = logging.getLogger(__name__)

# The fields the checker cleans (every other column is carried along untouched).
FIELDS: tuple[str, ...] = schema.CLEANED_KEYS
DATE_FIELDS: tuple[str, ...] = schema.DATE_KEYS


@dataclass(frozen=True)
class Lookup:
    """Map a set of raw columns through one Python function into named output columns.

    `own_rule`: the field has a rule for values it cannot read (date_invalid, gender_invalid, ...), so a
    typed `?` goes to that rule instead of counting as missing.
    `pre`: SQL over `v` giving the value `fn` reads the same way (NULL: keep `v`), e.g.
    `079 190 001 234` → `079190001234`; checked on a sample of each file (`PRE_SAMPLE`).
    `shape`: SQL over that value giving a class key or NULL (see `LOOKUPS`).
    `words`: for names, the function applied to each word of a name `WORD_NAME_SQL` accepts; its
    outputs are joined with single spaces.
    """

    name: str
    sources: tuple[str, ...]
    outputs: dict[str, pl.DataType]
    fn: Callable[[str], tuple[object, ...]]
    own_rule: bool = True
    shape: str | None = None
    pre: str | None = None
    words: Callable[[str], tuple[object, ...]] | None = None

    def empty(self) -> tuple[object, ...]:
        """Outputs for a blank cell: False for flags, None otherwise."""
        return tuple(False if t == pl.Boolean() else None for t in self.outputs.values())


# The functions below receive non-blank cells only (build_lookup filters blanks once).
def _text(raw: str) -> tuple[object, ...]:
    return (vn.clean_spaces(raw),)


def _name(raw: str) -> tuple[object, ...]:
    name = vn.normalize_name(raw)
    return (name or None, vn.fold(name) if name else None)


def _name_word(word: str) -> tuple[object, ...]:
    form = vn.normalize_name_word(word)
    return (form, vn.fold(form))


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

# Names that `vn.normalize_name` treats word by word (see `vn.normalize_name_word`): two or more words of
# letters separated by single spaces, in NFC, without the letters it rewrites (ʻ ʼ → ', Ð ð → Đ đ) and
# not starting with an honorific candidate (Bà, Đồng). Every other name goes through normalize_name whole.
WORD_NAME_SQL = (
    r"regexp_full_match(v, '\p{L}+( \p{L}+)+') AND NOT regexp_matches(v, '[ʻʼÐð]') AND nfc_normalize(v) = v"
    r" AND strip_accents(lower(split_part(v, ' ', 1))) NOT IN ('ba', 'đong', 'dong')"
)

# `pre` expressions. Digits in groups with single separators (never a final group of 1-2 digits, which
# could be Excel's `.0` float suffix) or behind Excel's text apostrophe lose the separators. Phones:
# `+84` becomes `0`; nine digits starting like a mobile prefix get their lost zero back.
_NO_SEPARATORS = "regexp_replace(v, '[ .'']', '', 'g')"


def _exact_scientific(v: str) -> str:
    """SQL: the digits of `v` when it is a number in scientific notation that carries every digit
    (`7.9190001234E+10` → `79190001234`, as `vn.clean_digits` reads it), else NULL."""
    parts = rf"regexp_extract({v}, '^([1-9])[.,]([0-9]+)[eE]\+?([0-9]{{1,2}})$', ['w', 'f', 'e'])"
    return f"CASE WHEN {parts}.w <> '' AND length({parts}.f) = {parts}.e::INT THEN {parts}.w || {parts}.f END"


def _plain_or_scientific(v: str, digits: str) -> str:
    """SQL: `v` when it is `digits` plain digits (a regex quantifier such as `{10,11}`), or its exact
    scientific notation's digits; NULL otherwise."""
    return f"CASE WHEN regexp_full_match({v}, '[1-9][0-9]{digits}') THEN {v} ELSE {_exact_scientific(v)} END"


def _lost_zeros_cccd(d: str) -> str:
    """SQL: `vn.clean_cccd`'s restoration of a 10- or 11-digit value, or NULL when it would not restore."""
    provinces = ", ".join(f"'{code}'" for code in sorted(vn.cccd_provinces()))
    padded = f"lpad({d}, 12, '0')"
    return (
        f"CASE WHEN length({d}) IN (10, 11) AND substr({padded}, 1, 3) IN ({provinces})"
        f" AND substr({padded}, 4, 1) IN ('0', '1', '2', '3') THEN {padded} END"
    )


# Canonical values first (most cells; one regex), then separators, then lost zeros.
_CCCD_PRE = f"""CASE
    WHEN regexp_full_match(v, '[0-9]{{12}}') THEN NULL
    WHEN regexp_full_match(v, '''?[0-9]{{3}}([ .]?[0-9]{{3}}){{3}}') THEN {_NO_SEPARATORS}
    ELSE {_lost_zeros_cccd(_plain_or_scientific("v", "{9,10}"))} END"""
_CARD_DIGITS = _plain_or_scientific("v", "{4,7}")
_CARD_PRE = f"""CASE
    WHEN regexp_full_match(v, '[0-9]{{8}}') THEN NULL
    WHEN regexp_full_match(v, '''?[0-9]{{4}}[ .]?[0-9]{{4}}') THEN {_NO_SEPARATORS}
    ELSE CASE WHEN length({_CARD_DIGITS}) BETWEEN 5 AND 8 THEN lpad({_CARD_DIGITS}, 8, '0') END END"""
_LOST_ZERO_MOBILE = "(" + "|".join(sorted(p[1:] for p in vn.MOBILE_PREFIXES)) + ")[0-9]{7}"
_PHONE_PRE = f"""CASE
    WHEN regexp_full_match(v, '0[0-9]{{2,3}}([ .-][0-9]{{3,4}}){{2,3}}')
        THEN regexp_replace(v, '[ .-]', '', 'g')
    WHEN regexp_full_match(v, '\\+84 ?[1-9][0-9]{{1,2}}([ .-]?[0-9]{{3,4}}){{2,3}}')
        THEN '0' || regexp_replace(substr(v, 4), '[ .-]', '', 'g')
    WHEN regexp_full_match(v, '{_LOST_ZERO_MOBILE}') THEN '0' || v END"""
PRE_SAMPLE = 2_000

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
    Lookup("ho_ten", ("ho_ten",), {"ho_ten": S, "name_key": S}, _name, own_rule=False, words=_name_word),
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
        pre=_CCCD_PRE,
    ),
    Lookup(
        "so_the",
        ("so_the",),
        {"so_the": S, "card_ok": B},
        _card,
        shape="CASE WHEN regexp_full_match(v, '[0-9]{8}') THEN 'card' END",
        pre=_CARD_PRE,
    ),
    Lookup(
        "phone",
        ("so_dien_thoai",),
        {"so_dien_thoai": S, "phone_ok": B, "phone_renumbered": B},
        _phone,
        shape="CASE WHEN regexp_full_match(v, '0[1-9][0-9]{8}') THEN substr(v, 1, 3) END",
        pre=_PHONE_PRE,
    ),
)

# Every lookup output's type, by name (for tables built outside `build_lookup`).
LOOKUP_OUTPUTS: dict[str, pl.DataType] = {k: t for lookup in LOOKUPS for k, t in lookup.outputs.items()}


def attach_raw(
    con: duckdb.DuckDBPyConnection, staged: Path, columns: list[str], mapping: dict[str, int]
) -> None:
    """Create view `raw` over the staged Parquet file (`row` + the file's `columns`): `row` and one
    VARCHAR per known member key ('' where the file has no such column).

    Nothing is copied: each normalising step reads just the columns it needs from the file.
    """
    names = columns[1:]
    selects = ["row::BIGINT AS row"]
    for col in MEMBER_COLUMNS:
        if col.key in mapping:
            quoted = names[mapping[col.key]].replace('"', '""')
            selects.append(f'"{quoted}" AS {col.key}')
        else:
            selects.append(f"'' AS {col.key}")
    path = str(staged).replace("'", "''")
    con.execute(f"CREATE OR REPLACE VIEW raw AS SELECT {', '.join(selects)} FROM read_parquet('{path}')")


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


def _distinct_sql(lookup: Lookup, *, every_cell: bool = False) -> str:
    """SQL: the values of `lookup`'s columns as `v`, each distinct value once (or every cell)."""
    union = " UNION ALL " if every_cell else " UNION "
    return union.join(f"SELECT {s} AS v FROM raw" for s in lookup.sources)


def build_lookup(con: duckdb.DuckDBPyConnection, lookup: Lookup) -> None:
    """The tables (and macros) that `_join_sql` reads to normalise `lookup`'s columns.

    `map_<name>`: one row per distinct raw value Python was asked about, with a blank flag and the
    function's outputs. For a lookup with a `shape`, also `rep_<name>`: one row per shape key, whose
    representative came back as itself (or as nothing), with its outputs; the macro `key_<name>(v)`
    gives a raw value's key and `pre_<name>(v)` its canonical form. Every distinct raw value is in
    exactly one of the two tables. A key whose representative changes is not trusted and its values go
    through Python, and so does every value `pre` changed when the sample check of `pre` fails.
    """
    if lookup.words is not None:
        _build_word_lookup(con, lookup)
        return
    if lookup.shape is None:
        every = [v for (v,) in con.execute(f"SELECT DISTINCT v FROM ({_distinct_sql(lookup)})").fetchall()]
        everything = _python_map(lookup, every)  # noqa: F841 - read by DuckDB's replacement scan below
        con.execute(f"CREATE OR REPLACE TABLE map_{lookup.name} AS SELECT * FROM everything")
        return
    name = lookup.name
    con.execute(f"CREATE OR REPLACE TEMP MACRO pre_{name}(v) AS coalesce({lookup.pre or 'NULL'}, v)")
    con.execute(f"CREATE OR REPLACE TEMP MACRO shape_{name}(v) AS {lookup.shape}")
    con.execute(f"CREATE OR REPLACE TEMP MACRO key_{name}(v) AS shape_{name}(pre_{name}(v))")
    # Every cell once: its canonical form and key, computed here a single time (the regexes are the cost).
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE cand AS SELECT v, pre_{name}(v) AS c, key_{name}(v) AS k"
        f" FROM ({_distinct_sql(lookup, every_cell=True)})"
    )
    reps = con.execute("SELECT k, min(c) FROM cand WHERE k IS NOT NULL GROUP BY k").fetchall()
    rep_map = _python_map(lookup, [v for _, v in reps]).with_columns(pl.Series("k", [k for k, _ in reps], S))
    first = next(iter(lookup.outputs))
    rep_map = rep_map.with_columns(same=pl.col(first) == pl.col("raw")).filter(
        pl.col("same") | pl.col(first).is_null()
    )
    con.register("rep_frame", rep_map.drop("raw"))
    con.execute(f"CREATE OR REPLACE TABLE rep_{name} AS FROM rep_frame")
    con.unregister("rep_frame")
    untrusted = ""
    if lookup.pre is not None and not _pre_holds(con, lookup):
        # Only values already in canonical form take the shortcut; Python reads every other one.
        canonical_only = f"CASE WHEN pre_{name}(v) = v THEN shape_{name}(v) END"
        con.execute(f"CREATE OR REPLACE TEMP MACRO key_{name}(v) AS {canonical_only}")
        untrusted = " OR c <> v"
    python_values = [v for (v,) in con.execute(
        f"SELECT DISTINCT v FROM cand WHERE k IS NULL OR k NOT IN (SELECT k FROM rep_{name}){untrusted}"
    ).fetchall()]  # fmt: skip
    con.execute("DROP TABLE cand")
    mapped = _python_map(lookup, python_values)  # noqa: F841 - read by DuckDB's replacement scan below
    con.execute(f"CREATE OR REPLACE TABLE map_{name} AS FROM mapped")


def _pre_holds(con: duckdb.DuckDBPyConnection, lookup: Lookup) -> bool:
    """Check `lookup.pre` on a sample: Python on the raw values must give what the shortcut gives.

    The sample is up to `PRE_SAMPLE` distinct values that `pre` changed and that take the shortcut,
    picked by hash (the same file gives the same sample). False (and a log line) on any disagreement.
    """
    name = lookup.name
    first, *rest = lookup.outputs
    columns = "".join(f", r.{out}" for out in rest)
    # `cand` holds the key as a column: joining on the macro itself made DuckDB plan a join that took
    # seconds for a few thousand rows.
    expected = con.sql(f"""
      WITH sample AS (
        SELECT * FROM (SELECT DISTINCT v, c, k FROM cand WHERE c <> v AND k IN (SELECT k FROM rep_{name}))
        ORDER BY hash(v) LIMIT {PRE_SAMPLE}
      )
      SELECT s.v AS raw, r.blank, CASE WHEN r.same THEN s.c END AS {first}{columns}
      FROM sample s JOIN rep_{name} r USING (k) ORDER BY raw""").pl()
    if expected.is_empty():
        return True
    got = _python_map(lookup, expected["raw"].to_list())
    if got.equals(expected.cast(dict(got.schema))):
        return True
    differ = got.filter(~pl.all_horizontal(pl.col(c).eq_missing(expected[c]) for c in got.columns))
    logger.warning(
        "%s: the SQL pre-cleaning disagrees with Python on %d of %d sampled values (e.g. %r); "
        "using Python for all of them",
        name, differ.height, got.height, differ["raw"][0],
    )  # fmt: skip
    return False


def _build_word_lookup(con: duckdb.DuckDBPyConnection, lookup: Lookup) -> None:
    """`map_<name>` for names: Python once per distinct word of the names `WORD_NAME_SQL` accepts.

    The words' outputs are joined back in order with single spaces; every other name goes through
    `lookup.fn` whole.
    """
    assert lookup.words is not None
    con.execute(f"""
      CREATE OR REPLACE TEMP TABLE nd AS
      SELECT v, coalesce({WORD_NAME_SQL}, false) AS by_word
      FROM (SELECT DISTINCT v FROM ({_distinct_sql(lookup)}))""")
    con.execute("""
      CREATE OR REPLACE TEMP TABLE nw AS
      SELECT v, unnest(string_split(v, ' ')) AS word, generate_subscripts(string_split(v, ' '), 1) AS i
      FROM nd WHERE by_word""")
    words = [w for (w,) in con.execute("SELECT DISTINCT word FROM nw").fetchall()]
    results = [lookup.words(w) for w in words]
    outputs = list(lookup.outputs)
    word_map = pl.DataFrame(  # noqa: F841 - read by DuckDB's replacement scan below
        {"word": words, **{name: [r[i] for r in results] for i, name in enumerate(outputs)}},
        schema={"word": S, **lookup.outputs},
    )
    python_values = [v for (v,) in con.execute("SELECT v FROM nd WHERE NOT by_word").fetchall()]
    mapped = _python_map(lookup, python_values)  # noqa: F841 - read by DuckDB's replacement scan below
    joined = ", ".join(f"string_agg(m.{name}, ' ' ORDER BY nw.i) AS {name}" for name in outputs)
    con.execute(f"""
      CREATE OR REPLACE TABLE map_{lookup.name} AS
      SELECT * FROM mapped
      UNION ALL BY NAME
      SELECT nw.v AS raw, false AS blank, {joined} FROM nw JOIN word_map m USING (word) GROUP BY nw.v""")
    con.execute("DROP TABLE nd")
    con.execute("DROP TABLE nw")


def lookup_sql(lookup: Lookup, source: str) -> tuple[list[str], list[str]]:
    """(joins, select expressions) that normalise column `source` of `raw` with `lookup`'s tables.

    The expressions are `blank` and the lookup's outputs, unaliased by field (the caller names them).
    """
    m = f"m_{source}"
    joins = [f"LEFT JOIN map_{lookup.name} {m} ON {m}.raw = raw.{source}"]
    if lookup.shape is None or lookup.words is not None:
        return joins, [f"coalesce({m}.blank, true)", *(f"{m}.{out}" for out in lookup.outputs)]
    r = f"r_{source}"
    joins.append(f"LEFT JOIN rep_{lookup.name} {r} ON {r}.k = key_{lookup.name}(raw.{source})")
    first, *rest = lookup.outputs
    shortcut = f"CASE WHEN {r}.same THEN pre_{lookup.name}(raw.{source}) END"
    # A value is in exactly one of the two tables (see build_lookup), so coalesce picks that one.
    return joins, [
        f"coalesce({m}.blank, {r}.blank, true)",
        f"coalesce({m}.{first}, {shortcut})",
        *(f"coalesce({m}.{out}, {r}.{out})" for out in rest),
    ]


def lookup_table_sql(lookup: Lookup) -> str:
    """One row per distinct value of `lookup`'s columns with `blank` and its outputs (for inspection)."""
    parts = []
    for source in lookup.sources:
        joins, exprs = lookup_sql(lookup, source)
        names = ["blank", *lookup.outputs]
        cols = ", ".join(f"{e} AS {n}" for e, n in zip(exprs, names, strict=True))
        parts.append(f"SELECT DISTINCT raw.{source} AS raw, {cols} FROM raw {' '.join(joins)}")
    return " UNION ".join(parts)


def _join_sql() -> str:
    """The named SQL step that builds `clean` from `raw` and the lookup tables."""
    selects = ["raw.row AS row"]
    joins = []
    for lookup in LOOKUPS:
        for source in lookup.sources:
            more_joins, (blank, *outputs) = lookup_sql(lookup, source)
            joins += more_joins
            key = "so_dien_thoai" if lookup.name == "phone" else source
            selects += [f"raw.{source} AS {key}_raw", f"{blank} AS {key}_blank"]
            if lookup.name == "dates":
                selects.append(f"{outputs[0]} AS {source}")
            else:
                selects += [f"{e} AS {out}" for e, out in zip(outputs, lookup.outputs, strict=True)]
    return f"CREATE OR REPLACE TABLE clean AS SELECT {', '.join(selects)} FROM raw {' '.join(joins)}"


def normalise(con: duckdb.DuckDBPyConnection, progress: Callable[[str], None] | None = None) -> None:
    """Build every lookup's tables, then `clean` (one row per input row). Needs table or view `raw`."""
    for lookup in LOOKUPS:
        if progress:
            progress(f"normalising {lookup.name}")
        build_lookup(con, lookup)
    if progress:
        progress("joining the normalised values")
    con.execute(_join_sql())
