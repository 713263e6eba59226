"""Benchmark: what a member's pages cost per request in-process — CPU milliseconds (`time.process_time`,
the least of the repeats: on a shared machine the median follows the machine's load), queries and the
database server's CPU for them (PostgreSQL's backend process, the mean of the repeats) — next
to the login page (no database read beyond the session) in the same run, through Django's full request
stack (test client, every middleware, DEBUG off), with the connection readied for each request as the
WSGI handler does (`close_old_connections`: on PostgreSQL, the kept connection's health check).

The data is a meeting day's: a branch of 60 members with accounts, today's published meeting with 4 agenda
items, 10 documents (the member opened 3), 100 comments, the member checked in; the member has history
events and a correction report. SQLite in a temporary folder by default; `DATABASE_URL=postgres://…` runs it
on PostgreSQL (an empty database). `--profile PAGE` prints cProfile's top functions for one page.
`--root DIR` runs the code of another checkout (the baseline: `git archive COMMIT | tar -x -C DIR`).

    .venv/bin/python bench/member_pages.py
    .venv/bin/python bench/member_pages.py --root /tmp/base   # the same figures for another commit
    .venv/bin/python bench/member_pages.py --profile meeting
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAMES = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc"]


def _cpu_ms(fn: Callable[[], Any], repeat: int, backend: int | None) -> tuple[float, float]:
    """The page's CPU milliseconds in this process (the least of the repeats), and the mean of the
    database server's for it (its backend process's, from /proc: PostgreSQL only, else NaN)."""
    times = []
    db_before = _backend_cpu(backend)
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    db_ms = (_backend_cpu(backend) - db_before) * 1000 / repeat
    return min(times), db_ms  # the least disturbed request: the median moves with the machine's load


def _backend_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) of the PostgreSQL backend serving this process; NaN elsewhere."""
    if pid is None:
        return float("nan")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _setup(members: int) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from sotay.accounts.models import Role
    from sotay.meetings.actions.attendance import mark_attendance
    from sotay.meetings.actions.before import add_comment, record_read
    from sotay.meetings.actions.meetings import (
        add_agenda_item,
        attach_document,
        create_meeting,
        publish_meeting,
    )
    from sotay.meetings.models import Meeting
    from sotay.orgs.models import OrgType
    from tests import factories

    city = factories.org("79", OrgType.DANG_BO_TINH, None)
    ward = factories.org("79.P9", OrgType.DANG_BO_PHUONG, city)
    branch = factories.org("79.P9.B1", OrgType.CHI_BO_CO_SO, ward)
    users = []
    for i in range(members):
        m = factories.member(branch, full_name=f"Nguyễn Văn {NAMES[i // 10 % 10]} {NAMES[i % 10]}")
        users.append(factories.user(f"dv{i}", role=Role.MEMBER, at=branch, member=m))
    secretary = factories.user("bithu", role=Role.BRANCH_SECRETARY, at=branch)
    now = timezone.now()
    meeting = create_meeting(
        by=secretary,
        branch=branch,
        kind="regular",
        title="Sinh hoạt thường kỳ",
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
        place="Hội trường",
    )
    items = [add_agenda_item(by=secretary, meeting=meeting, title=f"Nội dung {i}") for i in range(4)]
    docs = [
        attach_document(
            by=secretary,
            meeting=meeting,
            title=f"Tài liệu {i}",
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 2000 + b"\n%%EOF\n"),
        )
        for i in range(10)
    ]
    publish_meeting(by=secretary, meeting=meeting)
    # Under way now (scheduling in the past is refused, so it is moved afterwards).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now - datetime.timedelta(minutes=10))
    meeting.refresh_from_db()
    for i in range(100):
        add_comment(by=users[i % len(users)], item=items[i % 4], body=f"Ý kiến số {i}")
    me = users[0]
    for d in docs[:3]:
        record_read(by=me, document=d)
    mark_attendance(by=secretary, meeting=meeting, member=me.member, presence="present")
    _profile_data(me)
    return {"user": me, "meeting": meeting}


def _profile_data(user: Any) -> None:
    """A correction report, so the profile page shows both sections."""
    try:
        from sotay.corrections.actions import submit_correction

        submit_correction(by=user, member=user.member, field="phone", value="0909000111", note="Số mới")
    except Exception as e:
        print(f"(no correction report: {type(e).__name__}: {e})")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    pages_named = ["login", "home", "profile", "meeting", "check-in"]
    parser.add_argument("--profile", choices=pages_named)
    parser.add_argument("--queries", choices=pages_named, help="print its SQL")
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    work = Path(tempfile.mkdtemp(prefix="sotay-bench-member-pages-"))
    os.environ["SOTAY_DATA_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sotay.settings"
    os.environ["SOTAY_DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["SOTAY_TASKS"] = "immediate"
    os.environ["SOTAY_STAFF_2FA"] = "0"
    os.environ["SOTAY_SSL_REDIRECT"] = "0"
    # One connection for the whole run: its backend's CPU is what the table's last column reads.
    os.environ["SOTAY_DB_CONN_MAX_AGE"] = "86400"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import sotay

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    data = _setup(args.members)
    print(f"code: {Path(sotay.__file__).parent.parent}; database: {connection.vendor}")

    anonymous, member = Client(), Client()
    member.force_login(data["user"])
    from sotay.meetings.checkin import make_token

    token = make_token(data["meeting"].pk)
    pages: dict[str, tuple[Client, str]] = {
        "login": (anonymous, "/dang-nhap/"),
        "home": (member, "/"),
        "profile": (member, "/ho-so/"),
        "meeting": (member, f"/sinh-hoat/{data['meeting'].pk}/"),
        # The QR check-in (POST; the member is checked in already, as on the second scan).
        "check-in": (member, "/sinh-hoat/diem-danh/"),
    }

    def fetch(client: Client, url: str) -> Any:
        # What the WSGI handler's `request_started` signal does, and Django's test client skips: ready
        # the kept connection for a new request, so that its health check runs as in production.
        close_old_connections()
        if url == "/sinh-hoat/diem-danh/":
            response = client.post(url, {"ma": token})
            # The page the phone is sent to shows the message and so clears it (bench/load_users.py).
            client.cookies.pop("messages", None)
            return response
        return client.get(url)

    for client, url in pages.values():  # warm-up: handler, templates, URL resolver
        status = fetch(client, url).status_code
        assert status in (200, 302), (url, status)
    if args.queries:
        client, url = pages[args.queries]
        with CaptureQueriesContext(connection) as ctx:
            fetch(client, url)
        for q in ctx.captured_queries:
            print(q["sql"][:300])
        return 0
    if args.profile:
        import cProfile
        import pstats

        client, url = pages[args.profile]
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(args.repeat):
            fetch(client, url)
        prof.disable()
        prof.dump_stats(str(work / "profile.out"))
        print("profile:", work / "profile.out")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return 0
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    login_ms = 0.0
    print(f"{'page':<10} {'CPU ms':>8} {'× login':>8} {'queries':>8} {'db CPU ms':>10}")
    for name, (client, url) in pages.items():
        ms, db_ms = _cpu_ms(lambda c=client, u=url: fetch(c, u), args.repeat, backend)  # type: ignore[misc]
        with CaptureQueriesContext(connection) as ctx:
            fetch(client, url)
        login_ms = login_ms or ms
        print(f"{name:<10} {ms:8.1f} {ms / login_ms:8.2f} {len(ctx.captured_queries):8d} {db_ms:10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
