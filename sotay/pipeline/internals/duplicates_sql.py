"""SQL steps of the duplicate search: derived columns, bounded blocking keys, the deterministic pre-rule.

Each function returns SQL statements; ``duplicates.py`` runs them in order, so every intermediate table can
be inspected by running the statements by hand.
"""

from __future__ import annotations

# Largest block a key may form before it is dropped (set to NULL) for those rows. A block of n rows costs
# n(n-1)/2 comparisons: 'nguyen thi huong' + a year of birth is hundreds of rows nationally. Such blocks are
# dropped on purpose: a very common name with a typo in the date of birth and no matching identifier could
# not reach the threshold anyway (its name weight is small), so scoring them only costs time.
MAX_ID_BLOCK = 20
MAX_NAME_BLOCK = 12
# Name + two of the three parts of the date of birth: a pair found only this way has a name and at most a
# one-digit date typo in common, which reaches the threshold only with a shared identifier, and identifiers
# have their own keys. Seven or more namesakes in a block mean a common name (small name weight); in a
# national file these blocks were 5.4 M of the 15 M pairs scored.
MAX_NAME_TYPO_BLOCK = 6

# Blocking keys: name -> (the values whose equality defines a block, largest block). Keys are stored as
# 64-bit hashes: 8 bytes a row instead of ~25 for the concatenated text, and faster joins. A collision
# (one in ~10^6 for 5.6 M rows) only adds a pair for the model to score.
BLOCKING_KEY_PARTS: dict[str, tuple[str, int]] = {
    "k_cccd": ("cccd", MAX_ID_BLOCK),
    # A one-digit typo in a CCCD leaves one of these parts whole: digits 1-9, digits 1-6 + 10-12, or
    # digits 7-12 (random, so taken with the year of birth to keep blocks at about one row). Digits 1-6
    # are province, gender and year, shared by hundreds of people in a national file, so the first two
    # parts are taken with the given name: otherwise they pair millions of strangers.
    "k_cccd_a": ("CASE WHEN length(cccd) = 12 THEN cccd[1:9] END, given_key", MAX_ID_BLOCK),
    "k_cccd_b": ("CASE WHEN length(cccd) = 12 THEN cccd[1:6] || cccd[10:12] END, given_key", MAX_ID_BLOCK),
    "k_cccd_c": ("CASE WHEN length(cccd) = 12 THEN cccd[7:12] END, birth_year", MAX_ID_BLOCK),
    "k_card": ("so_the", MAX_ID_BLOCK),
    "k_phone": ("so_dien_thoai", MAX_ID_BLOCK),
    "k_name_dob": ("name_key, ngay_sinh", MAX_NAME_BLOCK),
    # One typo in the day, the month or the year leaves the other two: one key per field.
    "k_name_ym": ("name_key, birth_year, month(ngay_sinh)", MAX_NAME_TYPO_BLOCK),
    "k_name_yd": ("name_key, birth_year, day(ngay_sinh)", MAX_NAME_TYPO_BLOCK),
    "k_name_md": ("name_key, month(ngay_sinh), day(ngay_sinh)", MAX_NAME_TYPO_BLOCK),
    # Day and month swapped (05/03 typed as 03/05).
    "k_name_swap": (
        "name_key, birth_year, least(day(ngay_sinh), month(ngay_sinh)),"
        " greatest(day(ngay_sinh), month(ngay_sinh))",
        MAX_NAME_BLOCK,
    ),
    # Same date of birth, family and given name: a typo in, or no, middle name.
    "k_dob_ends": ("ngay_sinh, family_key, given_key", MAX_NAME_BLOCK),
}


def _key(parts: str) -> str:
    """The hash of ``parts``, NULL when any part is NULL (a missing value never forms a block)."""
    null_checks = " OR ".join(f"({p}) IS NULL" for p in _split_parts(parts))
    return f"CASE WHEN {null_checks} THEN NULL ELSE hash({parts}) END"


def _split_parts(parts: str) -> list[str]:
    """Split a key's comma-separated parts, ignoring commas inside parentheses."""
    out, depth, current = [], 0, ""
    for char in parts:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += char
    return [*out, current.strip()]


def prepare_sqls(source: str, target: str) -> list[str]:
    """Statements building ``target``: the compared columns and the bounded blocking keys, one row per row.

    Cost: one scan of ``source``, then one hash aggregate per key to find the oversized blocks (GROUP BY,
    much cheaper than a window partition over 5.6 M rows) and one pass nulling them. Peak memory is the
    target table itself: about 200 bytes a row.

    Example:
        >>> len(prepare_sqls("members", "prep"))
        3
    """
    raw = f"{target}_raw"
    keys = ",\n        ".join(f"{_key(parts)} AS {name}" for name, (parts, _) in BLOCKING_KEY_PARTS.items())
    bounded = ",\n    ".join(
        f"CASE WHEN {name} IN (SELECT {name} FROM {raw} GROUP BY {name} HAVING count(*) > {limit})"
        f" THEN NULL ELSE {name} END AS {name}"
        for name, (_, limit) in BLOCKING_KEY_PARTS.items()
    )
    columns = "row, name_key, given_key, family_key, given_lc, has_dia, ngay_sinh, birth_year, dob_str, " + (
        "gioi_tinh, cccd, so_the, so_dien_thoai"
    )
    return [
        f"""
CREATE OR REPLACE TEMP TABLE {raw} AS
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
        regexp_extract(name_lc, '(\\S+)$', 1) AS given_lc,
        -- strip_accents keeps đ, so fold it first; a name typed without any diacritics cannot
        -- contradict one typed with them.
        coalesce(strip_accents(replace(name_lc, 'đ', 'd')) <> name_lc, FALSE) AS has_dia,
        year(ngay_sinh) AS birth_year,
        strftime(ngay_sinh, '%Y%m%d') AS dob_str
    FROM base
)
SELECT
    {columns},
        {keys}
FROM parts
""",
        f"CREATE OR REPLACE TEMP TABLE {target} AS SELECT {columns},\n    {bounded}\nFROM {raw}",
        f"DROP TABLE {raw}",
    ]


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
    ON l.k_cccd = r.k_cccd AND l.cccd = r.cccd AND l.ngay_sinh = r.ngay_sinh AND l.row < r.row
WHERE length(l.cccd) = 12 AND regexp_full_match(l.cccd, '[0-9]{{12}}')
    AND (l.given_key = r.given_key OR damerau_levenshtein(l.name_key, r.name_key) <= 2)
"""
