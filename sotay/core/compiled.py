"""Querysets compiled to SQL once per process, then run again with other values (issue 12: member pages).

Building a queryset and compiling it costs Django 0.3–0.7 ms of CPU for a query the database answers in
a twentieth of that (`bench/member_pages.py`); a member's page runs eight of them. A `Compiled` query is
written once as an ordinary queryset built from its parameters; the first call per database (and per
length of each list parameter) builds it with stand-in values, compiles it, and records where each
stand-in landed among the SQL's parameters. Later calls put the real values there and run the same SQL
through Django's own row handling (model instances with `select_related`, converters, annotations).

What it refuses, loudly, at the first call (tests catch it): a stand-in that does not reach the SQL's
parameters unchanged (a `LIKE` pattern, a value Django writes into the SQL text as `LIMIT` does) — those
queries stay ordinary querysets. A value of another type than declared is a TypeError. A value the
compiled SQL would not treat as Django does — None (`= NULL` is not `IS NULL`) or an integer beyond 64
bits (Django answers "no rows" without asking the database) — runs the ordinary queryset instead.

On PostgreSQL the compiled SQL also runs as a prepared statement (ADR 0016): the server parses and plans
it once per connection instead of on every request. `SOTAY_DB_PREPARED=0` turns that off (a pooler in
front of PostgreSQL that cannot carry prepared statements); every other query keeps Django's client-side
binding.
"""

from __future__ import annotations

import copy
import datetime
import threading
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import psycopg
from django.db import connections, router
from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
from django.db.backends.postgresql.psycopg_any import register_tzloader
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import QuerySet
from psycopg.pq import Format
from psycopg.types.numeric import Int8 as _Int8

# Stand-ins no real value takes: ids are positive, and the private-use character never reaches a name.
_INT_BASE = -7_301_000_000_000_000
_STR_MARK = "\ue000"
_DATETIME_BASE = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
_INT64 = (-(2**63), 2**63 - 1)

Kind = type[int] | type[str] | type[datetime.datetime] | tuple[type[int] | type[str]]


class CompileError(RuntimeError):
    """The queryset cannot be compiled with stand-ins; write it as an ordinary queryset."""


def _stand_in(kind: type, n: int) -> Any:
    if kind is int:
        return _INT_BASE - n
    if kind is str:
        return f"{_STR_MARK}{n}{_STR_MARK}"
    if kind is datetime.datetime:
        return _DATETIME_BASE + datetime.timedelta(seconds=n)
    raise CompileError(f"unsupported parameter type {kind!r}")


class _Slot(NamedTuple):
    """Where a value goes among the SQL's parameters: parameter `name`, or item `item` of a list one."""

    name: str
    item: int | None


class _Plan(NamedTuple):
    """One compiled shape: the SQL, its parameters (a `_Slot` where a value goes, else the fixed
    parameter), and the compiler that holds the column layout Django's iterables read (select,
    klass_info, annotation_col_map)."""

    queryset: QuerySet[Any]
    sql: str
    params: list[Any]
    compiler: Any


class _BoundQuery:
    """The template queryset's Query, but `get_compiler` hands out the compiled SQL with these values."""

    def __init__(self, plan: _Plan, params: tuple[Any, ...]) -> None:
        self._plan, self._params = plan, params

    def get_compiler(self, using: str | None = None, connection: Any = None, elide_empty: bool = True) -> Any:
        compiler = copy.copy(self._plan.compiler)
        # This thread's connection: the plan was compiled on whichever thread came first.
        compiler.connection = _preparing(connections[compiler.using])
        sql, params = self._plan.sql, self._params
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        return compiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._plan.queryset.query, name)


class Counting(NamedTuple):
    """A compiled count bound to its values (`Compiled.counting`); `plan` is None when the values
    must run as an ordinary queryset (module text)."""

    compiled: Compiled
    values: dict[str, Any]
    plan: _Plan | None
    params: tuple[Any, ...]


