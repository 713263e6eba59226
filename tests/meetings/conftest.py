# Django persona fixtures live in tests/personas.py so that the Django-free suites never import Django.
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.meetings import notices
from sotay.meetings.actions.meetings import add_agenda_item, create_meeting, publish_meeting
from tests.personas import *  # noqa: F403

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="tai-lieu.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def soon(days=3, hour=19):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture(autouse=True)
def files_dir(settings, tmp_path):
    settings.SOTAY_MEETING_FILES_DIR = tmp_path / "meeting-files"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sent(monkeypatch):
    """Every notification the meetings send, as (kind, user ids, title, body, dedupe)."""
    out = []

    def fake(*, users, kind, title, body="", url="", dedupe=""):
        out.append(
            {
                "kind": kind,
                "users": sorted(u.pk for u in users),
                "title": title,
                "body": body,
                "url": url,
                "dedupe": dedupe,
            }
        )

    monkeypatch.setattr(notices, "_notify", fake)
    return out


def make_meeting(branch, *, by=None, days=3, title="Sinh hoạt thường kỳ tháng", publish=False, **kw):
    starts = soon(days)
    meeting = create_meeting(
        by=by,
        branch=branch,
        kind=kw.pop("kind", "regular"),
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1, minutes=30),
        place="Nhà văn hóa khu phố",
        **kw,
    )
    add_agenda_item(by=by, meeting=meeting, title="Đánh giá tình hình tháng", presenter="Bí thư")
    if publish:
        publish_meeting(by=by, meeting=meeting)
        meeting.refresh_from_db()
    return meeting


@pytest.fixture
def meeting(tree, sent):
    return make_meeting(tree.branch1, publish=True)
