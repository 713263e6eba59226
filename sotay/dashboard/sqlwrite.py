"""Updating many day rows (BranchDay, NodeDay) in place: one `UPDATE … FROM` a `VALUES` list per few
thousand rows, of the changed columns only, where an incremental refresh used to delete and re-insert
whole rows. One statement serves PostgreSQL and SQLite (≥ 3.35: `UPDATE … FROM`, `RETURNING`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import connection

from sotay.dashboard.models import BranchDay, NodeDay

MAX_PARAMS = 30_000  # under SQLite's 32,766 bound variables per statement
MAX_ROWS = 5_000


def update(
    model: type[BranchDay] | type[NodeDay],
    day: datetime.date,
    values: Mapping[int, Mapping[str, int]],
    columns: list[str],
    now: datetime.datetime,
    *,
    add: bool = False,
) -> set[int]:
    """Set (or, with `add`, add to) `columns` of `day`'s rows of `model` from `values` (org id →
    column → value; a missing column is 0 when adding) and stamp them `now`. Returns the org ids
    that had a row (the caller inserts the others)."""
    if not values or not columns:
        return set()
    table = model._meta.db_table
    names = ", ".join(f"v_{name}" for name in columns)
    sets = ", ".join(f"{name} = {name} + v.v_{name}" if add else f"{name} = v.v_{name}" for name in columns)
    placeholder = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    size = max(1, min(MAX_ROWS, MAX_PARAMS // (len(columns) + 1)))
    ids = sorted(values)
    found: set[int] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), size):
            chunk = ids[start : start + size]
            params: list[int] = []
            for pk in chunk:
                params.append(pk)
                params.extend(values[pk].get(name, 0) for name in columns)
            cursor.execute(
                f"WITH v (v_org_id, {names}) AS (VALUES {', '.join([placeholder] * len(chunk))}) "
                f"UPDATE {table} SET {sets}, refreshed_at = %s FROM v "
                f"WHERE {table}.day = %s AND {table}.org_id = v.v_org_id RETURNING {table}.org_id",
                [*params, now, day],
            )
            found.update(pk for (pk,) in cursor.fetchall())
    return found
