"""The benches' synthetic registry and handbook activity written into SQLite: the same rows as the
PostgreSQL COPY path (`load_copy.frames`, one source of rows), inserted with `executemany` of plain
tuples in one transaction, stored as Django stores them on SQLite (dates and UTC datetimes as text,
booleans as 0/1).

Outside a transaction (the benches) the load runs with `journal_mode=OFF`, `synchronous=OFF` and
foreign keys off, and puts Django's settings back after (WAL, NORMAL, on); inside one (the tests)
those pragmas cannot change and the load runs with the connection's own. The secondary indexes of
the tables written (`CREATE INDEX` in `sqlite_master`; a column's inline UNIQUE stays) and their
triggers (the members' full-text index) are dropped before and put back after from their own SQL,
the full-text index rebuilt in one pass, so the schema ends as the migrations made it. The
derived rows (agenda, documents, entitlements, member counts, member roles, notifications) are one
INSERT … SELECT each, as on PostgreSQL. Synthetic people only.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from typing import Any

import load_copy  # bench/load_copy.py
import polars as pl
from load_copy import NOT_ENTITLED, TABLES, TOPICS, Loaded

ROLE_TABLES = ("accounts_roleassignment", "notifications_notification")
NOTIFY = "INSERT INTO notifications_notification (kind, title, body, url, dedupe, created_at, user_id) "


def _raw() -> Any:
    from django.db import connection

    connection.ensure_connection()
    return connection.connection  # the sqlite3 connection


def stored(value: datetime.datetime) -> str:
    """A datetime as Django's SQLite backend stores it: naive UTC, `str()` (no zero microseconds)."""
    return str(value.astimezone(datetime.UTC).replace(tzinfo=None))


def _as_stored(frame: pl.DataFrame) -> pl.DataFrame:
    columns = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.Datetime):
            if dtype.time_zone:
                column = column.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
            column = column.dt.to_string("%Y-%m-%d %H:%M:%S%.6f").str.strip_suffix(".000000")
        elif dtype == pl.Date:
            column = column.dt.to_string("%Y-%m-%d")
        elif dtype == pl.Boolean:
            column = column.cast(pl.Int8)
        columns.append(column.alias(name))
    return frame.select(columns)


def insert_frame(model: Any, frame: pl.DataFrame, now: datetime.datetime) -> int:
    """Insert a frame into the model's table (`load_copy.complete` fills the columns it lacks)."""
    frame = _as_stored(load_copy.complete(model, frame, now))
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    marks = ", ".join("?" * frame.width)
    _raw().executemany(
        f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES ({marks})', frame.iter_rows()
    )
    return frame.height


def drop_indexes(tables: tuple[str, ...] = TABLES) -> list[str]:
    """Drop the secondary indexes and triggers of `tables` that have their own SQL; return the SQL
    that puts them back, each full-text index fed by a trigger rebuilt from its content table first
    (one pass, not one index update per row inserted)."""
    marks = ", ".join("?" * len(tables))
    found = _raw().execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
        f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY type, name",
        tables,
    )
    dropped = found.fetchall()
    fts = _raw().execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%' "
        f"AND ({' OR '.join('sql LIKE ?' for _ in tables)}) ORDER BY name",
        [f"%content='{t}'%" for t in tables],
    )
    rebuilds = [f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')' for (name,) in fts.fetchall()]
    for kind, name, _ in dropped:
        _raw().execute(f'DROP {kind.upper()} "{name}"')
    return rebuilds + [sql for _, _, sql in dropped]


def schema_signature(tables: tuple[str, ...] = TABLES) -> list[tuple[str, str]]:
    """Every index and table definition of `tables` (the test compares it before and after)."""
    marks = ", ".join("?" * len(tables))
    found = _raw().execute(
        f"SELECT name, coalesce(sql, '') FROM sqlite_master WHERE tbl_name IN ({marks}) ORDER BY name",
        tables,
    )
    return [tuple(row) for row in found.fetchall()]


def _sql(statement: str, params: tuple[Any, ...] = ()) -> int:
    return int(_raw().execute(statement, params).rowcount)


def _hash_payload(text: str) -> str:
    from sotay.handbook.sync.payload import payload_hash

    return payload_hash(json.loads(text))


