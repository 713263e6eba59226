"""Throughput and latency of the production servers on this machine: gunicorn (sync, gthread) and granian.

Each server runs in production mode (DEBUG off) on a free loopback port; `wrk` (Debian package `wrk`) loads
two pages for a few seconds each: the login page (no database read beyond the session) and a signed-in
member's own profile (`/ho-so/`: session, user, member, branch, and an audit row written per read). The
figures are in docs/adr/0008-production-server.md. Needs the demo data (`sotay migrate && sotay demo`) and
`sotay manage collectstatic` run with the same settings.

    .venv/bin/python bench/serve.py                         # 8 s per page and server, 8 connections
    .venv/bin/python bench/serve.py --seconds 5 --connections 16 --servers gthread granian

granian is not a dependency (docs/adr/0008): install it by hand to measure it (`uv pip install granian`).
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ENV = {
    "SOTAY_DEBUG": "0",
    "SECRET_KEY": "bench-only-key-" + "x" * 50,
    "SOTAY_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_argv(kind: str, port: int, workers: int, threads: int) -> list[str]:
    bind = f"127.0.0.1:{port}"
    gunicorn = [str(VENV_BIN / "gunicorn"), "-b", bind, "-w", str(workers), "--no-control-socket"]
    if kind == "sync":
        return [*gunicorn, "-k", "sync", "sotay.wsgi:application"]
    if kind == "gthread":
        return [*gunicorn, "-k", "gthread", "--threads", str(threads), "sotay.wsgi:application"]
    if kind == "granian":
        return [
            str(VENV_BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(workers), "--blocking-threads", str(threads), "sotay.wsgi:application",
        ]  # fmt: skip
    raise ValueError(kind)


def session_cookie(env: dict[str, str]) -> str:
    code = (
        "from django.test import Client; from sotay.accounts.models import User; c = Client(); "
        "c.force_login(User.objects.get(username='dangvien')); print(c.cookies['sessionid'].value)"
    )
    out = subprocess.run(
        [str(VENV_BIN / "sotay"), "manage", "shell", "-c", code], env=env, capture_output=True, text=True
    )
    return out.stdout.strip().splitlines()[-1]


def wait_ready(port: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not answer")


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU of a server: its master and the workers it forked (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(stat.parent.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def wrk(url: str, seconds: int, connections: int, cookie: str | None) -> dict[str, str]:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url]
    if cookie:
        cmd += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    done = re.search(r"(\d+) requests in", out)
    return {
        "requests": done.group(1) if done else "0",
        "rps": rps.group(1) if rps else "?",
        "p50": p50.group(1) if p50 else "?",
        "p99": p99.group(1) if p99 else "?",
        "non2xx": errors.group(1) if errors else "0",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--servers", nargs="+", default=["sync", "sync:5", "gthread", "granian"], help="KIND[:WORKERS]"
    )
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    env = {**os.environ, **ENV}
    cookie = session_cookie(env)
    print(f"{'server':<28} {'page':<12} {'req/s':>8} {'p50':>9} {'p99':>9} {'non-2xx':>8} {'cpu ms/req':>8}")
    for spec in args.servers:
        kind, _, count = spec.partition(":")  # "sync:5" = five sync workers
        workers = int(count) if count else args.workers
        port = free_port()
        threads = 1 if kind == "sync" else args.threads
        label = f"{kind} w={workers}" + (f" t={threads}" if kind != "sync" else "")
        proc = subprocess.Popen(
            server_argv(kind, port, workers, threads),
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_ready(port)
            for page, path, with_cookie in (("login", "/dang-nhap/", False), ("profile", "/ho-so/", True)):
                url = f"http://127.0.0.1:{port}{path}"
                for _ in range(workers * 2):  # warm every worker (first request imports the views)
                    req = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
                    urllib.request.urlopen(req, timeout=30).read()
                cpu = tree_cpu_seconds(proc.pid)
                r = wrk(url, args.seconds, args.connections, cookie if with_cookie else None)
                # CPU per request is steadier than req/s on a machine shared with other work.
                cpu_ms = (tree_cpu_seconds(proc.pid) - cpu) * 1000 / max(1, int(r["requests"]))
                print(
                    f"{label:<28} {page:<12} {r['rps']:>8} {r['p50']:>9} {r['p99']:>9} {r['non2xx']:>8} "
                    f"{cpu_ms:>8.1f}"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
