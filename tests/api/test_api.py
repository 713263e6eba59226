"""The API: tokens, the member's own record, staff lists scoped like the pages (404 outside)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from sotay.api.actions import issue_token
from sotay.api.models import ApiToken
from sotay.audit.models import AuditEvent

PROBLEM = "application/problem+json"


def _bearer(user) -> dict[str, str]:
    _, secret = issue_token(user=user, device="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_members_day(client, member_user, hoa):
    member_user.set_password("mat-khau-dai-1")
    member_user.save()
    r = client.post(
        "/api/v1/auth/token",
        {"username": "hoa", "password": "mat-khau-dai-1", "device": "Điện thoại"},
        content_type="application/json",
    )
    assert r.status_code == 200
    token = r.json()["token"]
    assert not ApiToken.objects.filter(token_hash=token).exists()  # stored hashed
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    me = client.get("/api/v1/me", **auth).json()
    assert me["id"] == hoa.pk
    assert me["full_name"] == "Nguyễn Văn Hòa"
    data = client.get("/api/v1/me/data", **auth)
    assert data.status_code == 200
    assert "hồ sơ" in data.json()
    assert AuditEvent.objects.filter(object_type="api_token").count() == 2  # issue, first use today


def test_wrong_password_is_a_problem_in_vietnamese(client, member_user):
    r = client.post(
        "/api/v1/auth/token", {"username": "hoa", "password": "sai"}, content_type="application/json"
    )
    assert r.status_code == 401
    assert "mật khẩu" in r.json()["detail"]


def test_session_is_not_accepted(client, member_user):
    client.force_login(member_user)
    r = client.get("/api/v1/me")
    assert r.status_code == 401
    assert r.json()["status"] == 401


def test_revoked_and_expired_tokens_are_refused(client, member_user):
    auth = _bearer(member_user)
    token = ApiToken.objects.get()
    assert client.get("/api/v1/me", **auth).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token.pk}", **auth).status_code == 204
    assert client.get("/api/v1/me", **auth).status_code == 401
    auth2 = _bearer(member_user)
    ApiToken.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now() - datetime.timedelta(1))
    assert client.get("/api/v1/me", **auth2).status_code == 401


@pytest.mark.parametrize(
    ("persona", "sees_hoa", "sees_binh"),
    [
        ("member_user", False, False),
        ("secretary", True, False),
        ("unit_staff", True, False),
        ("outsider", False, True),
    ],
)
def test_member_detail_is_scoped(client, request, hoa, binh, persona, sees_hoa, sees_binh):
    auth = _bearer(request.getfixturevalue(persona))
    for m, sees in ((hoa, sees_hoa), (binh, sees_binh)):
        r = client.get(f"/api/v1/members/{m.pk}", **auth)
        assert r.status_code == (200 if sees else 404)
        if sees:
            assert r.json()["cccd"] != m.cccd  # masked
    r = client.get("/api/v1/members", **auth)
    if persona == "member_user":
        assert r.status_code == 404  # a list for staff only
        return
    listed = {i["id"] for i in r.json()["items"]}
    assert (hoa.pk in listed) == sees_hoa
    assert (binh.pk in listed) == sees_binh


def test_member_list_search_by_the_start_of_the_folded_name(client, unit_staff, hoa, lan, binh):
    """`q` is the start of the name with or without marks (the name key's index range), or a code."""
    auth = _bearer(unit_staff)

    def found(q: str) -> set[int]:
        r = client.get("/api/v1/members", {"q": q}, **auth)
        assert r.status_code == 200
        return {i["id"] for i in r.json()["items"]}

    assert found("nguyen van") == found("Nguyễn  Văn") == found("NGUYỄN VĂN H") == {hoa.pk}
    assert found("văn hòa") == set()  # not the start of the name
    assert found("le thi") == {lan.pk}
    assert found("pham") == set()  # Bình is outside the staff's subtree
    assert found(hoa.code) == {hoa.pk}
    assert found("%") == found("'_'") == set()


def test_org_children_outside_scope_is_404(client, secretary, unit_staff, tree):
    assert client.get(f"/api/v1/orgs/{tree.ward2.pk}/children", **_bearer(unit_staff)).status_code == 404
    r = client.get(f"/api/v1/orgs/{tree.ward1.pk}/children", **_bearer(unit_staff))
    assert [o["id"] for o in r.json()["items"]] == [tree.unit1.pk]
    assert client.get(f"/api/v1/orgs/{tree.unit1.pk}/children", **_bearer(secretary)).status_code == 404


def test_someone_elses_token_cannot_be_revoked(client, member_user, secretary):
    issue_token(user=secretary, device="x")
    other = ApiToken.objects.get(user=secretary)
    assert client.delete(f"/api/v1/auth/tokens/{other.pk}", **_bearer(member_user)).status_code == 404


def test_openapi_is_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    assert r.json()["openapi"].startswith("3.1")


def test_an_oversized_body_is_a_413_problem(client, settings):
    settings.SOTAY_API_MAX_BODY_BYTES = 1024
    r = client.post(
        "/api/v1/auth/token", {"username": "x" * 2000, "password": "y"}, content_type="application/json"
    )
    assert r.status_code == 413
    assert r["Content-Type"].startswith(PROBLEM)
    assert "quá lớn" in r.json()["detail"]


def test_a_too_long_field_is_a_422_problem(client):
    r = client.post(
        "/api/v1/auth/token", {"username": "x" * 151, "password": "y"}, content_type="application/json"
    )
    assert r.status_code == 422
    assert r["Content-Type"].startswith(PROBLEM)
    assert "username" in r.json()["detail"]


def test_the_reference_page_is_served_without_script(client):
    assert client.get("/api/v1/").url == "/api/v1/docs"
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    page = r.content.decode()
    assert not re.findall(r"<script(?![^>]*\bsrc=)", page)  # no inline script (only the site's htmx file)
    assert "/api/v1/staff/tokens/{token_id}" in page
    assert "Họ và tên" in page  # a member field's label from the field table
    assert "script-src 'self'" in r["Content-Security-Policy"]


def test_unit_staff_revoke_a_token_in_their_subtree_audited(client, unit_staff, member_user, outsider):
    target, _ = issue_token(user=member_user, device="Điện thoại mất")
    far, _ = issue_token(user=outsider, device="x")
    auth = _bearer(unit_staff)
    listed = {t["id"] for t in client.get("/api/v1/staff/tokens", **auth).json()["items"]}
    assert target.pk in listed
    assert far.pk not in listed
    assert client.delete(f"/api/v1/staff/tokens/{far.pk}", **auth).status_code == 404
    assert client.delete(f"/api/v1/staff/tokens/{target.pk}", **auth).status_code == 204
    target.refresh_from_db()
    assert target.revoked_at is not None
    assert (
        AuditEvent.objects.filter(object_type="api_token", object_id=str(target.pk), actor=unit_staff).count()
        == 1
    )


def test_token_list_pages_with_a_cursor(client, member_user):
    auth = _bearer(member_user)
    for i in range(60):
        issue_token(user=member_user, device=f"máy {i}")
    first = client.get("/api/v1/auth/tokens", **auth).json()
    assert len(first["items"]) == 50
    second = client.get(f"/api/v1/auth/tokens?cursor={first['next']}", **auth).json()
    assert len(second["items"]) == 11
    assert second["next"] is None
    assert not {t["id"] for t in first["items"]} & {t["id"] for t in second["items"]}
    assert client.get("/api/v1/auth/tokens?cursor=%%%", **auth).status_code == 400
