"""Probable duplicates of the same person (the ``duplicate_person`` rule), with Splink on DuckDB.

Steps, each a table in the caller's connection while it runs (dropped at the end):

1. ``prepare_sqls``: derived columns (given name, diacritics flag, date string) and bounded blocking keys.
2. ``certain_pairs_sql``: same 12-digit CCCD + same date of birth + compatible name is one person (score 1).
3. Splink scores the pairs found by the blocking rules with the model in ``duplicates_model.py``; u is
   re-estimated by deterministic random sampling when the file is big enough to sample from.
4. Union of both, the higher score kept, filtered by ``threshold``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import duckdb
import polars as pl
from splink import DuckDBAPI, Linker, SettingsCreator

from sotay.pipeline.internals.duplicates_model import settings_dict
from sotay.pipeline.internals.duplicates_sql import certain_pairs_sql, prepare_sqls

DEFAULT_THRESHOLD = 0.9

# Below this many rows the sample of random pairs is too small to estimate u (a unit's file of 30 rows has
# 435 pairs); the priors in duplicates_model.py, set for a national file, are used instead.
MIN_ROWS_TO_ESTIMATE_U = 5_000

# Random pairs used to estimate u: about 2,000 sampled rows. Cost: a few seconds; the sample is a hash of
# (row, seed), so the same seed gives the same u.
U_SAMPLE_PAIRS = 2e6

logger = logging.getLogger(__name__)

OUTPUT_SCHEMA = {"row_a": pl.Int64, "row_b": pl.Int64, "score": pl.Float64}

_PREPARED = "__sotay_dup_prepared"
_CERTAIN = "__sotay_dup_certain"
_SCORED = "__sotay_dup_scored"


def find_duplicates(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> pl.DataFrame:
    """Find pairs of rows that are probably the same person.

    Args:
        con: connection holding ``table``; the work runs there, in temporary tables dropped at the end.
        table: normalised members (``row, member_code, ho_ten, name_key, ngay_sinh, gioi_tinh, cccd, so_the,
            so_dien_thoai, ma_to_chuc``).
        threshold: the lowest match probability reported.
        seed: seeds the random sample that estimates u; the same seed gives the same output.
        progress: receives a line when scoring starts (large files).

    Returns:
        ``row_a, row_b, score`` with ``row_a < row_b``, sorted; empty when nothing is found.

    Example:
        >>> con = duckdb.connect()
        >>> _ = con.sql("CREATE TABLE m AS SELECT 1::BIGINT AS row, 'A1' AS member_code, "
        ...     "'Nguyễn Văn Hùng' AS ho_ten, 'nguyen van hung' AS name_key, DATE '1975-03-12' AS ngay_sinh, "
        ...     "'Nam' AS gioi_tinh, '001075012345' AS cccd, NULL AS so_the, NULL AS so_dien_thoai, "
        ...     "'CB1' AS ma_to_chuc")
        >>> find_duplicates(con, "m").height
        0
    """
    n_rows = con.sql(f"SELECT count(*) FROM {table}").fetchall()[0]
    if n_rows is None or n_rows[0] < 2:
        return pl.DataFrame(schema=OUTPUT_SCHEMA)
    try:
        started = time.perf_counter()
        for sql in prepare_sqls(table, _PREPARED):
            con.sql(sql)
        con.sql(f"CREATE OR REPLACE TEMP TABLE {_CERTAIN} AS {certain_pairs_sql(_PREPARED)}")
        logger.info("duplicates: keys and certain pairs in %.1f s", time.perf_counter() - started)
        if progress:
            progress("scoring candidate pairs (Splink)")
        _score_with_splink(con, n_rows[0], threshold=threshold, seed=seed)
        result = con.sql(
            f"""
            SELECT row_a, row_b, max(score) AS score
            FROM (SELECT * FROM {_CERTAIN} UNION ALL SELECT * FROM {_SCORED})
            WHERE score >= {float(threshold)!r}
            GROUP BY row_a, row_b
            ORDER BY row_a, row_b
            """
        ).pl()
    finally:
        for name in (f"{_PREPARED}_raw", _PREPARED, _CERTAIN, _SCORED):
            con.sql(f"DROP TABLE IF EXISTS {name}")
    return result.cast(OUTPUT_SCHEMA)


def _score_with_splink(con: duckdb.DuckDBPyConnection, n_rows: int, *, threshold: float, seed: int) -> None:
    """Run Splink's predict over the blocked pairs into ``_SCORED`` (row_a, row_b, score)."""
    db_api = DuckDBAPI(con)
    try:
        records = db_api.register(_PREPARED, dataset_display_name=_PREPARED)
        large = n_rows >= MIN_ROWS_TO_ESTIMATE_U
        settings = SettingsCreator(**settings_dict(term_frequencies=large, n_rows=n_rows))
        # The settings are ours and fixed (tests cover them); Splink's validation of user settings costs
        # ~0.2 s per call, which dominates checking a small unit's file.
        linker = Linker(records, settings, log_level=logging.WARNING, validate_settings=False)
        started = time.perf_counter()
        if large:
            linker.training.estimate_u_using_random_sampling(max_pairs=U_SAMPLE_PAIRS, seed=seed)
            logger.info("duplicates: u estimated in %.1f s", time.perf_counter() - started)
        started = time.perf_counter()
        predictions = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        logger.info("duplicates: Splink predict in %.1f s", time.perf_counter() - started)
        con.sql(
            f"""
            CREATE OR REPLACE TEMP TABLE {_SCORED} AS
            SELECT least(row_l, row_r) AS row_a, greatest(row_l, row_r) AS row_b,
                match_probability::DOUBLE AS score
            FROM {predictions.physical_name}
            """
        )
    finally:
        db_api.delete_tables_created_by_splink_from_db()
