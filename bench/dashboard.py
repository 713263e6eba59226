"""Benchmark: the operations dashboard at scale — a synthetic registry (the HCMC-shaped tree of
`sotay.synth`, scaled to --members; 5.6 M over all 34 provinces with --national) loaded in bulk, with
handbook adoption (`synth_activity`), this month's meetings and attendance, and 30 days of facts.

Prints: the full facts refresh, the incremental refresh after 1% of members change, p50/p95 of the
root's, a ward's and a branch's dashboard page (the root's and the ward's also with their body rendered
at each request, as the first request after a refresh has it: CACHES["pages"] emptied before each) and
of the login page (no database read) in the same run, and the root's 30-day trend read from the
rollup (NodeDay) next to summing the branches' rows.

SQLite in a temporary folder by default; `DATABASE_URL=postgres://…` runs it on PostgreSQL (an empty
database). Asserts nothing.

    .venv/bin/python bench/dashboard.py --members 56000
    .venv/bin/python bench/dashboard.py --members 56000 --data-dir /tmp/bench-db   # keep it, then
    .venv/bin/python bench/dashboard.py --reuse --data-dir /tmp/bench-db           # time again
    DATABASE_URL=postgres://sotay@127.0.0.1:5544/sotay .venv/bin/python bench/dashboard.py --members 560000
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BATCH = 5000
DAYS = 30


def _timed(label: str, fn: Callable[[], Any]) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<46}: {time.perf_counter() - start:8.2f} s")
    return result


def _percentiles(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _setup(data_dir: str) -> None:
    work = Path(data_dir) if data_dir else Path(tempfile.mkdtemp(prefix="sotay-bench-dashboard-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["SOTAY_DATA_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sotay.settings"
    os.environ["SOTAY_DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["SOTAY_TASKS"] = "immediate"
    os.environ["SOTAY_STAFF_2FA"] = "0"
    os.environ["SOTAY_SSL_REDIRECT"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)


def load_registry(config: Any) -> tuple[int, int]:
    """Orgs (explicit ids, so paths are known before the insert) and members, in bulk."""
    from sotay import vn
    from sotay.members.counts import recount
    from sotay.members.models import Member, MemberStatus
    from sotay.orgs.legacy import LEGACY_KIND_TO_TYPE
    from sotay.orgs.models import SEGMENT_WIDTH, Org
    from sotay.synth import generate_members, generate_orgs

    statuses = {"Dự bị": MemberStatus.DU_BI, "Miễn sinh hoạt": MemberStatus.MIEN_SINH_HOAT}
    rows = generate_orgs(config)
    ids: dict[str, tuple[int, str, int]] = {}
    orgs = []
    for pk, row in enumerate(rows, start=1):
        parent = ids.get(row.parent_code) if row.parent_code else None
        path = (parent[1] if parent else "") + str(pk).zfill(SEGMENT_WIDTH)
        depth = parent[2] + 1 if parent else 0
        ids[row.code] = (pk, path, depth)
        orgs.append(
            Org(
                pk=pk,
                code=row.code,
                name=row.name,
                type=LEGACY_KIND_TO_TYPE[row.kind],
                parent_id=parent[0] if parent else None,
                path=path,
                depth=depth,
            )
        )
    Org.objects.bulk_create(orgs, batch_size=BATCH)
    n = 0
    for batch in generate_members(config, rows):
        members = []
        for r in batch.iter_rows(named=True):
            members.append(
                Member(
                    code=r["member_code"],
                    full_name=r["ho_ten"] or "Không tên",
                    name_key=vn.fold(r["ho_ten"] or "Không tên"),
                    birth_date=r["ngay_sinh"] or datetime.date(1970, 1, 1),
                    gender=r["gioi_tinh"] if r["gioi_tinh"] in ("Nam", "Nữ") else "Nam",
                    cccd=(r["cccd"] or f"x{n}")[:12],
                    admission_date=r["ngay_vao_dang"] or datetime.date(2000, 1, 1),
                    phone=r["so_dien_thoai"] or "",
                    status=statuses.get(r["tinh_trang"], MemberStatus.CHINH_THUC),
                    status_since=r["ngay_vao_dang"] or datetime.date(2000, 1, 1),
                    org_id=ids[r["ma_to_chuc"]][0],
                )
            )
            n += 1
        Member.objects.bulk_create(members, batch_size=BATCH, ignore_conflicts=True)
    recount(repair=True)
    return len(orgs), Member.objects.count()


def load_meetings(seed: int) -> int:
    """This month's regular meeting for ~70% of branches, attendance for their members."""
    from django.utils import timezone

    from sotay.dashboard.meeting_facts import month_start
    from sotay.meetings.models import Attendance, Meeting, MeetingKind, MeetingState, Presence
    from sotay.members.models import Member
    from sotay.orgs.models import BRANCH_TYPES, Org

    rng = random.Random(seed)
    now = timezone.now()
    start = month_start(now) + (now - month_start(now)) / 2
    branches = list(Org.objects.filter(type__in=BRANCH_TYPES).values_list("pk", flat=True))
    held = [b for b in branches if rng.random() < 0.7]
    Meeting.objects.bulk_create(
        [
            Meeting(
                branch_id=b,
                kind=MeetingKind.REGULAR,
                title="Sinh hoạt thường kỳ",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                state=MeetingState.PUBLISHED,
                published_at=start - datetime.timedelta(days=5),
            )
            for b in held
        ],
        batch_size=BATCH,
    )
    meeting_of = dict(Meeting.objects.values_list("branch_id", "pk"))
    rows = []
    for pk, org_id in (
        Member.objects.filter(org_id__in=meeting_of.keys()).values_list("pk", "org_id").iterator()
    ):
        roll = rng.random()
        presence = Presence.PRESENT if roll < 0.8 else Presence.EXCUSED
        rows.append(
            Attendance(meeting_id=meeting_of[org_id], member_id=pk, presence=presence, by_qr=roll < 0.3)
        )
        if len(rows) >= BATCH:
            Attendance.objects.bulk_create(rows)
            rows = []
    Attendance.objects.bulk_create(rows)
    return len(held)


