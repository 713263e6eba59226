"""A form sent with a stale CSRF token (the page was opened before signing in again elsewhere) gets a
Vietnamese page that says what happened and what to do, not Django's English one."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.meetings.conftest import make_meeting


def test_a_stale_form_gets_a_vietnamese_page_and_changes_nothing(member_user, tree):
    meeting = make_meeting(tree.branch1, publish=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_user)
    client.get(reverse("meeting_detail", args=[meeting.pk]))  # sets the CSRF cookie
    response = client.post(
        reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "attending", "csrfmiddlewaretoken": "x" * 64}
    )
    body = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu này đã cũ" in body
    assert "tải lại trang" in body
    assert "Forbidden" not in body
    assert not meeting.rsvps.exists()
