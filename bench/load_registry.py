"""Speed of the bulk registry loader (`sotay load-registry`), phase by phase, next to a bare COPY of the
same rows into a table without indexes (the floor no loader can beat), measured in the same run.

Runs against the database DATABASE_URL names, which must be migrated and hold no members of the file
(the load is rolled back at the end unless --keep, so the bench can be re-run):

    DATABASE_URL=postgres://... .venv/bin/sotay migrate
    head -60001 /work/bench-cache/hcmc/members.csv > /tmp/m60k.csv
    DATABASE_URL=postgres://... .venv/bin/python bench/load_registry.py /tmp/m60k.csv \\
        --orgs /work/bench-cache/hcmc/orgs.csv

The phases are timed by wrapping the loader's own functions, so the figures add up to the load.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")

SPENT: dict[str, float] = defaultdict(float)


class Rollback(Exception):
    pass


def timed(module: Any, name: str, label: str) -> None:
    """Replace `module.name` with a wrapper that adds its wall time to SPENT[label]."""
    inner: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            SPENT[label] += time.perf_counter() - start

    setattr(module, name, wrapper)


def bare_copy(rows: list[tuple[Any, ...]]) -> float:
    """Seconds to COPY `rows` into a temporary table without indexes (rolled back with the rest)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_bare AS SELECT * FROM members_member WITH NO DATA")
        columns = ", ".join(f'"{c}"' for c in ("code", "full_name", "cccd", "birth_date", "org_id"))
        start = time.perf_counter()
        with cursor.cursor.copy(f"COPY bench_bare ({columns}) FROM STDIN") as stream:
            for row in rows:
                stream.write_row(row)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--orgs", type=Path, required=True)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="commit the load instead of rolling it back")
    args = parser.parse_args()
    django.setup()
    from django.db import connection, transaction

    from sotay.members import counts
    from sotay.members.actions import bulk, copy, load
    from sotay.members.management.commands.load_registry import read_orgs
    from sotay.members.models import Member
    from sotay.pipeline import check_file

    for module, name, label in (
        (load.org_actions, "load_orgs", "organisations"),
        (load, "registry_rows", "rows from the checker"),
        (bulk, "_holders", "find holders of the identifiers"),
        (bulk, "clean_record", "validate (clean_record)"),
        (load.validation_frame, "screen", "validate (column-wise screen)"),
        (bulk, "_check", "uniqueness and scope checks"),
        (copy, "write", "COPY, insert, update, events"),
        (bulk, "_write_batched", "batched inserts, events"),
        (counts, "apply", "count deltas"),
        (counts, "recount", "final recount"),
    ):
        timed(module, name, label)

    print(f"database: {connection.vendor}; file {args.file.name}; batch {args.batch:,}")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as report:
        result = check_file(args.file, args.orgs, Path(report), keep_raw=True, report=False, duplicates=False)
    checked = time.perf_counter() - start
    print(f"{'checker (not part of the load)':34} {checked:8.1f} s   {result.rows:,} rows")
    org_rows = read_orgs(args.orgs)
    try:
        with transaction.atomic():
            start = time.perf_counter()
            done = load.load_registry(
                result=result, org_rows=org_rows, by=None, source=args.file.name, only_clean=True,
                batch=args.batch,
            )  # fmt: skip
            with connection.cursor() as cursor:  # the deferred foreign-key checks a commit would run
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            loaded = time.perf_counter() - start
            rows = done.created + done.updated
            for label, seconds in SPENT.items():
                print(f"  {label:32} {seconds:8.1f} s")
            print(f"  {'other (rows, deltas, FK checks)':32} {loaded - sum(SPENT.values()):8.1f} s")
            print(
                f"{'load':34} {loaded:8.1f} s   {rows:,} members, {rows / loaded:,.0f} rows/s"
                f" (drift {done.drift})"
            )
            if connection.vendor == "postgresql":
                sample = list(Member.objects.values_list("code", "full_name", "cccd", "birth_date", "org_id"))
                seconds = bare_copy(sample)
                print(
                    f"{'baseline: bare COPY, no indexes':34} {seconds:8.1f} s   {len(sample):,} rows,"
                    f" {len(sample) / seconds:,.0f} rows/s"
                )
            if not args.keep:
                raise Rollback
    except Rollback:
        print("rolled back")


if __name__ == "__main__":
    main()