def count_together(countings: Sequence[Counting]) -> list[int]:
    """The counts, in order, in one round trip for those compiled for the same database:
    `SELECT (SELECT COUNT(*) FROM (…)), (SELECT COUNT(*) FROM (…))`. A page that shows several counts
    (the home page's unread news and waiting studies) asks once (issue 12)."""
    found = [0] * len(countings)
    by_db: dict[str, list[int]] = {}
    for i, counting in enumerate(countings):
        if counting.plan is None:
            found[i] = int(counting.compiled.build(**counting.values).count())
        else:
            by_db.setdefault(counting.plan.queryset.db, []).append(i)
    for db, indexes in by_db.items():
        parts: list[str] = []
        params: list[Any] = []
        for n, i in enumerate(indexes):
            plan = countings[i].plan
            assert plan is not None
            parts.append(f"(SELECT COUNT(*) FROM ({plan.sql}) counted{n})")
            params.extend(countings[i].params)
        with _preparing(connections[db]).cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(parts)}", params)
            row = cursor.fetchone()
        for n, i in enumerate(indexes):
            found[i] = int(row[n])
    return found


class Compiled:
    """`build(**params)` → a queryset, compiled once per database and shape, then run with the values.

        upcoming = Compiled(lambda branch, now: Meeting.objects.filter(branch_id=branch, ends_at__gte=now)
                            .order_by("starts_at")[:1], branch=int, now=datetime.datetime)
        rows = upcoming.rows(branch=7, now=timezone.now())   # a list, as list(queryset) would give
        n = upcoming.count(branch=7, now=...)                # SELECT COUNT(*) over the same query

    A list parameter is declared as a one-element tuple, `paths=(str,)`; each length compiles once.
    """

    def __init__(self, build: Callable[..., QuerySet[Any]], **kinds: Kind) -> None:
        self.build, self.kinds = build, kinds
        self._plans: dict[tuple[Any, ...], _Plan] = {}
        self._lock = threading.Lock()

    def rows(self, **values: Any) -> list[Any]:
        if not self._compilable(values):
            return list(self.build(**values))
        plan, params = self._bind(values)
        queryset = plan.queryset
        bound = queryset.__class__.__new__(queryset.__class__)
        bound.__dict__ = {**queryset.__dict__, "_result_cache": None, "_prefetch_done": False}
        bound.__dict__["_query"] = _BoundQuery(plan, params)
        return list(bound)

    def first(self, **values: Any) -> Any:
        found = self.rows(**values)
        return found[0] if found else None

    def count(self, **values: Any) -> int:
        return count_together([self.counting(**values)])[0]

    def counting(self, **values: Any) -> Counting:
        """The count of `count(**values)`, not run yet: `count_together` runs several in one query."""
        if not self._compilable(values):
            return Counting(self, values, None, ())
        plan, params = self._bind(values)
        return Counting(self, values, plan, params)

    # -- compiling ---------------------------------------------------------------------------------

    def _compilable(self, values: dict[str, Any]) -> bool:
        """False for a value the compiled SQL would not treat as Django does (see the module's text)."""
        for name, kind in self.kinds.items():
            value = values.get(name)
            for item in value if isinstance(kind, tuple) and isinstance(value, (list, tuple)) else [value]:
                if item is None or (type(item) is int and not _INT64[0] <= item <= _INT64[1]):
                    return False
        return True

    def _bind(self, values: dict[str, Any]) -> tuple[_Plan, tuple[Any, ...]]:
        if values.keys() != self.kinds.keys():
            raise TypeError(f"expected the parameters {sorted(self.kinds)}, got {sorted(values)}")
        shape: list[Any] = []
        for name, kind in self.kinds.items():
            value = values[name]
            if isinstance(kind, tuple):
                if not isinstance(value, Sequence) or isinstance(value, str):
                    raise TypeError(f"{name} must be a list of {kind[0].__name__}")
                for item in value:
                    _check(name, item, kind[0])
                shape.append(len(value))
            else:
                _check(name, value, kind)
        db = router.db_for_read(self._model())
        key = (db, *shape)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key) or self._compile(db, shape)
                self._plans[key] = plan
        connection = connections[db]
        params = tuple(
            _adapt(values[p.name] if p.item is None else values[p.name][p.item], connection)
            if isinstance(p, _Slot)
            else p
            for p in plan.params
        )
        if prepares(connection):
            # psycopg types an int by its size (int2, int4 or int8), and a prepared statement is kept per
            # text and types: as int8 always, one statement serves every value.
            params = tuple(_Int8(p) if type(p) is int else p for p in params)
        return plan, params

    def _model(self) -> Any:
        model = getattr(self, "_model_cls", None)
        if model is None:
            model = self._model_cls = self._stand_in_queryset([1] * len(self.kinds))[0].model
        return model

    def _stand_in_queryset(self, shape: Sequence[int]) -> tuple[QuerySet[Any], dict[Any, _Slot]]:
        args: dict[str, Any] = {}
        where: dict[Any, _Slot] = {}
        n = 0
        lengths = iter(shape)
        for name, kind in self.kinds.items():
            if isinstance(kind, tuple):
                items = []
                for i in range(next(lengths)):
                    items.append(_stand_in(kind[0], n))
                    where[items[-1]] = _Slot(name, i)
                    n += 1
                args[name] = items
            else:
                args[name] = _stand_in(kind, n)
                where[args[name]] = _Slot(name, None)
                n += 1
        try:
            return self.build(**args), where
        except (ValueError, TypeError) as e:  # e.g. a stand-in used as a slice's bound
            raise CompileError(f"{self.build!r} cannot be built with stand-in values: {e}") from e

    def _compile(self, db: str, shape: Sequence[int]) -> _Plan:
        queryset, where = self._stand_in_queryset(list(shape))
        queryset = queryset.using(db)
        connection = connections[db]
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        adapted = {_adapt(marker, connection): slot for marker, slot in where.items()}
        found: set[_Slot] = set()
        slots: list[Any] = []
        for param in params:
            slot = adapted.get(param) if isinstance(param, (int, str, datetime.datetime)) else None
            slots.append(param if slot is None else slot)
            if slot is not None:
                found.add(slot)
        missing = set(where.values()) - found
        if missing or _STR_MARK in sql or str(_INT_BASE)[:8] in sql:
            raise CompileError(
                f"{self.build!r}: the values of {sorted(str(m) for m in missing)} do not reach the SQL's"
                " parameters unchanged; keep this an ordinary queryset"
            )
        return _Plan(queryset, sql, slots, compiler)


