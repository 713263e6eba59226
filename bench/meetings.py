"""Benchmark: branch meetings — publishing to a 60-member branch (invitations written by the notifications'
fan-out, run inline), the meeting page (60 members, 10 documents, 100 comments) and the QR check-in request,
next to the login page (no database read beyond the session) timed in the same run, through Django's full
request stack (test client, every middleware).

SQLite in a temporary folder by default; `DATABASE_URL=postgres://…` runs it on PostgreSQL (an empty
database). Prints milliseconds (median of the repeats); asserts nothing.

    .venv/bin/python bench/meetings.py
    DATABASE_URL=postgres://sotay@127.0.0.1:5544/sotay .venv/bin/python bench/meetings.py --repeat 30
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NAMES = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc"]


def _median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sotay-bench-meetings-"))
    os.environ["SOTAY_DATA_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sotay.settings"
    os.environ["SOTAY_DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["SOTAY_TASKS"] = "immediate"  # the invitations' fan-out runs inside the publish request
    os.environ["SOTAY_STAFF_2FA"] = "0"
    os.environ["SOTAY_SSL_REDIRECT"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)  # production's static storage
    from sotay.accounts.models import Role
    from sotay.meetings import checkin
    from sotay.meetings.actions.before import add_comment
    from sotay.meetings.actions.meetings import add_agenda_item, attach_document, create_meeting
    from sotay.meetings.models import Attendance, Meeting
    from sotay.notifications.models import Notification
    from sotay.orgs.models import OrgType
    from tests import factories

    city = factories.org("79", OrgType.DANG_BO_TINH, None)
    ward = factories.org("79.P9", OrgType.DANG_BO_PHUONG, city)
    branch = factories.org("79.P9.B1", OrgType.CHI_BO_CO_SO, ward)
    users = []
    for i in range(args.members):
        m = factories.member(branch, full_name=f"Nguyễn Văn {NAMES[i // 10 % 10]} {NAMES[i % 10]}")
        users.append(factories.user(f"dv{i}", role=Role.MEMBER, at=branch, member=m))
    secretary = factories.user("bithu", role=Role.BRANCH_SECRETARY, at=branch)
    day = timezone.localdate() + datetime.timedelta(days=3)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 0)))
    meeting = create_meeting(
        by=secretary,
        branch=branch,
        kind="regular",
        title="Sinh hoạt thường kỳ",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Hội trường",
    )
    items = [add_agenda_item(by=secretary, meeting=meeting, title=f"Nội dung {i}") for i in range(4)]
    for i in range(10):
        attach_document(
            by=secretary,
            meeting=meeting,
            title=f"Tài liệu {i}",
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 20000 + b"\n%%EOF\n"),
        )
    print(f"database: {django.db.connection.vendor}; branch of {args.members} members, 10 documents")

    anonymous = Client()
    login_ms = _median_ms(lambda: anonymous.get("/dang-nhap/"), args.repeat)
    print(f"login page (no database read)          : {login_ms:7.1f} ms")

    sec = Client()
    sec.force_login(secretary)
    start = time.perf_counter()
    response = sec.post(f"/sinh-hoat/{meeting.pk}/gui-giay-moi/")
    publish_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 302, response.status_code
    print(
        f"publish to {args.members} members (invitations) : {publish_ms:7.1f} ms "
        f"({Notification.objects.count()} notifications written)"
    )
    meeting.refresh_from_db()  # published now (the agenda items share this instance)
    for i in range(100):
        add_comment(by=users[i % len(users)], item=items[i % 4], body=f"Ý kiến số {i}")

    member = Client()
    member.force_login(users[0])
    url = f"/sinh-hoat/{meeting.pk}/"
    print(f"meeting page, secretary (100 comments) : {_median_ms(lambda: sec.get(url), args.repeat):7.1f} ms")
    print(
        f"meeting page, member                   : {_median_ms(lambda: member.get(url), args.repeat):7.1f} ms"
    )

    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now, ends_at=now + datetime.timedelta(hours=1))
    clients = []
    for u in users:
        c = Client()
        c.force_login(u)
        # The member opens the scanned link first (the confirmation page): this also builds the test client's
        # handler, whose middleware set-up (WhiteNoise indexing every static file) happens once per process
        # in production and must not be timed as the check-in.
        c.get("/sinh-hoat/diem-danh/")
        clients.append(c)
    token = checkin.make_token(meeting.pk)
    times = []
    for c in clients:
        start = time.perf_counter()
        c.post("/sinh-hoat/diem-danh/", {"ma": token})
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"check-in request ({len(clients)} members)          : {statistics.median(times):7.1f} ms median, "
        f"{max(times):.1f} ms max; {Attendance.objects.count()} present"
    )
    again = _median_ms(lambda: anonymous.get("/dang-nhap/"), args.repeat)
    print(f"login page again (same run)            : {again:7.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
