"""Benchmark: a meeting day on the production server (issue 12, item 7).

1. Loads a synthetic registry into PostgreSQL (DATABASE_URL, an empty database): the HCMC-shaped tree of
   `sotay.synth` scaled to --members (5.6 M over all 34 provinces with --national), through the same bulk
   path as bench/dashboard.py (`bulk_create` of organisations with known paths and of members, then
   `members.counts.recount`). Not `sotay load-registry`: the checker and the loader's per-row validation
   run at 580–1,360 rows/s today (docs/deploy.md), which would spend most of a run loading, and this bench
   measures the pages, not the loader (bench/load_registry.py measures that). The rows, indexes and
   maintained counts the pages read are the same.
   Then the handbook activity: accounts for a share of members (`synth_activity`, with their member role),
   today's meeting for ~70 % of branches (started 30 minutes ago, published, three agenda items and a
   document, ~40 % already checked in), the library's and the news' demo items (their own actions), two
   notifications per account, and the dashboard's facts. Everything in bulk except the few items written
   through their actions.
2. Serves it with `sotay serve` (gunicorn, DEBUG off, collectstatic into a temporary folder).
3. Drives it with locust, headless, on loopback only (bench/load_users.py, a subprocess): the simulated
   users sign in once each through the login form (distinct accounts, CSRF token from the form, session
   cookie kept), then:
   - alone, each member page and the login page (no database read: the no-database page), for
     --solo-seconds each with --solo-users concurrent users and no think time: the capacity of each page;
   - the meeting-day mix for --mix-seconds, every user with think time (weights in bench/load_users.py):
     members (home, profile, meeting page, QR check-in), secretaries (attendance list and marking),
     staff (dashboard of the root and of a ward, member list, name search).
   The pages alone, then the mix without and with staff, run interleaved in --rounds rounds (default 3:
   login, home, profile, meeting, check-in, login, home, ...; mix off, on, then on, off, ...: the mixes
   rotate one place each round, bench/load_rounds.py) and each page's
   rounds are added up: a shared host's speed drifts over minutes, and a ratio or a comparison of two
   phases measured minutes apart moved with it by up to a quarter. The first round of each phase starts
   with --warmup-seconds of the same load whose requests are discarded (workers warming up), later rounds
   with 1–2 s; the output says how many.
4. Prints per page: req/s, p50, p99 and errors, the login page's figures from the same run, where the
   CPU went, the app workers' garbage-collection pauses and the driver's own delays during the mixes
   (bench/gc_probe.py is the servers' gunicorn config file), peak RSS per
   gunicorn worker (/proc), the load average, and PASS/FAIL for the issue's goals (member pages ≥ 0.3 ×
   the login page's req/s, p99 ≤ 50 ms under the mix, 0 errors).
5. A single-user pass: p50/p95 of each page at every level of the tree (the nation, when the registry
   has several provinces: they are put under a Trung ương root as a national deployment has them; a
   province; a ward; a grassroots unit; a branch; a member), server otherwise idle; goal p95 ≤ 100 ms.

Figures, never assertions: the run always finishes. The database is left loaded; --reuse skips the load
when the registry is already there (re-runs the load test only).

    runuser -u postgres -- .../pg_ctl ... ; createdb -h 127.0.0.1 -p 5571 -U sotay sotay
    DATABASE_URL=postgres://sotay@127.0.0.1:5571/sotay .venv/bin/python bench/load.py --members 30000
    DATABASE_URL=... .venv/bin/python bench/load.py --reuse --mix-seconds 120
    DATABASE_URL=... .venv/bin/python bench/load.py --national            # 5.6 M members
    DATABASE_URL=... .venv/bin/python bench/load.py --reuse --pools --staff-b="--nice 10"  # 2 staff settings
    DATABASE_URL=... .venv/bin/python bench/load.py --reuse --pools --staff-b="--nice 19" \
        --staff-b-env="SOTAY_PAGE_CACHE_SECONDS=0"    # the staff pool with and without kept page parts
    DATABASE_URL=... .venv/bin/python bench/load.py --reuse --pools \
        --members-b="--workers 6 --threads 2"         # two shapes of the members pool
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "bench-load-only-" + "k7Qz" * 15
MEMBER_GOAL_RATIO, MEMBER_GOAL_P99_MS, SINGLE_GOAL_P95_MS = 0.3, 50.0, 100.0


def _env(data_dir: Path) -> dict[str, str]:
    """The production settings the server and the loader share (2FA off: the bench signs staff in by form)."""
    return {
        **os.environ,
        "SOTAY_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
        "SOTAY_DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SOTAY_SSL_REDIRECT": "0",
        "SOTAY_STAFF_2FA": "0",
        # The largest subtrees' count rollups are summed once, in `prepare`, where the task worker would
        # every minute (no worker runs here: its 15-minute dashboard refresh would land inside a phase);
        # the registry does not change during a run, so that snapshot stays the current figures.
        "SOTAY_COUNT_ROLLUP_MAX_AGE": "86400",
    }


def _assignments(text: str, option: str) -> dict[str, str]:
    """'NAME=value NAME2=value2' (the value of `option`) as a dict; a word without '=' is an error."""
    pairs = [word.partition("=") for word in text.split()]
    bad = [name for name, eq, _ in pairs if not eq or not name]
    if bad:
        raise SystemExit(f"{option} takes NAME=value words; not: {' '.join(bad)}")
    return {name: value for name, _, value in pairs}


def _timed(label: str, fn: Any) -> Any:
    start = time.perf_counter()
    result = fn()
    print(f"{label:<50}: {time.perf_counter() - start:8.1f} s", flush=True)
    return result


def prepare(args: argparse.Namespace, data_dir: Path, plan_path: Path) -> None:
    """Migrate, collect static files, load the registry and the activity, write the users' plan."""
    os.environ.update(_env(data_dir))
    os.environ["SOTAY_TASKS"] = "immediate"  # the loader's notifications are written in this process
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from load_data import (  # bench/load_data.py
        bench_users,
        ensure_national_root,
        load_activity,
        load_fast,
        load_registry_bulk,
    )

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the figures say nothing about production", file=sys.stderr)
    _timed("migrate", lambda: call_command("migrate", verbosity=0))
    if not (data_dir / "static" / "staticfiles.json").exists():
        _timed("collectstatic", lambda: call_command("collectstatic", verbosity=0, interactive=False))
    from sotay.members.models import Member

    if args.reuse and Member.objects.exists():
        print(f"reusing the loaded registry: {Member.objects.count():,} members")
        moved = _timed("national root (Trung ương) for a registry loaded without one", ensure_national_root)
        if moved:
            from sotay.dashboard.facts import refresh

            _timed(f"  {moved} roots moved under it; the dashboard's facts", lambda: refresh(full=True))
    elif connection.vendor == "postgresql":
        done = _timed("load registry and activity (COPY, bench/load_copy.py)", lambda: load_fast(args))
        print("  " + ", ".join(f"{v:,} {k}" for k, v in done.items()))
    else:
        orgs, members = _timed("load registry (bulk_create + recount)", lambda: load_registry_bulk(args))
        print(f"  {orgs:,} organisations, {members:,} members")
        done = _timed("handbook activity", lambda: load_activity(seed=1))
        print("  " + ", ".join(f"{v:,} {k}" for k, v in done.items()))
    plan = _timed("bench users (sign-in accounts)", lambda: bench_users(args))
    from sotay.members import rollup

    nodes = _timed("count rollups (the task worker's job, sotay/members/rollup.py)", rollup.refresh)
    print(f"  {nodes} nodes rolled up")
    plan["secret_key"] = SECRET_KEY
    plan_path.write_text(json.dumps(plan))


