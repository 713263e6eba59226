"""Turn DATABASE_URL into a Django DATABASES entry, refusing malformed values with a hint."""

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from sotay.env import ConfigError

SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}
EXAMPLE = "postgres://USER:PASSWORD@HOST:5432/DBNAME or sqlite:////absolute/path/db.sqlite3"


def database_from_url(url: str | None, *, default_sqlite: Path) -> dict[str, Any]:
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
        try:
            config = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
        except (ValueError, KeyError) as exc:
            raise ConfigError(f"DATABASE_URL={url!r} cannot be read ({exc}). Expected {EXAMPLE}.") from None
        if scheme != "sqlite":
            if not config.get("NAME"):
                raise ConfigError(f"DATABASE_URL={url!r} names no database. Expected {EXAMPLE}.")
            try:
                urlsplit(url).port  # noqa: B018 - raises ValueError on a non-numeric port
            except ValueError:
                raise ConfigError(f"DATABASE_URL={url!r} has a port that is not a number.") from None
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
