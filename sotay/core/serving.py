"""How `sotay serve` runs the app in production: gunicorn's command line, worker counts, refusals.

Pure functions over plain values, so the choices are unit-tested without starting a server; the command
(`core/management/commands/serve.py`) reads the settings, prints the plan and execs gunicorn.
Why gunicorn with threaded workers, and the figures: docs/adr/0008-production-server.md.

Pools: one deployment may run two `sotay serve` processes behind its load balancer, one for the staff
pages that read whole subtrees (org tree, member lists, campaign screens, audit log, admin) and one for
everything else (sign-in, a member's own profile, the handbook). A slow staff page then waits for a staff
worker and never holds a thread that a member's request on meeting day needs (docs/deploy.md). Which path
goes to which pool is `sotay/core/pools.py`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Final

from sotay.core.pools import Pool


@dataclass(frozen=True)
class PoolDefaults:
    """Per-pool defaults: gunicorn's worker timeout and the database statement timeout (seconds), and the
    CPU priority (`nice`): on a host shared by both pools the staff workers yield the cores to members'."""

    timeout: int
    statement_timeout: int
    nice: int = 0
    # Requests a worker serves before it is replaced (a fresh process loads Django again: ~3 s of CPU and
    # cold caches); staff pages import DuckDB/Polars and build large pages, which grows memory.
    max_requests: int = 5000
    # Threads per worker. A worker's threads share one GIL: a member's request that arrives at a worker
    # already rendering three others waits for them, though another worker may be idle.
    threads: int = 4


POOL_DEFAULTS: Final[dict[Pool, PoolDefaults]] = {
    "all": PoolDefaults(timeout=60, statement_timeout=30),
    # Member pages read one member and one branch in milliseconds: 5 s is a bug or a sick database. Their
    # workers' memory stays flat (bench/load.py: peak = end), so they are replaced ten times less often:
    # at 5,000 a worker serving 50 requests a second was replaced every 100 s, with a cold start each time.
    # Two threads per worker and twice the workers (default_workers): as many requests at once as 4
    # threads, but half as many share each GIL. Against 3 × 4 in the same runs on a 2-core host under
    # staff load, 6 × 2 gave members a lower p99 in 10 of 12 page comparisons, by ~3–4 ms once the
    # order of the mixes is allowed for (docs/deploy.md, 29 Nov 2026 14:53–15:12).
    "members": PoolDefaults(timeout=30, statement_timeout=5, max_requests=50_000, threads=2),
    # Staff pages and exports read subtrees of up to a province (hundreds of thousands of members). At
    # nice 19 a staff worker's share of a core a member's worker also wants is 15:1024 (nice 10: 110:1024,
    # which added 17-28 ms to members' p99 on a shared 2-core host; docs/deploy.md). A core nobody else
    # wants still goes to a staff page at full speed. Linux's idle class did no better (docs/adr/0008).
    "staff": PoolDefaults(timeout=180, statement_timeout=120, nice=19),
}

# The access log leaves out the query string (%(U)s is the path only): search boxes carry members' names.
ACCESS_LOG_FORMAT: Final = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
MIN_SECRET_KEY_LENGTH: Final = 50


class ServeRefused(Exception):
    """The settings are not fit for production; the message says what to change."""