class RssWatch(threading.Thread):
    """Peak resident memory (VmHWM) of every worker forked by the gunicorn master, polled every 0.5 s (a
    worker recycled by --max-requests keeps its last reading)."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master, self.stopping = master, threading.Event()
        self.peak_kb: dict[int, int] = {}
        self.last_kb: dict[int, int] = {}  # resident at the last reading (after the load)

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    if int(stat.read_text().rsplit(")", 1)[1].split()[1]) != self.master:
                        continue
                    status = (stat.parent / "status").read_text()
                except (OSError, IndexError, ValueError):
                    continue
                pid = int(stat.parent.name)
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), int(line.split()[1]))
                    elif line.startswith("VmRSS:"):
                        self.last_kb[pid] = int(line.split()[1])


def serve(
    env: dict[str, str], port: int, workers: int | None, pool: str, log: Path, extra: tuple[str, ...] = ()
) -> subprocess.Popen[bytes]:
    """`sotay serve --pool POOL` on loopback; its output (gunicorn's error log) goes to `log`, never to a
    pipe nobody reads (a full pipe would stall the workers' logging)."""
    argv = [str(VENV_BIN / "sotay"), "serve", "--pool", pool, "--bind", f"127.0.0.1:{port}"]
    argv += ["--access-log", "off", *extra]
    if workers:
        argv += ["--workers", str(workers)]
    out = log.open("wb")
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600  # a busy machine imports slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10).read()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(log.read_text(errors="replace")) from None
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("the server did not answer within 600 s")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def report(result: dict[str, Any], watches: list[RssWatch], loads: list[tuple[float, ...]]) -> None:
    from load_report import print_report  # bench/load_report.py

    peak = {pid: kb for w in watches for pid, kb in w.peak_kb.items()}
    last = {pid: kb for w in watches for pid, kb in w.last_kb.items()}
    print_report(result, peak, loads, MEMBER_GOAL_RATIO, MEMBER_GOAL_P99_MS, SINGLE_GOAL_P95_MS, last)


def server_log_summary(log: Path) -> str:
    """What gunicorn said besides booting workers: timeouts, errors, recycled workers (counted)."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    boring = ("Booting worker", "Listening at", "Using worker", "Starting gunicorn", "Handling signal: term")
    boring += ("Worker exiting", "Shutting down", "Sổ tay: serving", "gunicorn ", "database: ", "hosts: ")
    counts: dict[str, int] = {}
    for line in lines:
        if any(phrase in line for phrase in boring) or line.startswith("  access log"):
            continue
        key = line.split("] ", 2)[-1][:120] if "] " in line else line[:120]
        counts[key] = counts.get(key, 0) + 1
    return "\n".join(f"    {n} × {key}" for key, n in sorted(counts.items(), key=lambda kv: -kv[1])[:12])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=None, help="default 30,000; 5.6 M with --national")
    parser.add_argument("--national", action="store_true", help="all 34 provinces (5.6 M by default)")
    parser.add_argument("--reuse", action="store_true", help="keep a registry already loaded")
    parser.add_argument("--member-users", type=int, default=120, help="simulated members (distinct accounts)")
    parser.add_argument("--secretary-users", type=int, default=12)
    parser.add_argument("--staff-users", type=int, default=6)
    parser.add_argument("--solo-users", type=int, default=8, help="concurrent users when a page runs alone")
    parser.add_argument("--solo-seconds", type=int, default=15)
    parser.add_argument("--mix-seconds", type=int, default=60)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="the capacity phases and the two mixes are interleaved in this many rounds (same drifts)",
    )
    parser.add_argument(
        "--warmup-seconds", type=int, default=5, help="load before each phase whose requests are discarded"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="a member's mean think time, seconds (default: from --offered)",
    )
    parser.add_argument(
        "--offered",
        type=float,
        default=0.5,
        help="the mix's member load as a fraction of the member pages' capacity measured alone (0.5)",
    )
    parser.add_argument("--staff-think", type=float, default=0.5, help="staff users' mean think time, s")
    parser.add_argument(
        "--pools",
        action="store_true",
        help="two servers: `sotay serve --pool members` and `--pool staff`, staff paths sent to the second",
    )
    parser.add_argument(
        "--staff-b",
        default="",
        help="with --pools: a second staff pool started with these `sotay serve` options (e.g. '--nice 10'),"
        " and a third mix in each round with the staff load sent to it: two settings, the same drifts",
    )
    parser.add_argument(
        "--staff-b-env",
        default="",
        help="with --staff-b: environment settings for the second staff pool only"
        " (e.g. 'SOTAY_PAGE_CACHE_SECONDS=0')",
    )
    parser.add_argument(
        "--members-b",
        default="",
        help="with --pools: a second members pool started with these `sotay serve` options (e.g."
        " '--workers 6 --threads 2'), and a third mix in each round with the members' load sent to it",
    )
    parser.add_argument(
        "--members-b-env",
        default="",
        help="with --members-b: environment settings for the second members pool only",
    )
    parser.add_argument("--single-repeat", type=int, default=20, help="requests per page, single-user pass")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: sotay serve's)")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="SOTAY_DATA_DIR (default: a new temporary one)"
    )
    args = parser.parse_args()
    # A TERM (kill) ends the run through the `finally` below, which stops the servers it started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must name an empty PostgreSQL database (see the docstring).", file=sys.stderr)
        return 2
    for pool in ("staff", "members"):
        if getattr(args, f"{pool}_b_env") and not (args.pools and getattr(args, f"{pool}_b")):
            print(
                f"--{pool}-b-env sets up the second {pool} pool: give --pools and --{pool}-b too.",
                file=sys.stderr,
            )
            return 2
        _assignments(getattr(args, f"{pool}_b_env"), f"--{pool}-b-env")  # stops here, before the load
    if args.staff_b and args.members_b:
        print(
            "--staff-b or --members-b: one second pool per run (the third mix sends one load to it).",
            file=sys.stderr,
        )
        return 2
    work = args.data_dir or Path(tempfile.mkdtemp(prefix="sotay-bench-load-"))
    work.mkdir(parents=True, exist_ok=True)
    plan_path, result_path = work / "plan.json", work / "result.json"
    prepare(args, work, plan_path)
    from django.db import connections

    connections.close_all()
    env = _env(work)
    env.pop("SOTAY_TASKS", None)  # the server enqueues tasks in the database, as in production
    # locust's client plays the load balancer, which must close an idle connection before the app server
    # does (else a request sent as the server closes is lost: status 0); a think time may last 10 s.
    env.setdefault("SOTAY_KEEP_ALIVE", "75")
    # Each worker records its garbage-collection pauses (bench/gc_probe.py), read back for the report.
    gc_dir = work / "gc"
    shutil.rmtree(gc_dir, ignore_errors=True)
    gc_dir.mkdir()
    env["SOTAY_BENCH_GC_DIR"] = str(gc_dir)
    env["GUNICORN_CMD_ARGS"] = f"--config {ROOT / 'bench' / 'gc_probe.py'}"
    pools = ["members", "staff"] if args.pools else ["all"]
    if args.pools and args.staff_b:
        pools.append("staff-b")
    if args.pools and args.members_b:
        pools.append("members-b")
    servers: dict[str, tuple[subprocess.Popen[bytes], int, Path]] = {}
    watches: list[RssWatch] = []
    try:
        for pool in pools:
            port, log = _free_port(), work / f"server-{pool}.log"
            print(f"serving pool {pool} on 127.0.0.1:{port} with `sotay serve` ...", flush=True)
            if pool in ("staff-b", "members-b"):
                kind = pool[:-2]
                own = {
                    **env,
                    **_assignments(getattr(args, f"{kind}_b_env"), f"--{kind}-b-env"),
                    "SOTAY_BENCH_GC_NAME": f"{kind}_b",
                }
                extra = tuple(getattr(args, f"{kind}_b").split())
                servers[pool] = (serve(own, port, args.workers, kind, log, extra), port, log)
            else:
                servers[pool] = (serve(env, port, args.workers, pool, log), port, log)
            watches.append(RssWatch(servers[pool][0].pid))
            watches[-1].start()
            for line in log.read_text(errors="replace").splitlines()[:2]:
                print(f"  {line}")
        host = f"http://127.0.0.1:{servers[pools[0]][1]}"
        driver = [
            str(VENV_BIN / "python"), str(ROOT / "bench" / "load_users.py"),
            "--host", host, "--plan", str(plan_path), "--out", str(result_path),
            "--member-users", str(args.member_users), "--secretary-users", str(args.secretary_users),
            "--staff-users", str(args.staff_users), "--solo-users", str(args.solo_users),
            "--solo-seconds", str(args.solo_seconds), "--mix-seconds", str(args.mix_seconds),
            "--warmup-seconds", str(args.warmup_seconds), "--rounds", str(args.rounds),
            "--think", str(args.think), "--single-repeat", str(args.single_repeat),
            "--offered", str(args.offered), "--staff-think", str(args.staff_think),
        ]  # fmt: skip
        if args.pools:
            driver += ["--staff-host", f"http://127.0.0.1:{servers['staff'][1]}"]
        if "staff-b" in servers:
            driver += ["--staff-host-b", f"http://127.0.0.1:{servers['staff-b'][1]}"]
        if "members-b" in servers:
            driver += ["--member-host-b", f"http://127.0.0.1:{servers['members-b'][1]}"]
        loads = [os.getloadavg()]
        subprocess.run(driver, check=True)
        loads.append(os.getloadavg())
    finally:
        for watch in watches:
            watch.stopping.set()
        for proc, _, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=60)
    for pool, (_, _, log) in servers.items():
        said = server_log_summary(log)
        print(f"gunicorn ({pool}) said, besides booting workers ({log}):\n{said or '    nothing'}")
    result = json.loads(result_path.read_text())
    result["gc"] = {path.stem: json.loads(path.read_text()) for path in sorted(gc_dir.glob("*.json"))}
    report(result, watches, loads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
