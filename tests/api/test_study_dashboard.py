"""Study and dashboard through the API: a member's reflection from draft to review by their branch
committee, the progress per branch, the dashboard's figures and drill-down lists within scope."""

from __future__ import annotations

import pytest

from sotay.api.actions import issue_token
from sotay.audit.models import AuditEvent
from sotay.dashboard.facts import refresh
from sotay.study.models import Reflection, ReflectionStatus
from tests import factories
from tests.api.content import content_of


def _auth(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user, device='test')[1]}"}


def _post(client, path: str, body: dict, auth: dict):
    return client.post(f"/api/v1{path}", body, content_type="application/json", **auth)


@pytest.fixture
def objects(tree):
    """A study of branch 1; another member of the branch has handed in a reflection."""
    return content_of("Một", tree.branch1, factories.member(tree.branch1, full_name="Trần Văn Bình"))


def test_member_writes_and_submits_the_committee_reviews(client, member_user, secretary, objects):
    me, committee = _auth(member_user), _auth(secretary)
    study = objects["study"]
    assert client.get(f"/api/v1/studies/{study}/reflection", **me).status_code == 404
    detail = client.get(f"/api/v1/studies/{study}", **me).json()
    assert detail["my_status"] is None
    assert detail["documents"][0]["id"] == objects["document"]
    empty = client.put(
        f"/api/v1/studies/{study}/reflection", {"text": " "}, content_type="application/json", **me
    )
    assert empty.status_code == 422
    assert not Reflection.objects.filter(member=member_user.member).exists()
    r = client.put(
        f"/api/v1/studies/{study}/reflection", {"text": "Bản nháp"}, content_type="application/json", **me
    )
    assert r.json()["status"] == "draft"
    for _ in range(2):  # a double submit hands it in once
        r = _post(client, f"/studies/{study}/reflection/submit", {}, me)
    assert r.status_code == 200
    assert r.json()["status"] == "submitted"
    locked = client.put(
        f"/api/v1/studies/{study}/reflection", {"text": "Sửa"}, content_type="application/json", **me
    )
    assert locked.status_code == 422
    assert "chi bộ trả lại" in locked.json()["detail"]
    listed = client.get(f"/api/v1/studies/{study}/reflections", **committee).json()["items"]
    assert {x["member"]["full_name"] for x in listed} == {member_user.member.full_name, "Trần Văn Bình"}
    assert AuditEvent.objects.filter(object_type="reflection", action="view").exists()
    mine = Reflection.objects.get(member=member_user.member)
    no_comment = _post(client, f"/studies/reflections/{mine.pk}/return", {"comment": ""}, committee)
    assert no_comment.status_code == 422
    r = _post(client, f"/studies/reflections/{mine.pk}/return", {"comment": "Liên hệ thêm"}, committee)
    assert r.json()["status"] == "returned"
    assert client.get(f"/api/v1/studies/{study}/reflection", **me).json()["review_comment"] == "Liên hệ thêm"
    _post(client, f"/studies/{study}/reflection/submit", {"text": "Bài đã sửa"}, me)
    r = _post(client, f"/studies/reflections/{mine.pk}/complete", {}, committee)
    assert r.json()["status"] == ReflectionStatus.COMPLETED
    # The member cannot review, nor can the committee of another branch.
    assert _post(client, f"/studies/reflections/{mine.pk}/complete", {}, me).status_code == 404


def test_progress_per_branch_in_scope(client, unit_staff, secretary, member_user, objects, tree):
    staff = _auth(unit_staff)
    r = client.get(f"/api/v1/studies/{objects['study']}/progress", **staff).json()
    assert [row["branch"]["id"] for row in r["items"]] == [tree.branch1.pk]
    assert r["total"]["submitted"] == 1
    assert r["total"]["target"] == r["items"][0]["target"] >= 2
    assert client.get(f"/api/v1/studies/{objects['study']}/progress", **_auth(member_user)).status_code == 404


def test_dashboard_figures_and_lists_in_scope(client, unit_staff, secretary, tree, hoa, lan):
    factories.member(tree.branch2, full_name="Ngô Thị Xa", phone="0912345678")
    refresh(full=True)
    staff = _auth(unit_staff)
    node = client.get(f"/api/v1/dashboard/{tree.ward1.pk}", **staff).json()
    assert node["day"] is not None
    steps = {s["key"]: s for s in node["funnel"]}
    assert steps["active"]["count"] == node["figures"]["active"] >= 3
    league = client.get(f"/api/v1/dashboard/{tree.unit1.pk}/league", {"sort": "name"}, **staff).json()
    assert [row["org"]["id"] for row in league["items"]] == [tree.branch1.pk, tree.branch2.pk]
    assert "đơn vị" in league["headline"]
    bad = client.get(f"/api/v1/dashboard/{tree.ward1.pk}/league", {"high": 120}, **staff)
    assert bad.status_code == 422
    meetings = client.get(f"/api/v1/dashboard/{tree.ward1.pk}/meetings", **staff).json()
    assert meetings["node"]["branches"] == 2
    assert [row["org"]["id"] for row in meetings["items"]] == [tree.unit1.pk]
    assert client.get(f"/api/v1/dashboard/{tree.ward1.pk}/quality", **staff).json()["node"]["figures"]
    rows = client.get(f"/api/v1/dashboard/{tree.ward1.pk}/lists/dang-sinh-hoat", **staff).json()["items"]
    assert "0912345678" in {m["phone"] for m in rows}
    assert AuditEvent.objects.filter(object_type="dashboard_list").count() == 1
    no_meeting = client.get(f"/api/v1/dashboard/{tree.ward1.pk}/branches-without-meeting", **staff).json()
    assert {b["id"] for b in no_meeting["items"]} == {tree.branch1.pk, tree.branch2.pk}
    # The branch secretary sees their branch, not the ward; an unknown list or outside: 404.
    sec = _auth(secretary)
    assert client.get(f"/api/v1/dashboard/{tree.branch1.pk}", **sec).status_code == 200
    assert client.get(f"/api/v1/dashboard/{tree.ward1.pk}", **sec).status_code == 404
    assert client.get(f"/api/v1/dashboard/{tree.ward1.pk}/lists/khong-co", **staff).status_code == 404
    assert client.get(f"/api/v1/dashboard/{tree.ward2.pk}/lists/khong-sdt", **staff).status_code == 404


def test_dashboard_list_queries_stay_flat(client, unit_staff, tree, no_n_plus_one):
    from tests.queries import assert_flat

    client.defaults.update(_auth(unit_staff))
    client.get("/api/v1/news")  # the token's first use of the day is noted once

    def grow() -> None:
        for _ in range(3):
            factories.member(tree.branch1)

    grow()
    assert_flat(client, f"/api/v1/dashboard/{tree.ward1.pk}/lists/dang-sinh-hoat", grow, at_most=10)
