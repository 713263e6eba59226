"""The Splink model for duplicate people: blocking rules, comparisons and their m/u priors.

Every level is data: ``(label, sql, m, u, fix_u)``. ``m`` is always fixed (domain reasoning, below); ``u`` is
the prior used for small inputs and, when ``fix_u`` is false, re-estimated by random sampling on large ones.
``fix_u`` is true for agreements that random pairs practically never show (identifiers, accent conflicts):
a sample of a few million pairs would see none of them, and a national-scale u of ~1e-7 is what the
arithmetic of 12 random digits gives anyway.

Why fixed m rather than EM: EM on blocked pairs needs thousands of duplicates to converge, the checker mostly
sees files of one unit (tens to thousands of rows), and EM's answer moves with the seed and the blocking rule.
The m values below are the share of true duplicates showing each level, read from how records are typed
twice (see ``legacy-format.md`` §3: another branch, no diacritics, one typo, a missing CCCD).

Match weights, in bits (log2 m/u), with the priors: full folded name +9.7 (on large inputs weighed by the
name's frequency instead: a very common name +6, a rare one +15), exact date of birth +13.6, gender +1,
CCCD exact +22.5, phone exact +9 (families share phones); a different name -7.6, different date -6.6, two
valid CCCDs far apart -7.6. The prior (up to a city-sized file) puts a pair at 50% at 20 bits: name + exact
date of birth + gender is a pair unless the name is very common, name + year alone is not, and a CCCD
shared by two people with different names, dates and genders (+22.5 - 15.2 - 4) is not.
"""

from __future__ import annotations

from typing import Any

from splink import block_on
from splink.comparison_level_library import CustomLevel, ElseLevel, NullLevel
from splink.comparison_library import CustomComparison

from sotay.pipeline.internals.duplicates_sql import BLOCKING_KEY_PARTS

# Prior that two rows are one person before any field is read: 2^-20 up to ~370 k rows (a city), then
# falling as 1/N, because the chance that a row has its duplicate somewhere in the file is about constant
# while the pairs grow as N^2; with a fixed prior, namesakes born the same day flood a national file.
PROBABILITY_TWO_RANDOM_RECORDS_MATCH = 2.0**-20
DUPLICATE_ROWS_SHARE = 0.35


def prior_for(n_rows: int) -> float:
    """The prior match probability for a file of ``n_rows``.

    Example:
        >>> prior_for(30) == PROBABILITY_TWO_RANDOM_RECORDS_MATCH
        True
    """
    return min(PROBABILITY_TWO_RANDOM_RECORDS_MATCH, DUPLICATE_ROWS_SHARE / max(n_rows, 1))


# (label, SQL on the _l/_r columns, m, u prior, fix_u)
Level = tuple[str, str, float, float, bool]


def _hamming(col: str, max_differences: int) -> str:
    """Digits differing in place. Not Damerau-Levenshtein: DuckDB's takes ~7 µs a pair, 140 times hamming's,
    and the typos it would add (a digit dropped or inserted) leave an invalid CCCD, which is NULL here."""
    return f"length({col}_l) = length({col}_r) AND hamming({col}_l, {col}_r) <= {max_differences}"


_SAME_ENDS = (
    "given_key_l = given_key_r AND family_key_l = family_key_r"
    " AND (given_lc_l = given_lc_r OR NOT has_dia_l OR NOT has_dia_r)"
)

NAME_LEVELS: list[Level] = [
    (
        "same folded name, given names agree (a side may lack diacritics)",
        "name_key_l = name_key_r AND (given_lc_l = given_lc_r OR NOT has_dia_l OR NOT has_dia_r)",
        0.85,
        1e-3,
        False,
    ),
    # Hùng vs Hưng: the same fold but different letters. Neutral (m = u): a different person as often as a
    # typo, so only the other fields can make it a pair.
    ("same folded name, given names differ in diacritics", "name_key_l = name_key_r", 0.01, 0.01, True),
    (
        "same family and given name, one typo in the middle name",
        f"{_SAME_ENDS} AND jaro_winkler_similarity(name_key_l, name_key_r) >= 0.94",
        0.07,
        1e-3,
        False,
    ),
    ("same family and given name, middle name differs or is missing", _SAME_ENDS, 0.05, 3e-3, False),
    # Often a one-letter typo in the given name, but as often a relative: 'hung' vs 'hong'.
    ("folded names similar", "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.92", 0.03, 1e-3, False),
    ("same given name only", "given_key_l = given_key_r", 0.01, 0.02, False),
    ("different names", "ELSE", 0.005, 0.97, False),
]