@dataclass(frozen=True)
class ServePlan:
    """Everything `sotay serve` passes to gunicorn, and what it prints before starting."""

    bind: str
    workers: int
    threads: int
    timeout: int
    graceful_timeout: int
    keep_alive: int
    max_requests: int
    access_log: str
    forwarded_allow_ips: str
    pool: Pool
    statement_timeout: int
    nice: int = 0

    def argv(self) -> list[str]:
        """gunicorn's command line (run as `python -m gunicorn`, the same interpreter as this one)."""
        args = [
            sys.executable, "-m", "gunicorn", "sotay.wsgi:application",
            "--bind", self.bind,
            "--worker-class", "gthread", "--workers", str(self.workers), "--threads", str(self.threads),
            "--timeout", str(self.timeout), "--graceful-timeout", str(self.graceful_timeout),
            "--keep-alive", str(self.keep_alive),
            "--forwarded-allow-ips", self.forwarded_allow_ips,
            "--name", f"sotay-{self.pool}",
            # Several `sotay serve` processes may share a host (the two pools): no shared control socket.
            "--no-control-socket",
            "--error-logfile", "-",
        ]  # fmt: skip
        if self.max_requests:
            # Recycle workers now and then: DuckDB/Polars imports and large staff pages grow memory.
            jitter = max(1, self.max_requests // 10)
            args += ["--max-requests", str(self.max_requests), "--max-requests-jitter", str(jitter)]
        if self.access_log != "off":
            args += ["--access-logfile", self.access_log, "--access-logformat", ACCESS_LOG_FORMAT]
        return args

    def environment(self, base: dict[str, str]) -> dict[str, str]:
        """The workers' environment: `base` plus the pool's statement timeout (settings.DB_TUNING reads it
        for every connection): `SOTAY_MEMBERS_DB_STATEMENT_TIMEOUT_MS` (or `_STAFF_`) when set, else
        `SOTAY_DB_STATEMENT_TIMEOUT_MS` when set, else the pool's default."""
        env = dict(base)
        env.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
        env["SOTAY_POOL"] = self.pool
        own = env.get(pool_variable(self.pool, "DB_STATEMENT_TIMEOUT_MS"), "").strip()
        if own:
            env["SOTAY_DB_STATEMENT_TIMEOUT_MS"] = own
        elif not env.get("SOTAY_DB_STATEMENT_TIMEOUT_MS", "").strip():
            env["SOTAY_DB_STATEMENT_TIMEOUT_MS"] = str(self.statement_timeout * 1000)
        return env


def pool_variable(pool: Pool, name: str) -> str:
    """The environment variable that sets `name` for one pool only, so that both pools can share one
    environment file: `SOTAY_MEMBERS_WORKERS`, `SOTAY_STAFF_TIMEOUT`; the pool `all` has none.

    >>> pool_variable("staff", "WORKERS"), pool_variable("all", "WORKERS")
    ('SOTAY_STAFF_WORKERS', 'SOTAY_WORKERS')
    """
    return f"SOTAY_{name}" if pool == "all" else f"SOTAY_{pool.upper()}_{name}"


def available_cores() -> int:
    """Cores this process may use (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def default_workers(cores: int, pool: Pool) -> int:
    """Worker processes: one per core plus one, at 4 threads each; the members pool twice that at 2
    threads each (the same threads, half as many per GIL: POOL_DEFAULTS); the staff pool half, since it
    shares the host with the members pool.

    >>> default_workers(2, "all"), default_workers(2, "members"), default_workers(8, "staff")
    (3, 6, 4)
    """
    workers = max(2, cores + 1)
    if pool == "staff":
        return max(2, workers // 2)
    # As many threads in all as the single pool's workers have (its 4 a worker), over more processes.
    return workers * POOL_DEFAULTS["all"].threads // POOL_DEFAULTS[pool].threads


def check_production(*, debug: bool, secret_key: str, dev_secret_key: str, allowed_hosts: list[str]) -> None:
    """Refuse settings that must never face the network, saying which variable to change."""
    if debug:
        raise ServeRefused(
            "SOTAY_DEBUG is on: debug pages show settings and code to anyone. Set SOTAY_DEBUG=0 to serve."
        )
    if secret_key == dev_secret_key:
        raise ServeRefused("SECRET_KEY is the development default, which is public. Set a new random one.")
    if len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < 5:
        raise ServeRefused(
            f"SECRET_KEY is too short or too plain: use {MIN_SECRET_KEY_LENGTH}+ random characters, e.g. "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    if not allowed_hosts:
        raise ServeRefused("ALLOWED_HOSTS is empty: every request would be refused. Name the site's host(s).")


def describe_database(db: dict[str, object]) -> str:
    """One line about the database, without its password."""
    engine = str(db.get("ENGINE", "")).rsplit(".", 1)[-1]
    if engine == "sqlite3":
        return f"SQLite {db.get('NAME')} (single server only; production uses PostgreSQL, docs/deploy.md)"
    options = db.get("OPTIONS") or {}
    pool = options.get("pool") if isinstance(options, dict) else None
    reuse = (
        f"pool of {pool['max_size']} per worker"
        if isinstance(pool, dict)
        else f"connections kept {db.get('CONN_MAX_AGE')} s"
    )
    where = f"{db.get('USER')}@{db.get('HOST') or 'local socket'}:{db.get('PORT') or 5432}/{db.get('NAME')}"
    return f"PostgreSQL {where}, {reuse}"