def load_synthetic(config: Any, *, seed: int, orm: bool = False, drop: bool = True) -> None:
    """The same rows on both databases from one generator (bench/load_copy.py's `frames`): COPYed
    column-wise into PostgreSQL, `executemany` into SQLite (bench/load_sqlite.py); `orm`: SQLite's
    old ORM path (bulk_create, `synth_activity`, `load_meetings`), slow, for comparison; `drop`:
    SQLite's secondary indexes dropped during the load and rebuilt after."""
    from django.db import connection, transaction
    from django.utils import timezone

    from sotay.dashboard.synth import synth_activity

    sys.path.insert(0, str(ROOT / "bench"))
    if connection.vendor == "postgresql":
        import load_copy  # bench/load_copy.py

        with transaction.atomic():
            done = _timed(
                "load registry and activity (COPY)",
                lambda: load_copy.load(config, seed=seed, now=timezone.now()),
            )
        print("  " + ", ".join(f"{v:,} {k}" for k, v in done.rows.items()))
        return
    if not orm:
        import load_sqlite  # bench/load_sqlite.py

        done = _timed(
            "load registry and activity (executemany)",
            lambda: load_sqlite.load(config, seed=seed, now=timezone.now(), drop=drop),
        )
        print("  " + ", ".join(f"{v:,} {k}" for k, v in done.rows.items()))
        return
    _timed("load registry (bulk)", lambda: load_registry(config))
    _timed("synthetic adoption (synth_activity)", lambda: synth_activity(seed=seed))
    held = _timed("meetings and attendance", lambda: load_meetings(seed))
    print(f"{held} branches held this month's meeting")


