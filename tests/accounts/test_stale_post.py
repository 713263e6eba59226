"""A form sent after the session ended leads, after signing in again, back to the page it was on (not to
its POST-only address, which answered 405 with an empty page), and the sign-in page says to send it again."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from sotay.meetings.models import Rsvp
from tests.meetings.conftest import make_meeting


@pytest.fixture
def meeting(tree):
    return make_meeting(tree.branch1, publish=True)


def _next(response):
    parts = urlsplit(response["Location"])
    assert parts.path == reverse("login")
    return parse_qs(parts.query)["next"][0]


def test_after_signing_in_again_the_member_is_back_on_the_meeting_page(client, member_user, meeting):
    page = reverse("meeting_detail", args=[meeting.pk])
    response = client.post(
        reverse("meeting_rsvp", args=[meeting.pk]),
        {"answer": "attending"},
        HTTP_REFERER=f"http://testserver{page}?xem=1",
    )
    assert _next(response) == f"{page}?xem=1"
    login_page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã hết hạn nên nội dung vừa gửi chưa được lưu" in login_page
    assert not Rsvp.objects.exists()
    # Signing in follows `next` to the page, which a GET answers.
    client.force_login(member_user)
    assert client.get(f"{page}?xem=1").status_code == 200


@pytest.mark.parametrize("referer", ["", "https://evil.example/sinh-hoat/1/", "javascript:alert(1)"])
def test_without_a_referer_on_this_site_it_is_the_home_page(client, meeting, referer):
    headers = {"HTTP_REFERER": referer} if referer else {}
    response = client.post(reverse("meeting_rsvp", args=[meeting.pk]), {"answer": "attending"}, **headers)
    assert _next(response) == reverse("home")


def test_a_get_to_the_sign_in_redirect_is_left_as_it_was(client, meeting):
    page = reverse("meeting_detail", args=[meeting.pk])
    assert _next(client.get(page)) == page
