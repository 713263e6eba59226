"""The dashboard's "refresh now" and Excel files through the API: the page's permission (unit staff
refresh; committees and staff download within scope), the page's workbook, one audit row a download."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from sotay.api.actions import issue_token
from sotay.audit.models import AuditAction, AuditEvent
from sotay.dashboard.facts import refresh
from sotay.dashboard.models import FactsRefresh
from tests import factories

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, device='test')[1]}"}


def _rows(content: bytes) -> list[tuple]:
    return [
        tuple(r) for s in load_workbook(BytesIO(content)).worksheets for r in s.iter_rows(values_only=True)
    ]


@pytest.fixture
def facts(tree, hoa, lan):
    factories.member(tree.branch2, full_name="Ngô Thị Xa", phone="0912345678")
    refresh(full=True)


def test_refresh_now_is_the_unit_staffs(client, unit_staff, secretary, member_user, tree, facts):
    before = FactsRefresh.objects.count()
    r = client.post(f"/api/v1/dashboard/{tree.ward1.pk}/refresh", **_auth(unit_staff))
    assert r.status_code == 202
    assert r.json()["queued"] is True
    assert FactsRefresh.objects.count() == before + 1  # tasks run at once in tests
    assert AuditEvent.objects.filter(object_type="dashboard_facts").count() == 1
    for user in (secretary, member_user):  # the committee reads the figures but does not recompute them
        assert client.post(f"/api/v1/dashboard/{tree.branch1.pk}/refresh", **_auth(user)).status_code == 404
    assert client.post(f"/api/v1/dashboard/{tree.ward2.pk}/refresh", **_auth(unit_staff)).status_code == 404
    assert FactsRefresh.objects.count() == before + 1


def test_files_are_the_pages_workbooks(client, unit_staff, tree, facts):
    auth = _auth(unit_staff)
    client.force_login(unit_staff)
    for api, page in [
        (
            f"/dashboard/{tree.ward1.pk}/lists/dang-sinh-hoat/xlsx",
            reverse("dashboard_list_export", args=[tree.ward1.pk, "dang-sinh-hoat"]),
        ),
        (
            f"/dashboard/{tree.ward1.pk}/branches-without-meeting/xlsx",
            reverse("dashboard_no_meeting_export", args=[tree.ward1.pk]),
        ),
        (f"/dashboard/{tree.ward1.pk}/report/xlsx", reverse("dashboard_report", args=[tree.ward1.pk])),
    ]:
        r = client.get(f"/api/v1{api}", **auth)
        assert r.status_code == 200, (api, r.content[:300])
        assert r["Content-Type"] == XLSX
        assert r["Content-Disposition"].startswith("attachment; filename=")
        assert _rows(r.content) == _rows(client.get(page).content)
    assert "0912345678" in str(
        _rows(client.get(f"/api/v1/dashboard/{tree.ward1.pk}/lists/dang-sinh-hoat/xlsx", **auth).content)
    )
    # Each download is one audit row, the API's as the page's: 3 pages + 3 API + the one above.
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 7


def test_bad_period_unknown_list_and_outside(client, unit_staff, secretary, tree, facts):
    auth = _auth(unit_staff)
    r = client.get(
        f"/api/v1/dashboard/{tree.ward1.pk}/report/xlsx", {"start": "2026-05-01", "end": "2026-01-01"}, **auth
    )
    assert r.status_code == 422
    assert "không quá một năm" in r.json()["detail"]
    assert client.get(f"/api/v1/dashboard/{tree.ward1.pk}/lists/khong-co/xlsx", **auth).status_code == 404
    assert client.get(f"/api/v1/dashboard/{tree.ward2.pk}/report/xlsx", **auth).status_code == 404
    sec = _auth(secretary)
    assert client.get(f"/api/v1/dashboard/{tree.branch1.pk}/report/xlsx", **sec).status_code == 200
    assert (
        client.get(f"/api/v1/dashboard/{tree.ward1.pk}/lists/dang-sinh-hoat/xlsx", **sec).status_code == 404
    )
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_report_before_any_refresh_is_a_404(client, unit_staff, tree):
    r = client.get(f"/api/v1/dashboard/{tree.ward1.pk}/report/xlsx", **_auth(unit_staff))
    assert r.status_code == 404