def _derived(now: datetime.datetime, start: datetime.datetime) -> Counter[str]:
    """`load_copy._derived` in SQLite's dialect; the payload hash is the handbook's own (Python)."""
    from sotay.members.models import HANDBOOK_STATUSES

    raw = _raw()
    raw.create_function("md5", 1, lambda s: hashlib.md5(s.encode()).hexdigest(), deterministic=True)
    raw.create_function("payload_hash", 1, _hash_payload, deterministic=True)
    done: Counter[str] = Counter()
    done["agenda items"] = _sql(
        "INSERT INTO meetings_agendaitem (meeting_id, position, title, presenter) "
        "SELECT m.id, t.pos, t.title, 'Bí thư chi bộ' FROM meetings_meeting m CROSS JOIN "
        "(SELECT 1 AS pos, ? AS title UNION ALL SELECT 2, ? UNION ALL SELECT 3, ?) t "
        "WHERE m.starts_at = ? ORDER BY m.id, t.pos",
        (*TOPICS, stored(start)),
    )
    done["meeting documents"] = _sql(
        "INSERT INTO meetings_document (meeting_id, title, original_name, stored_name, content_type, size, "
        "created_at) SELECT id, 'Dự thảo báo cáo tháng', 'du-thao-bao-cao.pdf', md5('synth-doc-' || id), "
        "'application/pdf', 1200, ? FROM meetings_meeting WHERE starts_at = ? ORDER BY id",
        (stored(now), stored(start)),
    )
    statuses = [str(s) for s in HANDBOOK_STATUSES]
    done["entitlements"] = _sql(
        "INSERT INTO handbook_entitlement (member_id, branch_id, branch_path, active, payload, payload_hash, "
        "granted_at, updated_at) SELECT id, org_id, path, 1, payload, payload_hash(payload), ?, ? FROM ("
        "SELECT m.id, m.org_id, o.path, json_object("
        "'member_code', m.code, 'full_name', m.full_name, 'birth_date', m.birth_date, 'gender', m.gender, "
        "'admission_date', m.admission_date, 'official_date', m.official_date, 'card_number', m.card_number, "
        "'branch_code', o.code, 'branch_name', o.name, 'cccd', m.cccd, 'phone', NULLIF(m.phone, '')"
        f") AS payload FROM members_member m JOIN orgs_org o ON o.id = m.org_id "
        f"WHERE m.status IN ({', '.join('?' * len(statuses))}) AND m.id % ? <> 0 ORDER BY m.id)",
        (stored(now), stored(now), *statuses, NOT_ENTITLED),
    )
    done["member count rows"] = _sql(
        "INSERT INTO members_orgmembercount (org_id, path, status, members, in_transit) "
        "SELECT m.org_id, o.path, m.status, count(*), count(m.in_transit_to_id) "
        "FROM members_member m JOIN orgs_org o ON o.id = m.org_id GROUP BY 1, 2, 3"
    )
    return done


class _BulkMode:
    """Journal and fsync off, foreign keys off, for the load (only outside a transaction)."""

    def __init__(self) -> None:
        from django.db import connection

        self.on = not connection.in_atomic_block

    def __enter__(self) -> None:
        if self.on:
            for pragma in ("foreign_keys=OFF", "journal_mode=OFF", "synchronous=OFF"):
                _raw().execute(f"PRAGMA {pragma}")

    def __exit__(self, *exc: object) -> None:
        if self.on:
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
                _raw().execute(f"PRAGMA {pragma}")


def load(config: Any, *, seed: int, now: datetime.datetime, tally: bool = False, drop: bool = True) -> Loaded:
    """Organisations, members and a meeting day's activity for `config` (an empty database); `drop`:
    the secondary indexes dropped during the load and rebuilt after."""
    from django.db import transaction

    from sotay.audit.log import record
    from sotay.audit.models import AuditAction

    done = Loaded(tally=tally)
    with _BulkMode(), transaction.atomic():
        rebuild = drop_indexes() if drop else []
        for model, frame in load_copy.frames(config, seed=seed, now=now, done=done):
            done.rows[load_copy.ROW_NAMES[model._meta.db_table]] += insert_frame(model, frame, now)
        done.rows.update(_derived(now, now - datetime.timedelta(minutes=30)))
        for statement in rebuild:
            _sql(statement)
        for table in TABLES:
            _sql(f'ANALYZE "{table}"')
        record(
            actor=None,
            action=AuditAction.CREATE,
            object_type="synthetic_activity",
            summary=(
                f"Nạp dữ liệu giả lập (SQLite): {done.rows['members']} đảng viên, "
                f"{done.rows['users']} tài khoản"
            ),
        )
    return done


def member_roles_and_notifications(now: datetime.datetime) -> Counter[str]:
    """`load_copy.member_roles_and_notifications` in SQLite's dialect."""
    from django.db import transaction

    from sotay.accounts.models import Role
    from sotay.news.models import NewsItem

    done: Counter[str] = Counter()
    with _BulkMode(), transaction.atomic():
        rebuild = drop_indexes(ROLE_TABLES)
        done["member roles"] = _sql(
            "INSERT INTO accounts_roleassignment (user_id, role, org_id, created_at) "
            "SELECT u.id, ?, m.org_id, ? FROM accounts_user u JOIN members_member m ON m.id = u.member_id "
            "WHERE u.username LIKE 'dv-%' ORDER BY u.id",
            (Role.MEMBER.value, stored(now)),
        )
        done["notifications"] = _sql(
            NOTIFY + "SELECT 'meetings.published', 'Giấy mời sinh hoạt chi bộ', '', "
            "'/sinh-hoat/' || g.id || '/', '', ?, u.id FROM accounts_user u "
            "JOIN members_member m ON m.id = u.member_id "
            "JOIN meetings_meeting g ON g.branch_id = m.org_id AND substr(g.starts_at, 1, 10) = ? "
            "WHERE u.username LIKE 'dv-%' ORDER BY u.id",
            (stored(now), stored(now)[:10]),
        )
        news = NewsItem.objects.order_by("-published_at").values_list("pk", "title").first()
        if news:
            done["notifications"] += _sql(
                NOTIFY + "SELECT 'news.published', ?, '', ?, '', ?, id FROM accounts_user "
                "WHERE username LIKE 'dv-%' ORDER BY id",
                (news[1], f"/tin-tuc/{news[0]}/", stored(now)),
            )
        for statement in rebuild:
            _sql(statement)
    return done
