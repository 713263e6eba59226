"""`sotay serve`: gunicorn's command line, per-pool defaults, refusals, and one real start on loopback."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sotay.core.serving import (
    ACCESS_LOG_FORMAT,
    ServePlan,
    ServeRefused,
    check_production,
    default_workers,
)
from sotay.env import ConfigError

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"
DEV_KEY = "dev-only"


def _plan(**changes: object) -> ServePlan:
    values: dict[str, object] = {
        "bind": "0.0.0.0:8000",
        "workers": 3,
        "threads": 4,
        "timeout": 30,
        "graceful_timeout": 30,
        "keep_alive": 5,
        "max_requests": 5000,
        "access_log": "-",
        "forwarded_allow_ips": "10.0.0.1",
        "pool": "members",
        "statement_timeout": 10,
    }
    return ServePlan(**(values | changes))  # type: ignore[arg-type]


def _after(argv: list[str], flag: str) -> str:
    return argv[argv.index(flag) + 1]


def test_argv_runs_threaded_gunicorn_with_the_plan():
    argv = _plan().argv()
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "sotay.wsgi:application"]
    assert _after(argv, "--bind") == "0.0.0.0:8000"
    assert _after(argv, "--worker-class") == "gthread"
    assert (_after(argv, "--workers"), _after(argv, "--threads"), _after(argv, "--timeout")) == (
        "3",
        "4",
        "30",
    )
    assert _after(argv, "--forwarded-allow-ips") == "10.0.0.1"
    assert _after(argv, "--max-requests-jitter") == "500"
    assert _after(argv, "--access-logfile") == "-"
    assert "--no-control-socket" in argv  # two pools on one host must not share gunicorn's control socket


def test_access_log_leaves_out_query_strings_where_names_are_searched():
    assert "%(U)s" in ACCESS_LOG_FORMAT
    assert "%(r)s" not in ACCESS_LOG_FORMAT
    assert "%(q)s" not in ACCESS_LOG_FORMAT


def test_access_log_off_and_no_recycling_leave_their_flags_out():
    argv = _plan(access_log="off", max_requests=0).argv()
    assert "--access-logfile" not in argv
    assert "--max-requests" not in argv


def test_workers_statement_timeout_comes_from_the_pool_unless_set():
    assert _plan().environment({})["SOTAY_DB_STATEMENT_TIMEOUT_MS"] == "10000"
    assert (
        _plan(pool="staff", statement_timeout=120).environment({})["SOTAY_DB_STATEMENT_TIMEOUT_MS"]
        == "120000"
    )
    chosen = _plan().environment({"SOTAY_DB_STATEMENT_TIMEOUT_MS": "2500"})
    assert chosen["SOTAY_DB_STATEMENT_TIMEOUT_MS"] == "2500"
    assert chosen["DJANGO_SETTINGS_MODULE"] == "sotay.settings"


def test_default_workers_follow_the_cores():
    assert default_workers(1, "all") == 2
    assert default_workers(2, "all") == 3
    # The members pool: twice the workers at 2 threads each (the same threads, half as many per GIL).
    assert default_workers(2, "members") == 6
    assert default_workers(16, "members") == 34
    assert default_workers(16, "staff") == 8


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"debug": True}, "SOTAY_DEBUG"),
        ({"secret_key": DEV_KEY}, "development default"),
        ({"secret_key": "short-key"}, "too short"),
        ({"secret_key": "a" * 60}, "too plain"),
        ({"allowed_hosts": []}, "ALLOWED_HOSTS"),
    ],
)
def test_refuses_settings_unfit_for_production(changes, says):
    values = {
        "debug": False,
        "secret_key": GOOD_KEY,
        "dev_secret_key": DEV_KEY,
        "allowed_hosts": ["sotay.vn"],
    }
    with pytest.raises(ServeRefused, match=says):
        check_production(**(values | changes))


def test_production_settings_are_accepted():
    check_production(debug=False, secret_key=GOOD_KEY, dev_secret_key=DEV_KEY, allowed_hosts=["sotay.vn"])


def test_command_refuses_debug(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="SOTAY_DEBUG"):
        call_command("serve", "--dry-run")


def test_command_refuses_the_development_secret_key(settings):
    from sotay.settings import DEV_SECRET_KEY

    settings.DEBUG = False
    settings.SECRET_KEY = DEV_SECRET_KEY
    with pytest.raises(CommandError, match="development default"):
        call_command("serve", "--dry-run")


@pytest.fixture
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.SECRET_KEY = GOOD_KEY
    settings.ALLOWED_HOSTS = ["sotay.example.vn"]
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "staticfiles.json").write_text("{}")
    return settings


def test_command_refuses_when_static_files_are_not_collected(production, tmp_path):
    (tmp_path / "staticfiles.json").unlink()
    with pytest.raises(CommandError, match="collectstatic"):
        call_command("serve", "--dry-run")


def test_dry_run_prints_what_it_serves_and_the_command(production, capsys, monkeypatch):
    monkeypatch.setenv("SOTAY_WORKERS", "7")
    monkeypatch.setenv("SOTAY_BIND", "0.0.0.0:9000")
    call_command("serve", "--dry-run", "--pool", "staff", "--threads", "2", bind="0.0.0.0:9000")
    out = capsys.readouterr().out
    assert "serving staff pages (/to-chuc/" in out
    assert "7 workers × 2 threads, worker timeout 180 s" in out
    assert "sotay.example.vn" in out
    assert "--bind 0.0.0.0:9000" in out


def test_member_workers_are_replaced_ten_times_less_often_than_staff_workers(production, capsys, monkeypatch):
    monkeypatch.delenv("SOTAY_MAX_REQUESTS", raising=False)
    monkeypatch.delenv("SOTAY_MEMBERS_MAX_REQUESTS", raising=False)
    call_command("serve", "--dry-run", "--pool", "members")
    assert "--max-requests 50000 --max-requests-jitter 5000" in capsys.readouterr().out
    call_command("serve", "--dry-run", "--pool", "staff")
    assert "--max-requests 5000 --max-requests-jitter 500" in capsys.readouterr().out
    monkeypatch.setenv("SOTAY_MAX_REQUESTS", "2000")
    monkeypatch.setenv("SOTAY_MEMBERS_MAX_REQUESTS", "0")  # the pool's own setting wins: never replaced
    call_command("serve", "--dry-run", "--pool", "members")
    assert "--max-requests" not in capsys.readouterr().out
    call_command("serve", "--dry-run", "--pool", "staff")
    assert "--max-requests 2000 " in capsys.readouterr().out


def test_command_refuses_a_malformed_worker_count(production, monkeypatch):
    monkeypatch.setenv("SOTAY_WORKERS", "many")
    with pytest.raises(ConfigError, match="SOTAY_WORKERS"):
        call_command("serve", "--dry-run")
    monkeypatch.delenv("SOTAY_WORKERS")
    with pytest.raises(CommandError, match="--threads"):
        call_command("serve", "--dry-run", "--threads", "0")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_answers_the_login_page_on_loopback(tmp_path):
    env = {
        **os.environ,
        "SOTAY_DEBUG": "0",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SOTAY_SSL_REDIRECT": "0",
        "SOTAY_DATA_DIR": str(tmp_path),
        "SOTAY_WORKERS": "1",
        "SOTAY_THREADS": "2",
        "DATABASE_URL": "",
    }
    sotay = [sys.executable, "-m", "sotay.cli"]
    collect = subprocess.run(
        [*sotay, "manage", "collectstatic", "--no-input"], env=env, cwd=ROOT, capture_output=True, timeout=180
    )
    assert collect.returncode == 0, collect.stderr
    port = _free_port()
    server = subprocess.Popen(
        [*sotay, "serve", "--bind", f"127.0.0.1:{port}", "--access-log", "off"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, body = time.monotonic() + 90, ""
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=30) as response:
                    assert response.status == 200
                    body = response.read().decode()
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.3)
        assert "Đăng nhập" in body
        # What every page loads besides itself, with production's hashed static names (the service
        # worker once asked the manifest for a name it has no entry for: a 500 on every page's load).
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', body)
        assert stylesheet, "the login page links its stylesheet"
        for path in ("/sw.js", "/manifest.webmanifest", stylesheet.group(1)):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
                assert response.status == 200, path
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert f"serving every page at http://127.0.0.1:{port}/" in output
    assert server.returncode == 0


def test_a_worker_leaves_what_it_booted_out_of_later_garbage_collections():
    # What gunicorn's worker imports. The URL patterns (and every view they import) live until the worker
    # exits: they are frozen, so that a full collection during a request does not walk them again.
    probe = (
        "import gc, sotay.wsgi, sotay.members.urls as urls;"
        "print(gc.get_freeze_count(), any(o is urls.urlpatterns for o in gc.get_objects()))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    run = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    frozen, still_walked = run.stdout.split()
    assert int(frozen) > 50_000
    assert still_walked == "False"


def test_a_pool_reads_its_own_variables_before_the_shared_ones(production, capsys, monkeypatch):
    monkeypatch.setenv("SOTAY_WORKERS", "7")
    monkeypatch.setenv("SOTAY_STAFF_WORKERS", "2")
    monkeypatch.setenv("SOTAY_MEMBERS_TIMEOUT", "20")
    call_command("serve", "--dry-run", "--pool", "staff")
    staff = capsys.readouterr().out
    assert "2 workers × 4 threads, worker timeout 180 s, nice 19" in staff
    call_command("serve", "--dry-run", "--pool", "members")
    members = capsys.readouterr().out
    assert "7 workers × 2 threads, worker timeout 20 s\n" in members
    with pytest.raises(CommandError, match="--nice must be from 0 to 19"):
        call_command("serve", "--dry-run", "--nice", "25")


def test_the_members_pool_spreads_its_threads_over_more_workers(production, capsys, monkeypatch):
    monkeypatch.setattr("sotay.core.management.commands.serve.available_cores", lambda: 2)
    for pool, shape in (
        ("members", "6 workers × 2 threads"),
        ("staff", "2 workers × 4 threads"),
        ("all", "3 workers × 4 threads"),
    ):
        call_command("serve", "--dry-run", "--pool", pool)
        assert shape in capsys.readouterr().out, pool
    monkeypatch.setenv("SOTAY_MEMBERS_THREADS", "4")  # a pool's own setting still wins
    call_command("serve", "--dry-run", "--pool", "members")
    assert "6 workers × 4 threads" in capsys.readouterr().out


def test_workers_know_their_pool_and_its_own_statement_timeout():
    env = _plan(pool="members", statement_timeout=5).environment(
        {"SOTAY_DB_STATEMENT_TIMEOUT_MS": "30000", "SOTAY_MEMBERS_DB_STATEMENT_TIMEOUT_MS": "2000"}
    )
    assert env["SOTAY_POOL"] == "members"
    assert env["SOTAY_DB_STATEMENT_TIMEOUT_MS"] == "2000"
    staff = _plan(pool="staff", statement_timeout=120).environment(
        {"SOTAY_MEMBERS_DB_STATEMENT_TIMEOUT_MS": "2000"}
    )
    assert staff["SOTAY_DB_STATEMENT_TIMEOUT_MS"] == "120000"


def test_member_pool_settings_give_every_connection_a_short_statement_timeout(monkeypatch):
    from sotay.core.serving import POOL_DEFAULTS
    from sotay.dbconfig import PostgresTuning, database_from_url

    env = _plan(pool="members", statement_timeout=POOL_DEFAULTS["members"].statement_timeout).environment({})
    tuning = PostgresTuning(statement_timeout_ms=int(env["SOTAY_DB_STATEMENT_TIMEOUT_MS"]))
    db = database_from_url("postgres://u@h/db", default_sqlite=Path("/tmp/x"), tuning=tuning)
    assert "-c statement_timeout=5000" in db["OPTIONS"]["options"]
    assert POOL_DEFAULTS["staff"].statement_timeout > POOL_DEFAULTS["members"].statement_timeout
