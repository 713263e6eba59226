"""Configuration from the environment: bad values are refused with a hint; production passes --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sotay.dbconfig import PREPARE_ONLY_WHEN_ASKED, PostgresTuning, database_from_url
from sotay.env import ConfigError, envbool, envchoice, envint

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "postgres//user@host/db",  # no scheme separator
        "mysql://user@host/db",  # unsupported engine
        "postgres://user@host:port/db",  # port not a number
        "postgres://user@host:5432/",  # no database name
        "localhost:5432",
    ],
)
def test_malformed_database_url_is_refused_with_a_hint(url, tmp_path):
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database_from_url(url, default_sqlite=tmp_path / "x.sqlite3")


def test_postgres_url_is_parsed(tmp_path):
    config = database_from_url("postgres://sotay:pw@127.0.0.1:5433/sotay", default_sqlite=tmp_path / "x")
    assert config["ENGINE"] == "sotay.core.postgresql"  # Django's, with a cheaper health check
    assert (config["NAME"], config["PORT"], config["USER"]) == ("sotay", 5433, "sotay")


def test_no_url_means_sqlite_in_the_data_dir(tmp_path):
    config = database_from_url(None, default_sqlite=tmp_path / "sub" / "db.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert (tmp_path / "sub").is_dir()


def test_postgres_sessions_get_the_statement_timeout_and_no_jit(tmp_path):
    tuning = PostgresTuning(conn_max_age=120, statement_timeout_ms=10_000)
    config = database_from_url("postgres://u:p@db/sotay", default_sqlite=tmp_path / "x", tuning=tuning)
    assert config["OPTIONS"]["options"] == "-c statement_timeout=10000 -c jit=off"
    assert config["CONN_MAX_AGE"] == 120
    assert "pool" not in config["OPTIONS"]


def test_a_pool_replaces_persistent_connections(tmp_path):
    tuning = PostgresTuning(pool_max_size=4)
    config = database_from_url("postgres://u:p@db/sotay", default_sqlite=tmp_path / "x", tuning=tuning)
    assert config["OPTIONS"]["pool"]["max_size"] == 4
    assert config["CONN_MAX_AGE"] == 0  # Django refuses a pool together with persistent connections
    assert "CONN_HEALTH_CHECKS" not in config


def test_prepared_statements_are_on_unless_turned_off(tmp_path):
    """psycopg prepares nothing without a threshold, so the setting is the threshold (ADR 0016)."""
    url = "postgres://u:p@db/sotay"
    on = database_from_url(url, default_sqlite=tmp_path / "x", tuning=PostgresTuning())
    off = database_from_url(url, default_sqlite=tmp_path / "x", tuning=PostgresTuning(prepared=False))
    assert on["OPTIONS"]["prepare_threshold"] == PREPARE_ONLY_WHEN_ASKED
    assert "prepare_threshold" not in off["OPTIONS"]
    assert "server_side_binding" not in on["OPTIONS"]  # every other query keeps Django's binding


def test_server_side_cursors_can_be_turned_off_for_pgbouncer(tmp_path):
    url = "postgres://u:p@db/sotay"
    on = database_from_url(url, default_sqlite=tmp_path / "x", tuning=PostgresTuning())
    off = database_from_url(
        url, default_sqlite=tmp_path / "x", tuning=PostgresTuning(server_side_cursors=False)
    )
    assert on["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert off["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_sqlite_ignores_the_postgres_tuning(tmp_path):
    tuning = PostgresTuning(pool_max_size=4, statement_timeout_ms=5)
    config = database_from_url(None, default_sqlite=tmp_path / "x.sqlite3", tuning=tuning)
    assert "options" not in config["OPTIONS"]
    assert "pool" not in config["OPTIONS"]


def test_env_int_bounds_and_choices(monkeypatch):
    monkeypatch.setenv("X_INT", "-1")
    with pytest.raises(ConfigError, match="the least is 0"):
        envint("X_INT", 1, minimum=0)
    monkeypatch.setenv("X_INT", "500")
    with pytest.raises(ConfigError, match="the most is 200"):
        envint("X_INT", 1, maximum=200)
    monkeypatch.setenv("X_CHOICE", "Staff")
    assert envchoice("X_CHOICE", "all", ("all", "staff")) == "staff"
    monkeypatch.setenv("X_CHOICE", "admins")
    with pytest.raises(ConfigError, match="all, staff"):
        envchoice("X_CHOICE", "all", ("all", "staff"))


def test_env_helpers_reject_bad_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "five")
    with pytest.raises(ConfigError):
        envbool("X_BOOL", True)
    with pytest.raises(ConfigError):
        envint("X_INT", 1)


def _sotay(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sotay.cli", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_reports_a_malformed_database_url_plainly(tmp_path):
    result = _sotay(
        "migrate", "--check", env={"DATABASE_URL": "mysql://x@y/z", "SOTAY_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "configuration error" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        "SOTAY_DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-like-secret-key-with-enough-entropy-1234567890",
        "ALLOWED_HOSTS": "sotay.example.vn",
        "SOTAY_DATA_DIR": str(tmp_path),
    }
    result = _sotay("manage", "check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _sotay(
        "manage", "check", env={"SOTAY_DEBUG": "0", "SECRET_KEY": "", "SOTAY_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def test_help_lists_the_subcommands():
    result = _sotay("--help", env={})
    assert result.returncode == 0
    for name in ("check", "reconcile", "synth", "demo", "import", "migrate", "manage", "serve"):
        assert f"  {name}" in result.stdout
    assert "import            import a unit's legacy export" in result.stdout  # help text read from source


def _sample_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for line in (ROOT / "dotenv-sample").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = value
    return env


def test_dotenv_sample_as_shipped_starts(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SOTAY_DATA_DIR", "DATABASE_URL"}}
    result = subprocess.run(
        [sys.executable, "-m", "sotay.cli", "manage", "check"],
        cwd=tmp_path,
        env={**env, **_sample_env(), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.iterdir())  # nothing written to the current directory


def test_empty_data_dir_is_refused_plainly(tmp_path):
    result = _sotay("manage", "check", env={"SOTAY_DATA_DIR": ""})
    assert result.returncode == 2
    assert "SOTAY_DATA_DIR is set but empty" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_with_an_empty_secret_key_names_the_key_and_debug(tmp_path):
    result = _sotay(
        "manage", "check", env={"SOTAY_DEBUG": "0", "SECRET_KEY": " ", "SOTAY_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 2
    assert "SECRET_KEY is empty and SOTAY_DEBUG=0" in result.stderr


@pytest.mark.parametrize(
    ("seconds", "backend"), [("", "LocMemCache 3600"), ("0", "DummyCache 300"), ("60", "LocMemCache 60")]
)
def test_kept_page_parts_last_the_set_time_and_0_turns_them_off(tmp_path, seconds, backend):
    env = {"SOTAY_DATA_DIR": str(tmp_path), "SOTAY_PAGE_CACHE_SECONDS": seconds}  # empty: the default
    code = "from django.core.cache import caches; "
    code += "c = caches['pages']; print(type(c).__name__, c.default_timeout)"
    result = _sotay("manage", "shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == backend
    bad = _sotay("manage", "check", env={"SOTAY_DATA_DIR": str(tmp_path), "SOTAY_PAGE_CACHE_SECONDS": "-5"})
    assert bad.returncode != 0
    assert "SOTAY_PAGE_CACHE_SECONDS" in bad.stderr
