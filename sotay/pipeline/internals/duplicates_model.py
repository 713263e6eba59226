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

Match weights, in bits (log2 m/u), give the feel of the model: full folded name +9.7, exact date of birth
+13.6, same gender +1, CCCD exact +22.5, phone exact +12.3. The prior below puts a pair at 50% at 20 bits,
so name + exact date of birth + gender (24 bits) is a pair, name + year (11 bits) is not, and a shared CCCD
(+22.5) is outweighed by a different name, date of birth and gender (-15).
"""

from __future__ import annotations

from typing import Any

from splink import block_on
from splink.comparison_level_library import CustomLevel, ElseLevel, NullLevel
from splink.comparison_library import CustomComparison

# Prior odds 2^-20 that two blocked rows are one person before any field is read. Fixed rather than scaled
# with the file size so that a pair gets the same score in a unit's file and in the national file.
PROBABILITY_TWO_RANDOM_RECORDS_MATCH = 2.0**-20

# (label, SQL on the _l/_r columns, m, u prior, fix_u)
Level = tuple[str, str, float, float, bool]

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
        "same given name, typo or missing part in family/middle name",
        "given_key_l = given_key_r AND (given_lc_l = given_lc_r OR NOT has_dia_l OR NOT has_dia_r)"
        " AND jaro_winkler_similarity(name_key_l, name_key_r) >= 0.88",
        0.08,
        2e-3,
        False,
    ),
    # Often a one-letter typo in the given name, but as often a relative: 'hung' vs 'hong'.
    ("folded names similar", "jaro_winkler_similarity(name_key_l, name_key_r) >= 0.92", 0.03, 1e-3, False),
    ("same given name only", "given_key_l = given_key_r", 0.01, 0.02, False),
    ("different names", "ELSE", 0.02, 0.97, False),
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
    ("one character typo", "damerau_levenshtein(dob_str_l, dob_str_r) <= 1", 0.04, 1e-3, False),
    ("same year", "birth_year_l = birth_year_r", 0.02, 0.02, False),
    ("different dates", "ELSE", 0.03, 0.96, False),
]

GENDER_LEVELS: list[Level] = [
    ("same gender", "gioi_tinh_l = gioi_tinh_r", 0.97, 0.5, False),
    ("different gender", "ELSE", 0.03, 0.5, False),
]

CCCD_LEVELS: list[Level] = [
    ("same CCCD", "cccd_l = cccd_r", 0.6, 1e-7, True),
    ("CCCD one digit apart", "damerau_levenshtein(cccd_l, cccd_r) <= 1", 0.1, 1e-5, True),
    ("CCCD two digits apart", "damerau_levenshtein(cccd_l, cccd_r) <= 2", 0.05, 1e-4, True),
    # A true duplicate with an entirely different CCCD is rare: one of them would be someone else's.
    ("different CCCD", "ELSE", 0.05, 1.0, False),
]

CARD_LEVELS: list[Level] = [
    ("same card", "so_the_l = so_the_r", 0.5, 1e-7, True),
    ("card one digit apart", "damerau_levenshtein(so_the_l, so_the_r) <= 1", 0.05, 1e-5, True),
    ("different card", "ELSE", 0.1, 1.0, False),
]

# Phones are shared inside a family, so an equal phone weighs far less than an equal CCCD.
PHONE_LEVELS: list[Level] = [
    ("same phone", "so_dien_thoai_l = so_dien_thoai_r", 0.5, 1e-4, True),
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
BLOCKING_KEYS = [
    "k_cccd",
    "k_card",
    "k_phone",
    "k_name_year",
    "k_name_ym",
    "k_name_yd",
    "k_dob_given",
    "k_dob_rest",
]


def _comparison(name: str, null_col: str, levels: list[Level]) -> CustomComparison:
    built: list[Any] = [NullLevel(null_col)]
    for label, sql, m, u, fix_u in levels:
        level = ElseLevel() if sql == "ELSE" else CustomLevel(sql)
        level.configure(
            m_probability=m,
            u_probability=u,
            fix_m_probability=True,
            fix_u_probability=fix_u,
            label_for_charts=label,
        )
        built.append(level)
    return CustomComparison(built, output_column_name=name)


def settings_dict() -> dict[str, Any]:
    """Return the Splink settings (as keyword arguments of ``SettingsCreator``).

    Example:
        >>> sorted(settings_dict())[:2]
        ['additional_columns_to_retain', 'blocking_rules_to_generate_predictions']
    """
    return {
        "additional_columns_to_retain": [],
        "blocking_rules_to_generate_predictions": [block_on(key) for key in BLOCKING_KEYS],
        "comparisons": [_comparison(n, col, levels) for n, (col, levels) in COMPARISONS.items()],
        "link_type": "dedupe_only",
        "probability_two_random_records_match": PROBABILITY_TWO_RANDOM_RECORDS_MATCH,
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": False,
        "unique_id_column_name": "row",
    }
