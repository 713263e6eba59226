"""A NUL character anywhere in a request's text is refused before any view reads it (sotay/core/nul.py):
PostgreSQL cannot store one, and a view that passed it on answered 500 (found by the campaign form fuzzer
and schemathesis on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.notes.models import Note
from tests.api.bearer import bearer

pytestmark = pytest.mark.django_db


def test_a_form_field_with_nul_gets_a_vietnamese_400_and_writes_nothing(client, member_user):
    client.force_login(member_user)
    response = client.post(reverse("note_new"), {"body": "Ghi chú\x00 có ký tự rỗng"})
    assert response.status_code == 400
    assert "ký tự rỗng (NUL" in response.content.decode()
    assert not Note.objects.exists()
    assert client.post(reverse("note_new"), {"body": "Ghi chú bình thường"}).status_code == 302
    assert Note.objects.count() == 1


@pytest.mark.parametrize("query", ["q=%00", "q=nguy%00en", "%00=1", "org=1&q=a&q=%00"])
def test_a_query_string_with_nul_gets_400(client, unit_staff, query):
    client.force_login(unit_staff)
    response = client.get(f"{reverse('member_list')}?{query}")
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_the_api_answers_422_for_nul_in_json_and_accepts_the_text_backslash_u0000(client, member_user):
    me = bearer(client, member_user)
    r = me("post", "/notes", {"body": "Đọc\x00 kỹ"})
    assert r.status_code == 422
    assert r["Content-Type"].startswith("application/problem+json")
    assert "NUL" in r.json()["detail"]
    assert not Note.objects.exists()
    r = me("post", "/notes", {"body": "Viết \\u0000 là sáu ký tự"})  # a backslash, then u0000: no NUL
    assert r.status_code == 201, r.content
    assert Note.objects.get().body == "Viết \\u0000 là sáu ký tự"
    assert me("get", "/notes?q=%00").status_code == 422
    # A form body to the API is looked at too, and the API can still read the body afterwards.
    r = client.post("/api/v1/auth/token", {"username": "a\x00b", "password": "x"})
    assert r.status_code == 422
    assert client.post("/api/v1/auth/token", {"username": "khong-co", "password": "x"}).status_code < 500
