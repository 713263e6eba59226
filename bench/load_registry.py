"""Speed of the bulk registry loader (`sotay load-registry`), phase by phase, next to a bare COPY of the
same rows into a table without indexes (the floor no loader can beat), measured in the same run.

Runs against the database DATABASE_URL names, which must be migrated and hold no members of the file
(the load is rolled back at the end unless --keep, so the bench can be re-run):

    DATABASE_URL=postgres://... .venv/bin/sotay migrate
    head -60001 /work/bench-cache/hcmc/members.csv > /tmp/m60k.csv
    DATABASE_URL=postgres://... .venv/bin/python bench/load_registry.py /tmp/m60k.csv \\
        --orgs /work/bench-cache/hcmc/orgs.csv --baseline

--baseline first loads the file with the per-row path (the same code with the column-wise validation, the
index rebuild and the organisation paths on insert switched off) and rolls it back, so the two loaders
are compared on the same machine in the same minute.

--into-existing measures a load into a registry that already holds members (indexes and foreign keys
stay in place and each write maintains them). It splits the file by grassroots unit (every other unit
of the file, in code order), leaving out the rows the whole-file check flags as errors (the duplicate
card numbers and citizen IDs among them, so that the second part is a real new-members load). In a
scratch database it creates on DATABASE_URL's server and drops at the end, it loads the first part
(committed, then VACUUM ANALYZE as autovacuum would), then times the second part into it, rolled back;
next to the same second part loaded into an empty registry (a twin scratch database) in the same run;
with --baseline, then again as it was before (the name key's two extra indexes, GIN pending list 4 MB):

    DATABASE_URL=postgres://sotay@127.0.0.1:5581/sotay .venv/bin/python bench/load_registry.py \\
        /work/bench-cache/hcmc/members.csv --orgs /work/bench-cache/hcmc/orgs.csv --into-existing

The phases are timed by wrapping the loader's own functions, so the figures add up to the load.
"""

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
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


def rebuild_timed(copy: Any) -> None:
    """Time the index rebuild at the end of `copy.indexes_built_after` (a context manager)."""
    inner = copy.indexes_built_after

    @contextmanager
    def wrapper(tables: list[str], **kwargs: Any) -> Iterator[list[str]]:
        manager = inner(tables, **kwargs)
        dropped = manager.__enter__()
        try:
            yield dropped
        except BaseException:
            if not manager.__exit__(*sys.exc_info()):
                raise
        else:
            begin = time.perf_counter()
            manager.__exit__(None, None, None)
            SPENT["rebuild indexes, add foreign keys"] += time.perf_counter() - begin

    copy.indexes_built_after = wrapper


@contextmanager
def per_row_path() -> Iterator[None]:
    """The loader as it was before the column-wise validation, the index rebuild and the organisation
    paths written on insert: the same code with those three switched off."""
    from sotay.members.actions import bulk, load
    from sotay.orgs import actions as org_actions

    saved = (
        load.validation_frame.screen,
        load._fast_first_load,
        org_actions._insert_with_paths,
        bulk._CLEAN_LENGTH,
    )
    load.validation_frame.screen = lambda *args, **kwargs: set()
    load._fast_first_load = nullcontext
    org_actions._insert_with_paths = org_actions._insert_then_paths
    bulk._CLEAN_LENGTH = {}
    try:
        yield
    finally:
        (
            load.validation_frame.screen,
            load._fast_first_load,
            org_actions._insert_with_paths,
            bulk._CLEAN_LENGTH,
        ) = saved


def run(title: str, args: argparse.Namespace, result: Any, org_rows: Any, *, keep: bool = False) -> None:
    from django.db import connection, transaction

    from sotay.members.actions import load
    from sotay.members.models import Member

    SPENT.clear()
    print(title)
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
                print(f"  {label:36} {seconds:8.1f} s")
            print(f"  {'other (rows, deltas, FK checks)':36} {loaded - sum(SPENT.values()):8.1f} s")
            print(
                f"  {'load':36} {loaded:8.1f} s   {rows:,} members, {rows / loaded:,.0f} rows/s"
                f" (drift {done.drift})"
            )
            if connection.vendor == "postgresql" and args.bare:
                sample = list(Member.objects.values_list("code", "full_name", "cccd", "birth_date", "org_id"))
                seconds = bare_copy(sample)
                print(
                    f"  {'baseline: bare COPY, no indexes':36} {seconds:8.1f} s   {len(sample):,} rows,"
                    f" {len(sample) / seconds:,.0f} rows/s"
                )
            if not (keep or args.keep):
                raise Rollback
    except Rollback:
        print("  rolled back")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--orgs", type=Path, required=True)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="commit the load instead of rolling it back")
    parser.add_argument(
        "--baseline", action="store_true",
        help="first load the same file with the per-row path (validation row by row, indexes kept up to "
        "date, organisation paths written after insert), rolled back, then the current loader; with "
        "--into-existing, the second part again as before migration 0010 (see above)",
    )  # fmt: skip
    parser.add_argument(
        "--into-existing", action="store_true",
        help="split the file by grassroots unit (rows the check flags left out); in a scratch database load "
        "the first part (committed), then time the second part into that registry (rolled back), next to "
        "the second part into an empty registry; the scratch databases are dropped at the end",
    )  # fmt: skip
    args = parser.parse_args()
    if args.into_existing:
        from load_registry_existing import into_existing

        into_existing(args, setup=instrument, run=run)
        return
    django.setup()
    instrument()
    from django.db import connection

    from sotay.members.management.commands.load_registry import read_orgs
    from sotay.pipeline import check_file

    print(f"database: {connection.vendor}; file {args.file.name}; batch {args.batch:,}")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as report:
        result = check_file(args.file, args.orgs, Path(report), keep_raw=True, report=False, duplicates=False)
    checked = time.perf_counter() - start
    print(f"{'checker (not part of the load)':38} {checked:8.1f} s   {result.rows:,} rows")
    org_rows = read_orgs(args.orgs)
    if args.baseline:
        args.bare = False
        with per_row_path():
            run("before: per-row validation, indexes kept up to date", args, result, org_rows)
    args.bare = True
    run("loader", args, result, org_rows)


def instrument() -> None:
    """Wrap the loader's phases (after django.setup())."""
    from sotay.members import counts
    from sotay.members.actions import bulk, copy, load

    for module, name, label in (
        (load.org_actions, "load_orgs", "organisations"),
        (load.validation_frame, "screen", "validate (column-wise screen)"),
        (bulk, "find_holders", "find holders of the identifiers"),
        (bulk, "clean_record", "validate (clean_record)"),
        (bulk, "_check", "uniqueness and scope checks"),
        (copy, "write", "COPY, insert, update, events"),
        (bulk, "_write_batched", "batched inserts, events"),
        (counts, "apply", "count deltas"),
        (counts, "recount", "final recount"),
    ):
        timed(module, name, label)
    rebuild_timed(copy)


if __name__ == "__main__":
    main()
