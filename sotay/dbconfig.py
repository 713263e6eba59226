"""Turn DATABASE_URL into a Django DATABASES entry, refusing malformed values with a hint."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from sotay.env import ConfigError

SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
EXAMPLE = "postgres://USER:PASSWORD@HOST:5432/DBNAME or sqlite:////absolute/path/db.sqlite3"


@dataclass(frozen=True)
class PostgresTuning:
    """Connection settings for PostgreSQL (SQLite ignores them); docs/deploy.md says how to choose them.

    `conn_max_age`: seconds a thread keeps its connection between requests (0 = one per request).
    `pool_max_size`: > 0 uses a psycopg pool of that many connections per worker process instead, shared by
    its threads (then `conn_max_age` must be 0: Django refuses both at once).
    `statement_timeout_ms`: the server cancels any statement running longer (0 = no limit), so one slow
    page cannot hold a connection and a worker thread for minutes. No limit by default, because batch
    commands (migrate, import, promotion) may run long statements; `sotay serve` sets one for web workers.
    `jit`: PostgreSQL's JIT compiler; off because it costs 100+ ms on the short queries pages make.
    `prepared`: the compiled queries of member pages (`sotay.core.compiled`) run as prepared statements,
    parsed and planned once per connection (ADR 0016); off for a pooler that cannot carry them.
    `server_side_cursors`: `.iterator()` reads a large result in chunks through a server-side cursor,
    which lives in one session; off behind PgBouncer in transaction mode, which may give the next
    chunk's statement to another session (Django's `DISABLE_SERVER_SIDE_CURSORS`).
    """

    conn_max_age: int = 60
    pool_max_size: int = 0
    statement_timeout_ms: int = 0
    jit: bool = False
    prepared: bool = True
    server_side_cursors: bool = True


# psycopg prepares nothing on a connection whose threshold is None, not even a statement run with
# `prepare=True`. Django's default cursors bind on the client and never prepare, so the threshold is
# never reached: only the statements `sotay.core.compiled` asks for are prepared.
PREPARE_ONLY_WHEN_ASKED = 2**31 - 1
POSTGRES_ENGINE = "sotay.core.postgresql"


def database_from_url(
    url: str | None, *, default_sqlite: Path, tuning: PostgresTuning | None = None
) -> dict[str, Any]:
    """Return the settings for one database.

    >>> database_from_url(None, default_sqlite=Path("/tmp/x.sqlite3"))["ENGINE"]
    'django.db.backends.sqlite3'
    """
    if url is None or url.strip() == "":
        config: dict[str, Any] = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    else:
        url = url.strip()
        scheme = urlsplit(url).scheme
        if "://" not in url or scheme not in SUPPORTED_SCHEMES:
            raise ConfigError(
                f"DATABASE_URL={url!r} is not a database address we can use "
                f"(scheme {scheme or 'missing'!r}). Expected {EXAMPLE}."
            )
        tuning = tuning or PostgresTuning()
        try:
            config = dict(
                dj_database_url.parse(url, conn_max_age=tuning.conn_max_age, conn_health_checks=True)
            )
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"DATABASE_URL={url!r} cannot be read ({exc}). Expected {EXAMPLE}.") from None
        if scheme != "sqlite":
            if not config.get("NAME"):
                raise ConfigError(f"DATABASE_URL={url!r} names no database. Expected {EXAMPLE}.")
            try:
                urlsplit(url).port  # noqa: B018 - raises ValueError on a non-numeric port
            except ValueError:
                raise ConfigError(f"DATABASE_URL={url!r} has a port that is not a number.") from None
            _tune_postgres(config, tuning)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            # A fresh clone has no var/ yet; SQLite cannot create the folder itself.
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets the web server read while an import writes; a busy timeout instead of "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config.pop("CONN_HEALTH_CHECKS", None)
        config["CONN_MAX_AGE"] = 0
    return config


def _tune_postgres(config: dict[str, Any], tuning: PostgresTuning) -> None:
    """Session settings sent with every connection (libpq `options`), and the pool if one is wanted."""
    options: dict[str, Any] = dict(config.get("OPTIONS") or {})
    session = [
        f"-c statement_timeout={tuning.statement_timeout_ms}",
        f"-c jit={'on' if tuning.jit else 'off'}",
    ]
    options["options"] = " ".join([options["options"], *session] if options.get("options") else session)
    if tuning.prepared:
        options["prepare_threshold"] = PREPARE_ONLY_WHEN_ASKED
    # Django's backend, with the health check of a kept connection made without a round trip.
    config["ENGINE"] = POSTGRES_ENGINE
    config["DISABLE_SERVER_SIDE_CURSORS"] = not tuning.server_side_cursors
    if tuning.pool_max_size > 0:
        # One pool per worker process; its threads borrow from it. min 1 keeps a warm connection.
        options["pool"] = {"min_size": 1, "max_size": tuning.pool_max_size, "timeout": 10}
        config["CONN_MAX_AGE"] = 0
        config.pop("CONN_HEALTH_CHECKS", None)
    config["OPTIONS"] = options