def history_days(day: datetime.date) -> int:
    """Copy today's facts and rollups to each missing day of the 29 before (the trend's rows): one
    INSERT … SELECT per table and day. Returns how many days were added."""
    from django.db import connection

    from sotay.dashboard.models import FIGURES, BranchDay, NodeDay

    added = 0
    for back in range(1, DAYS):
        past = day - datetime.timedelta(days=back)
        if BranchDay.objects.filter(day=past).exists():
            continue
        added += 1
        for model, keys in ((BranchDay, ("org_id", "path")), (NodeDay, ("org_id",))):
            columns = ", ".join(f'"{c}"' for c in (*keys, *FIGURES, "refreshed_at"))
            with connection.cursor() as cursor:
                cursor.execute(
                    f'INSERT INTO "{model._meta.db_table}" ({columns}, "day") '
                    f'SELECT {columns}, %s FROM "{model._meta.db_table}" WHERE "day" = %s',
                    [past, day],
                )
    return added


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=None, help="default 56,000; 5.6 M with --national")
    parser.add_argument("--national", action="store_true", help="all 34 provinces (5.6 M by default)")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--data-dir",
        default="",
        help="keep the SQLite database here (default: a new temporary folder); with --reuse, time again",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="a database loaded by an earlier run (same --data-dir or DATABASE_URL): skip the loading",
    )
    parser.add_argument(
        "--orm", action="store_true", help="SQLite: load through the ORM (bulk_create), the old slow path"
    )
    parser.add_argument(
        "--keep-indexes", action="store_true", help="SQLite: load with the secondary indexes in place"
    )
    parser.add_argument(
        "--stop-after-load", action="store_true", help="load, print the counts and stop (to time the load)"
    )
    parser.add_argument(
        "--baseline",
        default="",
        help="a checkout of the code to compare with (e.g. `git archive main sotay | tar -x -C DIR`): "
        "its incremental refresh after another 1%% of members change is timed in a child process",
    )
    parser.add_argument(
        "--incremental-only",
        action="store_true",
        help="time only the incremental refresh after 1%% of members change (and the baseline's, with "
        "--baseline), no full refresh unless today has no facts yet, and no page timings: for the 5.6 M "
        "database, where a full refresh takes minutes",
    )
    args = parser.parse_args()
    _setup(args.data_dir)
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from sotay.accounts.models import Role, User
    from sotay.dashboard import queries
    from sotay.dashboard.facts import refresh
    from sotay.members.models import Member
    from sotay.orgs.models import BRANCH_TYPES, Org
    from sotay.synth import SynthConfig
    from tests import factories

    today = datetime.date.today()
    config = (
        SynthConfig.national(today=today, **({"members": args.members} if args.members else {}))
        if args.national
        else SynthConfig(members=args.members or 56_000, today=today)
    )
    print(f"database: {connection.vendor}")
    loaded = args.reuse and Org.objects.exists()
    if not loaded:
        load_synthetic(config, seed=1, orm=args.orm, drop=not args.keep_indexes)
    orgs, members = Org.objects.count(), Member.objects.count()
    branches = Org.objects.filter(type__in=BRANCH_TYPES).count()
    print(f"{orgs} organisations, {branches} branches, {members} members")
    if args.stop_after_load:
        return 0
    if args.incremental_only:
        return _incremental_only(members, args.baseline)
    run = _timed("full refresh", lambda: refresh(full=True))
    _timed("earlier days of facts and rollups (copies)", lambda: history_days(run.day))

    def change_one_percent() -> int:
        sample = list(Member.objects.order_by("?").values_list("pk", flat=True)[: max(1, members // 100)])
        now = timezone.now()
        for start in range(0, len(sample), 500):
            Member.objects.filter(pk__in=sample[start : start + 500]).update(phone="", updated_at=now)
        return len(sample)

    if args.baseline:
        # First, so that this code's run below starts from its own full run's member facts: the
        # baseline's run rewrites the branch rows but not the member facts it does not know.
        changed = change_one_percent()
        _timed(f"baseline incremental, {changed} members change", lambda: _baseline(args.baseline))
        run = _timed("full refresh again (after the baseline's run)", lambda: refresh(full=True))
    changed = change_one_percent()
    inc = _timed(f"incremental refresh after {changed} members change", refresh)
    print(f"  ({inc.kind}, {inc.branches} branches rewritten)")

    root = Org.objects.filter(parent__isnull=True).order_by("path").first()
    assert root is not None
    ward = Org.objects.filter(parent=root).order_by("path").first() or root
    branch = Org.objects.filter(type__in=BRANCH_TYPES).order_by("path").first() or root
    staff = User.objects.filter(username="bench-staff").first() or factories.user(
        "bench-staff", role=Role.UNIT_STAFF, at=root
    )
    client, anonymous = Client(), Client()
    client.force_login(staff)
    since = run.day - datetime.timedelta(days=DAYS)
    anonymous.get("/dang-nhap/")  # warm-up: the first request loads templates and static manifests
    for url in (f"/dieu-hanh/{root.pk}/", f"/dieu-hanh/{ward.pk}/", f"/dieu-hanh/{branch.pk}/"):
        client.get(url)

    def rendered(url: str) -> Any:
        """The page as the first request after a refresh gets it: its body not kept yet."""
        caches["pages"].clear()
        return client.get(url)

    print(f"{'page':<46}   p50 ms   p95 ms")
    for label, fn in (
        ("login page (no database read)", lambda: anonymous.get("/dang-nhap/")),
        ("dashboard, root", lambda: client.get(f"/dieu-hanh/{root.pk}/")),
        ("dashboard, root, body rendered (not kept)", lambda: rendered(f"/dieu-hanh/{root.pk}/")),
        ("dashboard, ward", lambda: client.get(f"/dieu-hanh/{ward.pk}/")),
        ("dashboard, ward, body rendered (not kept)", lambda: rendered(f"/dieu-hanh/{ward.pk}/")),
        ("dashboard, branch", lambda: client.get(f"/dieu-hanh/{branch.pk}/")),
        ("data quality, root", lambda: client.get(f"/dieu-hanh/{root.pk}/chat-luong/")),
        ("branches without a meeting, root", lambda: client.get(f"/dieu-hanh/{root.pk}/chi-bo-chua-hop/")),
        ("root 30-day trend from the rollup (NodeDay)", lambda: queries.history(root, since, run.day)),
        ("root 30-day trend summing BranchDay", lambda: _branch_sum(root, since, run.day)),
        ("login page again", lambda: anonymous.get("/dang-nhap/")),
    ):
        p50, p95 = _percentiles(fn, args.repeat)
        print(f"{label:<46}: {p50:8.1f} {p95:8.1f}")
    return 0


def _change_one_percent(members: int) -> int:
    from django.utils import timezone

    from sotay.members.models import Member

    sample = list(Member.objects.order_by("?").values_list("pk", flat=True)[: max(1, members // 100)])
    now = timezone.now()
    for start in range(0, len(sample), 500):
        Member.objects.filter(pk__in=sample[start : start + 500]).update(phone="", updated_at=now)
    return len(sample)


def _incremental_only(members: int, baseline: str) -> int:
    """Today's facts exist (else one full refresh first): the baseline's incremental refresh after 1%
    of members change (its code keeps the same tables), then this code's after another 1%."""
    from django.utils import timezone

    from sotay.dashboard.facts import last_refresh, refresh

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    last = last_refresh()
    if last is None or last.day != timezone.localdate():
        _timed("full refresh (today has no facts yet)", lambda: refresh(full=True))
    else:
        _timed("catch-up incremental (changes since the last run)", refresh)
    if baseline:
        changed = _change_one_percent(members)
        _timed(f"baseline incremental, {changed} members change", lambda: _baseline(baseline))
    changed = _change_one_percent(members)
    inc = _timed(f"incremental refresh after {changed} members change", refresh)
    print(f"  ({inc.kind}, {inc.branches} branches rewritten)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


def _baseline(code: str) -> None:
    """The incremental refresh of the code in `code`, in a child process on the same database."""
    script = "import django; django.setup(); from sotay.dashboard.facts import refresh; print(refresh())"
    env = os.environ | {"PYTHONPATH": code}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, cwd=code)


def _branch_sum(root: Any, since: datetime.date, until: datetime.date) -> list[Any]:
    from django.db.models import Sum

    from sotay.dashboard.models import FIGURES, BranchDay

    return list(
        BranchDay.objects.filter(
            day__gte=since, day__lte=until, path__gte=root.path, path__lt=root.path_upper_bound
        )
        .values("day")
        .annotate(**{f: Sum(f) for f in FIGURES})
        .order_by("day")
    )


if __name__ == "__main__":
    sys.exit(main())
