"""The PostgreSQL write of `bulk.upsert_members`: COPY into a temporary table, then set-based statements.

`bulk_create` sends each batch as one multi-row INSERT that the server parses and plans afresh, and
`bulk_update` writes a CASE per column per row; COPY streams the rows in PostgreSQL's own format and
three statements (insert the new, update the known, one event for each) do the rest inside the
caller's transaction. The temporary table lives until the transaction ends (ON COMMIT DROP).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

import polars as pl
from django.db import connection
from django.db.models import Field

from sotay import vn
from sotay.members.models import EventKind, Member, MemberEvent
from sotay.pipeline import schema

if TYPE_CHECKING:
    from sotay.accounts.models import User

STAGING = "sotay_member_load"
UPDATABLE = schema.REGISTRY_FROM_LEGACY


def columns() -> list[str]:
    """The member table's columns the load writes: each updatable field, then the folded name."""
    return [str(cast("Field[Any, Any]", Member._meta.get_field(name)).column) for name in UPDATABLE] + [
        "name_key"
    ]


def _row(pk: int | None, fields: dict[str, Any]) -> tuple[Any, ...]:
    values = [fields["org"].pk if name == "org" else fields[name] for name in UPDATABLE]
    return (pk, *values, vn.fold(fields["full_name"]))


def write(
    *,
    creates: list[dict[str, Any]],
    updates: list[tuple[Member, dict[str, Any]]],
    on: datetime.date,
    note: str,
    by: User | None,
    fresh: pl.DataFrame | None = None,
) -> None:
    """Insert `creates` and the rows of `fresh` (a frame of `columns()`), overwrite each
    `(member, fields)` of `updates`, and add an event for every one.

    The rows have been checked (`bulk.upsert_members`): a constraint violation here is a race with
    another writer, and it aborts the caller's transaction like any other. `fresh` goes straight into
    the member and event tables (`_copy_fresh`); the others through a temporary table.
    """
    if fresh is not None and not fresh.is_empty():
        _copy_fresh(fresh, on=on, note=note, by=by)
    if not creates and not updates:
        return
    q = connection.ops.quote_name
    member = q(Member._meta.db_table)
    event = q(MemberEvent._meta.db_table)
    listed_columns = columns()
    listed = ", ".join(q(c) for c in listed_columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {STAGING} ON COMMIT DROP AS "
            f"SELECT id, {listed} FROM {member} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {STAGING}")
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(f"COPY {STAGING} (id, {listed}) FROM STDIN") as stream:
            for fields in creates:
                stream.write_row(_row(None, fields))
            for existing, fields in updates:
                stream.write_row(_row(existing.pk, fields))
        cursor.execute(
            f"INSERT INTO {member} ({listed}, profile_number, created_at, updated_at) "
            f"SELECT {listed}, '', now(), now() FROM {STAGING} WHERE id IS NULL"
        )
        assignments = ", ".join(f"{q(c)} = s.{q(c)}" for c in listed_columns)
        cursor.execute(
            f"UPDATE {member} AS m SET {assignments}, updated_at = now() "
            f"FROM {STAGING} AS s WHERE s.id IS NOT NULL AND m.id = s.id"
        )
        # One event per member, found again by code (unique): new ones record their status and branch.
        cursor.execute(
            f"INSERT INTO {event} (member_id, kind, {q('on')}, decision_ref, from_status, to_status, "
            "from_org_id, to_org_id, note, created_at, created_by_id) "
            "SELECT m.id, CASE WHEN s.id IS NULL THEN %s ELSE %s END, %s, '', '', "
            "CASE WHEN s.id IS NULL THEN m.status ELSE '' END, NULL, "
            "CASE WHEN s.id IS NULL THEN m.org_id END, %s, now(), %s "
            f"FROM {STAGING} AS s JOIN {member} AS m ON m.code = s.code",
            [EventKind.CREATED.value, EventKind.EDITED.value, on, note, by.pk if by else None],
        )


def _copy_fresh(fresh: pl.DataFrame, *, on: datetime.date, note: str, by: User | None) -> None:
    """New members, and their "created" events, by COPY straight from the frame into their tables: keys
    taken from the sequence first, so that no statement has to find the rows again. CSV written by
    Polars in one piece (a null is an unquoted empty field, NULL; an empty string is "", '')."""
    q = connection.ops.quote_name
    listed_columns = columns()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')), now() FROM generate_series(1, %s)",
            [Member._meta.db_table, fresh.height],
        )
        keys = cursor.fetchall()
        now = keys[0][1].isoformat()
        rows = fresh.select(listed_columns).with_columns(
            pl.Series("id", [k for k, _ in keys], dtype=pl.Int64),
            pl.lit("").alias("profile_number"),
            pl.lit(now).alias("created_at"),
            pl.lit(now).alias("updated_at"),
        )
        raw = cursor.cursor
        with raw.copy(
            f"COPY {q(Member._meta.db_table)} ({', '.join(q(c) for c in rows.columns)}) "
            "FROM STDIN (FORMAT csv)"
        ) as stream:
            stream.write(rows.write_csv(include_header=False))
        events = rows.select(
            pl.col("id").alias("member_id"),
            pl.lit(EventKind.CREATED.value).alias("kind"),
            pl.lit(on).alias("on"),
            pl.lit("").alias("decision_ref"),
            pl.lit("").alias("from_status"),
            pl.col("status").alias("to_status"),
            pl.col("org_id").alias("to_org_id"),
            pl.lit(note).alias("note"),
            pl.lit(now).alias("created_at"),
            pl.lit(by.pk if by else None, dtype=pl.Int64).alias("created_by_id"),
        )
        with raw.copy(
            f"COPY {q(MemberEvent._meta.db_table)} ({', '.join(q(c) for c in events.columns)}) "
            "FROM STDIN (FORMAT csv)"
        ) as stream:
            stream.write(events.write_csv(include_header=False))


