"""SQL steps of the duplicate search: derived columns, bounded blocking keys, the deterministic pre-rule.

Each function returns one SQL statement; ``duplicates.py`` runs them in order, so every intermediate table
can be inspected by running the statement by hand.
"""

from __future__ import annotations

# Largest block a key may form before it is dropped (set to NULL) for that row. A block of n rows costs
# n(n-1)/2 comparisons: 'nguyen van hung' + 1975 in a national file is thousands of rows, millions of pairs,
# and carries no evidence beyond "common name". Such rows are still blocked by the finer keys.
MAX_ID_BLOCK = 20
MAX_NAME_YEAR_BLOCK = 100
MAX_FINE_BLOCK = 200


def _bounded(key: str, limit: int) -> str:
    """Keep ``key`` only where at most ``limit`` rows share it (one hash partition over the table)."""
    return f"CASE WHEN count(*) OVER (PARTITION BY {key}) <= {limit} THEN {key} END"


def prepare_sql(source: str, target: str) -> str:
    """Build ``target``: one row per input row with the compared columns and the blocking keys.

    Cost: one scan of ``source`` and one hash partition per bounded key (twelve), all in DuckDB.

    Example:
        >>> "k_cccd" in prepare_sql("members", "prep")
        True
    """
    return f"""
CREATE OR REPLACE TEMP TABLE {target} AS
WITH base AS (
    SELECT
        row::BIGINT AS row,
        nullif(trim(name_key), '') AS name_key,
        lower(nullif(trim(ho_ten), '')) AS name_lc,
        ngay_sinh::DATE AS ngay_sinh,
        nullif(trim(gioi_tinh), '') AS gioi_tinh,
        nullif(trim(cccd), '') AS cccd,
        nullif(trim(so_the), '') AS so_the,
        nullif(trim(so_dien_thoai), '') AS so_dien_thoai
    FROM {source}
), parts AS (
    SELECT
        *,
        regexp_extract(name_key, '(\\S+)$', 1) AS given_key,
        regexp_extract(name_key, '^(\\S+)', 1) AS family_key,
        nullif(regexp_extract(name_key, '^(.*) \\S+$', 1), '') AS rest_key,
        regexp_extract(name_lc, '(\\S+)$', 1) AS given_lc,
        -- strip_accents keeps đ, so fold it first; a name typed without any diacritics cannot
        -- contradict one typed with them.
        coalesce(strip_accents(replace(name_lc, 'đ', 'd')) <> name_lc, FALSE) AS has_dia,
        year(ngay_sinh) AS birth_year,
        strftime(ngay_sinh, '%Y%m%d') AS dob_str
    FROM base
), keyed AS (
    SELECT
        *,
        count(*) OVER (PARTITION BY name_key, birth_year) AS name_year_rows
    FROM parts
)
SELECT
    row, name_key, given_key, family_key, given_lc, has_dia, ngay_sinh, birth_year, dob_str,
    gioi_tinh, cccd, so_the, so_dien_thoai,
    {_bounded("cccd", MAX_ID_BLOCK)} AS k_cccd,
    -- A one-digit typo in a CCCD leaves one of these three parts whole: digits 1-9, 1-6 + 10-12, 7-12.
    {_bounded("CASE WHEN length(cccd) = 12 THEN cccd[1:9] END", MAX_ID_BLOCK)} AS k_cccd_a,
    {_bounded("CASE WHEN length(cccd) = 12 THEN cccd[1:6] || cccd[10:12] END", MAX_ID_BLOCK)} AS k_cccd_b,
    {_bounded("CASE WHEN length(cccd) = 12 THEN cccd[7:12] END", MAX_ID_BLOCK)} AS k_cccd_c,
    {_bounded("so_the", MAX_ID_BLOCK)} AS k_card,
    {_bounded("so_dien_thoai", MAX_ID_BLOCK)} AS k_phone,
    CASE WHEN name_year_rows <= {MAX_NAME_YEAR_BLOCK} THEN name_key || '|' || birth_year END AS k_name_year,
    -- Big name+year blocks split by month and by day: a one-field typo in the date still meets one of them.
    CASE WHEN name_year_rows > {MAX_NAME_YEAR_BLOCK}
        THEN {_bounded("name_key || '|' || strftime(ngay_sinh, '%Y-%m')", MAX_FINE_BLOCK)} END AS k_name_ym,
    CASE WHEN name_year_rows > {MAX_NAME_YEAR_BLOCK}
        THEN {_bounded("name_key || '|' || birth_year || '|' || day(ngay_sinh)", MAX_FINE_BLOCK)} END
        AS k_name_yd,
    -- A typo in the year of birth.
    {_bounded("name_key || '|' || strftime(ngay_sinh, '%m-%d')", MAX_FINE_BLOCK)} AS k_name_md,
    -- Same date of birth and given name: catches typos in the family or middle name.
    {_bounded("dob_str || '|' || given_key", MAX_FINE_BLOCK)} AS k_dob_given,
    -- Same date of birth, family and middle name: catches typos in the given name.
    {_bounded("dob_str || '|' || rest_key", MAX_FINE_BLOCK)} AS k_dob_rest
FROM keyed
"""


def certain_pairs_sql(prepared: str) -> str:
    """Pairs that are certainly one person: same 12-digit CCCD, same date of birth, compatible names.

    "Compatible" means the same folded given name or at most two edits between the folded full names, so a
    typo or missing diacritics do not break it while two different people sharing a CCCD by typo (different
    name and date of birth) never qualify.

    Example:
        >>> "damerau_levenshtein" in certain_pairs_sql("prep")
        True
    """
    return f"""
SELECT l.row AS row_a, r.row AS row_b, 1.0::DOUBLE AS score
FROM {prepared} AS l
JOIN {prepared} AS r
    ON l.k_cccd = r.k_cccd AND l.ngay_sinh = r.ngay_sinh AND l.row < r.row
WHERE length(l.cccd) = 12 AND regexp_full_match(l.cccd, '[0-9]{{12}}')
    AND (l.given_key = r.given_key OR damerau_levenshtein(l.name_key, r.name_key) <= 2)
"""
