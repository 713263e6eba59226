"""`bench/load_registry.py --into-existing`: a load into a registry that already holds members, next to the
same rows loaded into an empty registry, in two scratch databases on DATABASE_URL's server.

The file is split by grassroots unit ("Mã tổ chức"), every other unit of the file in code order going
to the first part, and the rows the whole-file check flags as errors are left out of both parts: a
duplicate card number or citizen ID is an error on each of its rows, so no row of the second part
collides with a member of the first, and the second load creates every one of its rows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import django
import polars as pl

UNIT = "Mã tổ chức"


def split(args: argparse.Namespace, out: Path) -> tuple[Path, Path]:
    """Write the two parts of the file (header and clean rows, as read) under `out`."""
    from sotay.members.actions.load import error_rows
    from sotay.pipeline import check_file

    start = time.perf_counter()
    result = check_file(args.file, args.orgs, None, keep_raw=True, report=False, duplicates=False)
    bad = error_rows(result)
    raw = result.raw.filter(~pl.col("row").is_in(sorted(bad)))
    units = sorted(u for u in raw[UNIT].unique().to_list() if u is not None)
    first_units = units[::2]
    first = raw.filter(pl.col(UNIT).is_in(first_units)).drop("row")
    second = raw.filter(~pl.col(UNIT).is_in(first_units)).drop("row")
    paths = out / "first.csv", out / "second.csv"
    first.write_csv(paths[0])
    second.write_csv(paths[1])
    print(
        f"split: {result.rows:,} rows, {len(bad):,} flagged left out; {len(units):,} units -> first part "
        f"{first.height:,} rows ({len(first_units):,} units), second part {second.height:,} rows "
        f"({time.perf_counter() - start:.1f} s)"
    )
    return paths


def _url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def scratch_databases(base: str, names: list[str]) -> Iterator[None]:
    """Create `names` (the first migrated, the others its copies) and drop them all at the end."""
    import psycopg

    admin = _url(base, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    try:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{names[0]}"')
        env = {**os.environ, "DATABASE_URL": _url(base, names[0])}
        sotay = str(Path(sys.executable).with_name("sotay"))
        root = Path(__file__).resolve().parent.parent
        subprocess.run([sotay, "migrate", "--verbosity", "0"], env=env, check=True, cwd=root)
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names[1:]:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{names[0]}"')
        yield
    finally:
        from django.db import connection

        connection.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


# What migration 0010 dropped: the name key's own B-tree and its pattern-ops twin.
NAME_KEY_INDEXES = (
    "CREATE INDEX members_member_name_key_2791d00d ON members_member (name_key)",
    "CREATE INDEX members_member_name_key_2791d00d_like ON members_member (name_key varchar_pattern_ops)",
)


@contextmanager
def as_before() -> Iterator[None]:
    """The load into an existing registry as it was before the fix: the name key's two extra indexes
    in place (created, dropped after), the GIN indexes fed with the default 4 MB pending list."""
    from django.db import connection

    from sotay.members.actions import copy

    saved = copy.gin_batched
    copy.gin_batched = lambda tables: nullcontext([])  # type: ignore[assignment,misc]
    with connection.cursor() as cursor:
        for sql in NAME_KEY_INDEXES:
            cursor.execute(sql)
    try:
        yield
    finally:
        copy.gin_batched = saved
        with connection.cursor() as cursor:
            cursor.execute(
                "DROP INDEX members_member_name_key_2791d00d, members_member_name_key_2791d00d_like"
            )


def vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def use(name: str) -> None:
    """Point Django's connection at database `name` (same server)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def into_existing(args: argparse.Namespace, *, setup: Callable[[], None], run: Callable[..., None]) -> None:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        sys.exit("--into-existing needs DATABASE_URL=postgres://... (it creates scratch databases there)")
    django.setup()
    setup()
    from django.db import connection

    from sotay.members.management.commands.load_registry import read_orgs
    from sotay.pipeline import check_file

    existing, empty = f"sotay_bench_existing_{os.getpid()}", f"sotay_bench_empty_{os.getpid()}"
    org_rows = read_orgs(args.orgs)
    args.bare = False
    with tempfile.TemporaryDirectory() as tmp, scratch_databases(base, [existing, empty]):
        first, second = split(args, Path(tmp))
        checked: dict[Path, Any] = {}
        for path in (first, second):
            start = time.perf_counter()
            checked[path] = check_file(path, args.orgs, None, keep_raw=True, report=False, duplicates=False)
            flagged = checked[path].findings.filter(pl.col("severity") == "error").height
            print(f"check {path.name}: {checked[path].rows:,} rows, {flagged} errors "
                  f"({time.perf_counter() - start:.1f} s, not part of the load)")  # fmt: skip
        print(f"database: {connection.vendor}; batch {args.batch:,}; load average {os.getloadavg()[0]:.1f}")
        use(empty)
        run("second part into an EMPTY registry (rolled back)", args, checked[second], org_rows)
        use(existing)
        run("first part into an empty registry (committed)", args, checked[first], org_rows, keep=True)
        vacuum()
        print(f"load average {os.getloadavg()[0]:.1f}")
        run("second part into the EXISTING registry (rolled back)", args, checked[second], org_rows)
        print(f"load average {os.getloadavg()[0]:.1f}")
        if args.baseline:
            vacuum()
            with as_before():
                title = (
                    "before: second part into the EXISTING registry, as before migration 0010 (rolled back)"
                )
                run(title, args, checked[second], org_rows)
            print(f"load average {os.getloadavg()[0]:.1f}")