@contextmanager
def indexes_built_after(tables: list[str], *, unique: Collection[str] = ()) -> Iterator[list[str]]:
    """Drop the non-unique indexes and the foreign keys of `tables` (the trigram index of the name
    search among them) and create them again when the block ends, all inside the caller's transaction.

    For a load into an empty table: building an index once over every row costs a fraction of keeping
    it up to date row by row, and adding a foreign key checks every row in one join, where a key
    present during the load queues one check per row (Django's keys are deferred: 6.3 s of per-row
    checks at the end of a 56,753-member load). Every row is still checked before the commit. Unique
    indexes and primary keys stay (the load relies on them). If the block raises, nothing is created
    again: the caller's rollback restores what was dropped, since PostgreSQL's DDL is transactional.
    `unique`: tables of `tables` whose unique constraints are also dropped and added again (each
    addition checks every row at once): for a load that has proven its rows unique itself, alone on
    the table (dropping an index locks the table until the commit). Primary keys always stay.
    Yields the names of the dropped indexes and constraints.
    """
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT x.indisunique AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) ORDER BY i.relname",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT c.conname, t.relname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "JOIN pg_class t ON t.oid = c.conrelid WHERE t.relnamespace = current_schema()::regnamespace "
            "AND ((c.contype = 'f' AND t.relname = ANY(%s)) OR (c.contype = 'u' AND t.relname = ANY(%s))) "
            "ORDER BY c.contype DESC, t.relname, c.conname",
            [tables, [t for t in tables if t in unique]],
        )
        keys = cursor.fetchall()
        # Checks already queued for these keys (rows written before the block) run now, while the
        # keys exist; then defer again, as Django's connection does.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, table, _ in keys:
            cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
    yield [name for name, _ in indexes] + [name for name, _, _ in keys]
    with connection.cursor() as cursor:
        # PostgreSQL alters no table with checks pending (the counts' and the audit's keys): run them
        # now, then defer again for the rest of the transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
        for name, table, definition in keys:  # unique constraints first, then foreign keys
            cursor.execute(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")


@contextmanager
def gin_batched(tables: list[str]) -> Iterator[list[str]]:
    """Let the GIN indexes of `tables` (the name search's trigram and word indexes) take the block's
    rows in large batches, then merge what is left in one pass before the block ends, inside the
    caller's transaction. For a load into a table that stays indexed.

    A GIN index first appends new entries to its pending list and merges the list into the index when
    it outgrows `gin_pending_list_limit` (4 MB), sorting what fits in `work_mem` (4 MB): every few
    thousand names. With both at 64 MB the merges are fewer and each sorts more; the final
    `gin_clean_pending_list` leaves no pending list for the searches to scan. Yields the indexes'
    names."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.relname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am a ON a.oid = i.relam "
            "WHERE t.relname = ANY(%s) AND t.relnamespace = current_schema()::regnamespace "
            "AND a.amname = 'gin' ORDER BY i.relname",
            [tables],
        )
        names = [name for (name,) in cursor.fetchall()]
        cursor.execute("SET LOCAL gin_pending_list_limit = '64MB'")
        cursor.execute("SET LOCAL work_mem = '64MB'")
    yield names
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")  # the final merge's sort
        for name in names:
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
        for setting in ("gin_pending_list_limit", "work_mem", "maintenance_work_mem"):
            cursor.execute(f"SET LOCAL {setting} TO DEFAULT")


def analyze(tables: dict[str, list[str]]) -> None:
    """Refresh the planner's statistics of each table (of the listed columns only, when any: ANALYZE
    of the whole member table spends most of its time on the name search's expression index) after a
    large write, inside the transaction (ANALYZE counts the rows this transaction inserted): with the
    figures of an empty table, the final recount's join of count rows to organisations ran as a nested
    loop for 15 s."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            listed = f" ({', '.join(q(c) for c in columns)})" if columns else ""
            cursor.execute(f"ANALYZE {q(table)}{listed}")
