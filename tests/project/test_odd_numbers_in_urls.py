"""A hand-edited URL or form with an odd number — a superscript digit ("²" passes `str.isdigit()` and
fails `int()`), a number too large for a database integer — is a page or a 404, never a 500. Each line
was a 500 before `sotay.core.http.int_param`."""

from __future__ import annotations

import base64

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from tests import factories

SUP = "%C2%B2"  # "²"
HUGE = "9" * 30


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "url",
    [
        f"/dang-vien/?org={SUP}",
        f"/dang-vien/?after=a:{SUP}",
        f"/dang-vien/?before=a:{HUGE}",
        f"/dang-vien/?q=Nguyen&after=~{SUP}",
        f"/dang-ky/cho-duyet/?chi-bo={HUGE}",
        f"/thong-bao/?truoc={SUP}",
        f"/hoc-tap/moi/?org={SUP}&documents={SUP}&documents={HUGE}",
        f"/ghi-chu/moi/?van-ban={SUP}",
        f"/ghi-chu/moi/?sinh-hoat={SUP}",
    ],
)
def test_an_odd_number_in_a_url_is_never_a_500(client, tree, unit_staff, url):
    client.force_login(unit_staff)
    assert client.get(url).status_code in (200, 404)


def test_an_odd_number_in_a_member_url_is_never_a_500(client, member_user):
    client.force_login(member_user)
    for url in (
        f"/ghi-chu/moi/?van-ban={SUP}",
        f"/ghi-chu/moi/?sinh-hoat={HUGE}",
        f"/thong-bao/?truoc={HUGE}",
    ):
        assert client.get(url).status_code in (200, 404), url


def test_an_odd_number_in_a_form_is_never_a_500(client, tree, unit_staff):
    client.force_login(unit_staff)
    assert client.post("/hoc-tap/moi/", {"title": "x", "documents": [HUGE, "²"]}).status_code == 200
    assert client.post(reverse("campaign_create"), {"root": "²"}).status_code == 404


def test_an_odd_number_in_an_api_cursor_is_a_400(client, tree, db):
    from sotay.api.actions import issue_token

    user = factories.user("api1", role=Role.UNIT_STAFF, at=tree.ward1)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, device='máy')[1]}"}
    assert client.get(f"/api/v1/auth/tokens?cursor={_cursor('²')}", **auth).status_code == 400
