"""Benchmark: the member list's search at scale, per query kind, SQLite and PostgreSQL.

N members with names from `sotay.synth` (Họ + đệm + tên with the registry's frequencies) in 200 branches
of two wards. For each database, p50/p95 of the queries the list sends for each kind of search, scoped to
one ward (half the members), next to a no-database baseline measured in the same run (parsing the query
and ranking 500 rows already in memory: the Python share of a ranked search):
- name prefix, many matches ("nguyen van"): a keyset page of the name-key index range;
- name prefix, few matches (family + middle + given): the ranked path;
- words in any order ("hung van", given name first): the ranked path through the words index;
- a middle and a given name ("thi lan"): the ranked path;
- identifier (CCCD): exact match.
Prints figures; asserts nothing.

    .venv/bin/python bench/member_search.py --members 200000
    .venv/bin/python bench/member_search.py --postgres postgres://sotay@127.0.0.1:5562/bench2
(the PostgreSQL database should hold no members: it is migrated and filled.)
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def synthetic_names(n: int) -> list[str]:
    from sotay.synth.config import SynthConfig
    from sotay.synth.members import generate_members
    from sotay.synth.orgs import generate_orgs

    cfg = SynthConfig(members=n, wards=2, agencies=False, today=datetime.date(2026, 3, 1))
    return [name for batch in generate_members(cfg, generate_orgs(cfg)) for name in batch["ho_ten"]]


def run_one(label: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    from sotay import vn
    from sotay.members import search
    from sotay.members.keyset import page_of, prefix_range
    from sotay.members.models import Member, MemberStatus
    from sotay.orgs.models import OrgType
    from tests import factories

    n = int(os.environ["BENCH_MEMBERS"])
    city = factories.org("M", OrgType.DANG_BO_TINH, None, "Thành phố (bench)")
    wards = [factories.org(f"M.W{w}", OrgType.DANG_BO_PHUONG, city) for w in range(2)]
    branches = [factories.org(f"M.W{i % 2}.B{i}", OrgType.CHI_BO_CO_SO, wards[i % 2]) for i in range(200)]
    names = synthetic_names(n)
    rng = random.Random(5)
    start = time.perf_counter()
    batch: list[Member] = []
    for i, name in enumerate(names):
        batch.append(
            Member(
                code=f"B{i:09d}",
                full_name=name,
                name_key=vn.fold(name),
                birth_date=datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                gender="Nam" if i % 2 else "Nữ",
                cccd=f"{79_000_000_000 + i:012d}",
                admission_date=datetime.date(2000, 1, 1),
                status=MemberStatus.values[0],
                org=branches[i % len(branches)],
            )
        )
        if len(batch) == 5000:
            Member.objects.bulk_create(batch)
            batch = []
    Member.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"[{label}] {n:,} members loaded in {time.perf_counter() - start:.0f} s")

    scope = Member.objects.in_subtree(wards[0]).select_related("org")
    sample = rng.sample(names, 100)

    def words(name: str) -> list[str]:
        return vn.fold(name).split()

    kinds: dict[str, list[str]] = {
        "prefix, many (nguyen van)": ["nguyen van", "tran thi", "le van", "nguyen thi"] * 25,
        "prefix, few (whole name)": [vn.fold(s) for s in sample],
        "words any order (given middle)": [f"{words(s)[-1]} {words(s)[1]}" for s in sample],
        "middle + given (thi lan)": [" ".join(words(s)[1:]) for s in sample],
        "identifier (CCCD)": [f"{79_000_000_000 + rng.randrange(n):012d}" for _ in range(100)],
    }
    in_memory = list(scope.order_by()[:500])

    def baseline(q: str) -> None:
        query = search.parse(q)
        phrase = " ".join(query.words)
        sorted(in_memory, key=lambda m: (not m.name_key.startswith(phrase), m.name_key, m.pk))

    def list_search(q: str) -> None:
        # What the list view sends (sotay.members.views._filtered, member_list), without the template.
        if q.isdigit():
            list(scope.filter(cccd=q)[:51])
            return
        query = search.parse(q)
        phrase = " ".join(query.words)
        starting = scope.filter(prefix_range(phrase)).order_by()
        if starting[: search.CAP + 1].count() > search.CAP:
            page_of(scope.filter(prefix_range(phrase)), size=50)
        else:
            search.ranked(scope, query)

    for kind, queries in kinds.items():
        for name, fn in (("no database", baseline), ("search", list_search)):
            times = []
            fn: Callable[[str], None]
            for q in queries:
                t0 = time.perf_counter()
                fn(q)
                times.append((time.perf_counter() - t0) * 1000)
            cuts = statistics.quantiles(times, n=20)
            print(
                f"[{label}] {kind:>31} | {name:>11}: p50 {statistics.median(times):7.1f} ms  "
                f"p95 {cuts[18]:7.1f} ms  ({len(queries)} queries, {n:,} members, one ward's half)"
            )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="also run on this PostgreSQL database (no members)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one)
        return 0
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sotay.settings", "BENCH_MEMBERS": str(args.members)}
    runs = [("SQLite", {"SOTAY_DATA_DIR": tempfile.mkdtemp(prefix="sotay-bench-members-")})]
    if args.postgres:
        runs.append(("PostgreSQL", {"DATABASE_URL": args.postgres, "SOTAY_DATA_DIR": tempfile.mkdtemp()}))
    for label, extra in runs:
        env_one = {**env, **extra}
        if label == "SQLite":
            env_one.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, __file__, "--one", label], env=env_one, check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