DOB_LEVELS: list[Level] = [
    ("same date of birth", "ngay_sinh_l = ngay_sinh_r", 0.88, 7e-5, False),
    (
        "day and month swapped",
        "birth_year_l = birth_year_r AND day(ngay_sinh_l) = month(ngay_sinh_r)"
        " AND month(ngay_sinh_l) = day(ngay_sinh_r)",
        0.03,
        5e-5,
        True,
    ),
    ("one character typo", _hamming("dob_str", 1), 0.05, 1e-3, False),
    ("same year", "birth_year_l = birth_year_r", 0.02, 0.02, False),
    ("different dates", "ELSE", 0.01, 0.96, False),
]

GENDER_LEVELS: list[Level] = [
    ("same gender", "gioi_tinh_l = gioi_tinh_r", 0.97, 0.5, False),
    ("different gender", "ELSE", 0.03, 0.5, False),
]

CCCD_LEVELS: list[Level] = [
    ("same CCCD", "cccd_l = cccd_r", 0.6, 1e-7, True),
    ("CCCD one digit apart", _hamming("cccd", 1), 0.1, 1e-5, True),
    # Two digits apart includes two neighbouring digits swapped.
    ("CCCD two digits apart", _hamming("cccd", 2), 0.05, 1e-4, True),
    # Two valid CCCDs far apart: one of them would have to be someone else's. Rare in a true duplicate.
    ("different CCCD", "ELSE", 0.005, 1.0, False),
]

CARD_LEVELS: list[Level] = [
    ("same card", "so_the_l = so_the_r", 0.5, 1e-7, True),
    ("card one digit apart", _hamming("so_the", 1), 0.05, 1e-5, True),
    ("different card", "ELSE", 0.02, 1.0, False),
]

# Phones are shared inside a family, so an equal phone weighs far less than an equal CCCD.
PHONE_LEVELS: list[Level] = [
    ("same phone", "so_dien_thoai_l = so_dien_thoai_r", 0.5, 1e-3, True),
    ("different phone", "ELSE", 0.3, 1.0, False),
]

COMPARISONS: dict[str, tuple[str, list[Level]]] = {
    "name": ("name_key", NAME_LEVELS),
    "dob": ("ngay_sinh", DOB_LEVELS),
    "gender": ("gioi_tinh", GENDER_LEVELS),
    "cccd": ("cccd", CCCD_LEVELS),
    "card": ("so_the", CARD_LEVELS),
    "phone": ("so_dien_thoai", PHONE_LEVELS),
}

# Bounded keys built in duplicates_sql.py; each rule is one hash join. Pairs found by an earlier rule are
# not re-scored by a later one (Splink adds "AND NOT earlier rule").
BLOCKING_KEYS = list(BLOCKING_KEY_PARTS)


def _comparison(name: str, null_col: str, levels: list[Level], *, term_frequencies: bool) -> CustomComparison:
    null: Any = NullLevel(null_col)
    if name == "cccd":
        # Different lengths (an old 9-digit CMND against a CCCD) are two numbering systems: no evidence
        # either way, like a missing value.
        sql = f"{null_col}_l IS NULL OR {null_col}_r IS NULL OR length({null_col}_l) <> length({null_col}_r)"
        null = CustomLevel(sql).configure(is_null_level=True)
    built: list[Any] = [null]
    for i, (label, sql, m, u, fix_u) in enumerate(levels):
        level = ElseLevel() if sql == "ELSE" else CustomLevel(sql)
        level.configure(
            m_probability=m,
            u_probability=u,
            fix_m_probability=True,
            fix_u_probability=fix_u,
            label_for_charts=label,
        )
        if term_frequencies and name == "name" and i == 0:
            # 'Nguyễn Thị Hương' is about one woman in sixty: a rare name is worth far more than a common one.
            # Only for large inputs: the frequencies of a 30-row file would make every name look common.
            level.configure(tf_adjustment_column="name_key", tf_adjustment_weight=1.0)
        built.append(level)
    return CustomComparison(built, output_column_name=name)


def settings_dict(*, term_frequencies: bool = False, n_rows: int = 0) -> dict[str, Any]:
    """Return the Splink settings (as keyword arguments of ``SettingsCreator``).

    Args:
        term_frequencies: weigh an exact name by its frequency in the input (for large inputs).
        n_rows: rows in the input, which sets the prior (``prior_for``).

    Example:
        >>> sorted(settings_dict())[:2]
        ['additional_columns_to_retain', 'blocking_rules_to_generate_predictions']
    """
    return {
        "additional_columns_to_retain": [],
        "blocking_rules_to_generate_predictions": [block_on(key) for key in BLOCKING_KEYS],
        "comparisons": [
            _comparison(n, col, levels, term_frequencies=term_frequencies)
            for n, (col, levels) in COMPARISONS.items()
        ],
        "link_type": "dedupe_only",
        "probability_two_random_records_match": prior_for(n_rows),
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
        "unique_id_column_name": "row",
    }