def prepares(connection: Any) -> bool:
    """Whether compiled queries run as prepared statements on this connection (PostgreSQL, with
    `prepare_threshold` in its OPTIONS: psycopg ignores `prepare=True` on a connection without one)."""
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict["OPTIONS"].get("prepare_threshold") is not None
    )


class _PreparingConnection:
    """A database connection whose cursors prepare every statement; everything else is the connection's."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def cursor(self) -> Any:
        connection = self._connection
        wrapper = connection.cursor()  # Django's wrapper: error translation, the query log when on
        wrapper.cursor.close()
        prepared = _PreparingCursor(connection.connection)
        _same_time_zone(connection, prepared)
        if isinstance(wrapper, CursorDebugWrapper):
            return _LoggedPrepared(prepared, connection)
        wrapper.cursor = prepared
        return wrapper

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class _LoggedPrepared(CursorDebugWrapper):
    """The query log's entry for a prepared statement, as Django writes one for any other query: the SQL
    with its values written in (a prepared statement has no such text; tests EXPLAIN what they log)."""

    def execute(self, sql: Any, params: Any = None) -> Any:
        with self.debug_sql(self.db.ops.compose_sql(sql, params)):
            return CursorWrapper.execute(self, sql, params)


def _same_time_zone(connection: Any, cursor: Any) -> None:
    """What Django's own `create_cursor` does: times read in the connection's time zone when it is not
    the one the connection was opened with (`override_settings(TIME_ZONE=…)`)."""
    if (
        connection.timezone
        != connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone
    ):
        register_tzloader(connection.timezone, cursor)


def _preparing(connection: Any) -> Any:
    return _PreparingConnection(connection) if prepares(connection) else connection


class _PreparingCursor(psycopg.Cursor[Any]):
    """psycopg's server-side binding cursor, with every statement prepared: the first run of a statement
    on a connection prepares it, later runs send only its name and values. (Django's own cursor on
    PostgreSQL binds on the client, which cannot prepare; this one is only for compiled queries.)"""

    def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
        return super().execute(query, params, prepare=True, **kwargs)


def _check(name: str, value: Any, kind: type) -> None:
    if kind is int and (type(value) is not int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if kind is str and not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if kind is datetime.datetime and not (isinstance(value, datetime.datetime) and value.tzinfo):
        raise TypeError(f"{name} must be an aware datetime")


def _adapt(value: Any, connection: Any) -> Any:
    """The value as Django passes it to the driver (SQLite stores a datetime as text in UTC)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value
