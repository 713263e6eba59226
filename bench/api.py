"""Requests per second and p99 latency of API endpoints, through Django's WSGI handler in-process.

In-process (no HTTP server, no socket): the figures are the application's own cost — middleware, the
token check, the view, its queries, JSON — without gunicorn's or the network's share, and they do not
depend on a load generator competing for the same cores. Production settings (DEBUG off); database
connections are closed after each request as in production with CONN_MAX_AGE=0 (SQLite reopens its
file per request). One request at a time, so req/s is 1 / mean latency.

Three endpoints in the same run, each after a warm-up:
  * baseline — `GET /api/v1/me` without a token: the whole middleware stack and ninja's routing, a 401
    problem, and no database query (the script checks that);
  * the member's own record — `GET /api/v1/me` with the demo member's token (`dangvien`);
  * the member's meetings — `GET /api/v1/meetings` and one meeting `GET /api/v1/meetings/{id}` (agenda,
    documents, motions, one's answer), a published meeting of the member's branch (made if the demo has none);
  * check-in — `POST /api/v1/check-in` with the QR token of that meeting (the first call checks in, the
    others are the "already present" answer of a second scan: the path a crowd at the door takes);
  * the member list — `GET /api/v1/members`, first page of 50, with the city staff's token (`bantochuc.tp`).

Without DATABASE_URL a throw-away SQLite database with the demo data is made in a temporary folder
(`sotay migrate` and `sotay demo --members N`); with DATABASE_URL that database must already hold the demo.

    .venv/bin/python bench/api.py --members 1000    # SQLite (the demo of 1500 fails today: docs/api.md)
    .venv/bin/python bench/api.py --members 20000 --requests 1000
    DATABASE_URL=postgres://sotay@127.0.0.1:5544/sotay .venv/bin/python bench/api.py
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ENV = {
    "SOTAY_DEBUG": "0",
    "SECRET_KEY": "bench-only-key-" + "x" * 50,
    "SOTAY_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SOTAY_STAFF_2FA": "0",
    "DJANGO_SETTINGS_MODULE": "sotay.settings",
}


def prepare(members: int) -> None:
    """A fresh SQLite database with the demo in a temporary folder (unless DATABASE_URL names one)."""
    os.environ.update(ENV)
    if os.environ.get("DATABASE_URL"):
        return
    os.environ["SOTAY_DATA_DIR"] = tempfile.mkdtemp(prefix="sotay-bench-api-")
    for argv in (["migrate", "--no-input"], ["demo", "--members", str(members)]):
        subprocess.run([str(VENV_BIN / "sotay"), *argv], check=True, capture_output=True, env=os.environ)


def environ(path: str, token: str | None, body: bytes = b"") -> dict[str, object]:
    import io

    env: dict[str, object] = {
        "REQUEST_METHOD": "POST" if body else "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }
    if body:
        env["CONTENT_TYPE"], env["CONTENT_LENGTH"] = "application/json", str(len(body))
    if token:
        env["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return env


def measure(
    app: Callable, path: str, token: str | None, expect: int, n: int, body: bytes = b""
) -> tuple[float, float, float]:
    """req/s, p50 and p99 in ms over `n` sequential requests (after 30 unmeasured ones)."""
    status: list[str] = []

    def start_response(s: str, headers: list, exc_info: object = None) -> None:
        status.append(s)

    durations = []
    for i in range(30 + n):
        status.clear()
        t0 = time.perf_counter()
        answer = app(environ(path, token, body), start_response)
        b"".join(answer)
        getattr(answer, "close", lambda: None)()
        elapsed = time.perf_counter() - t0
        if not status[0].startswith(str(expect)):
            raise SystemExit(f"{path}: expected {expect}, got {status[0]}")
        if i >= 30:
            durations.append(elapsed)
    q = statistics.quantiles(durations, n=100)
    return n / sum(durations), q[49] * 1000, q[98] * 1000


def queries_of(path: str, token: str | None, body: bytes = b"") -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    with CaptureQueriesContext(connection) as ctx:
        client = Client(HTTP_HOST="127.0.0.1")
        if body:
            client.post(path, body, content_type="application/json", **headers)
        else:
            client.get(path, **headers)
    return len(ctx)


def branch_meeting(user: Any) -> int:
    """A published meeting of the member's branch, under way now (so that check-in is open)."""
    import datetime

    from django.utils import timezone

    from sotay.meetings.actions.meetings import create_meeting, publish_meeting
    from sotay.meetings.models import Meeting

    now = timezone.now()
    meeting = Meeting.objects.of_branch(user.member.org_id).published().order_by("-id").first()
    if meeting is None:
        meeting = create_meeting(
            by=None,
            branch=user.member.org,
            kind="regular",
            title="Sinh hoạt chi bộ (bench)",
            starts_at=now + datetime.timedelta(days=1),
            ends_at=now + datetime.timedelta(days=1, hours=1),
            place="Hội trường",
        )
        publish_meeting(by=None, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now, ends_at=now + datetime.timedelta(hours=2))
    return meeting.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--members", type=int, default=1500, help="demo size for the SQLite run (default 1500)"
    )
    parser.add_argument(
        "--requests", type=int, default=400, help="measured requests per endpoint (default 400)"
    )
    args = parser.parse_args()
    prepare(args.members)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    logging.disable(logging.WARNING)  # the baseline's 401s would print one line each
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from sotay.accounts.models import User
    from sotay.api.actions import issue_token
    from sotay.meetings import checkin
    from sotay.members.models import Member

    meeting_id = branch_meeting(User.objects.get(username="dangvien"))
    member_token = issue_token(user=User.objects.get(username="dangvien"), device="bench")[1]
    staff_token = issue_token(user=User.objects.get(username="bantochuc.tp"), device="bench")[1]
    app = get_wsgi_application()
    check_in = b"<a fresh QR token>"  # made just before its run: a token lives about two minutes
    endpoints = [
        ("baseline: GET /api/v1/me, no token (401)", "/api/v1/me", None, 401, b""),
        ("member's home (own record): GET /me", "/api/v1/me", member_token, 200, b""),
        ("member's meetings: GET /meetings", "/api/v1/meetings", member_token, 200, b""),
        ("a meeting: GET /meetings/{id}", f"/api/v1/meetings/{meeting_id}", member_token, 200, b""),
        ("check-in: POST /check-in", "/api/v1/check-in", member_token, 200, check_in),
        ("member list: GET /api/v1/members (50)", "/api/v1/members", staff_token, 200, b""),
    ]
    print(
        f"{connection.vendor}, {Member.objects.count()} members, {args.requests} sequential requests each, "
        "WSGI handler in-process, DEBUG off"
    )
    print(f"{'endpoint':<44} {'queries':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for label, path, token, expect, body in endpoints:
        if body == check_in:
            body = json.dumps({"token": checkin.make_token(meeting_id)}).encode()
        queries = queries_of(path, token, body)
        rate, p50, p99 = measure(app, path, token, expect, args.requests, body)
        print(f"{label:<44} {queries:>7} {rate:>8.0f} {p50:>8.2f} {p99:>8.2f}")


if __name__ == "__main__":
    main()
