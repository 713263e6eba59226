"""Every view for every role: a role at node N sees N's subtree only; outside it, 404."""

import pytest
from django.urls import reverse

PERSONAS = ["member_user", "secretary", "unit_staff", "outsider", "editor", "sysadmin", "no_role"]


def _get(client, request, persona, url):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client.get(url)


@pytest.fixture
def people(hoa, lan, binh):
    return {"hoa": hoa, "lan": lan, "binh": binh}


# (view name, kwargs builder, {persona: expected status}); personas not listed expect 404.
MATRIX = [
    ("home", None, dict.fromkeys(PERSONAS, 200)),
    ("my_profile", None, {"member_user": 200}),
    ("member_list", None, {"secretary": 200, "unit_staff": 200, "outsider": 200, "sysadmin": 200}),
    ("member_detail", "hoa", {"secretary": 200, "unit_staff": 200, "sysadmin": 200}),
    ("member_detail", "lan", {"unit_staff": 200, "sysadmin": 200}),
    ("member_detail", "binh", {"outsider": 200, "sysadmin": 200}),
    ("org_tree", None, {"secretary": 200, "unit_staff": 200, "outsider": 200, "sysadmin": 200}),
    ("org_children", "ward1", {"unit_staff": 200, "sysadmin": 200}),
    ("org_children", "ward2", {"outsider": 200, "sysadmin": 200}),
    ("audit_log", None, {"unit_staff": 200, "outsider": 200, "sysadmin": 200}),
]


def _url(name, target, people, tree):
    if target is None:
        return reverse(name)
    obj = people[target] if target in people else getattr(tree, target)
    return reverse(name, args=[obj.pk])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "target", "allowed"), MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX])
def test_view_access(client, request, people, tree, persona, name, target, allowed):
    response = _get(client, request, persona, _url(name, target, people, tree))
    assert response.status_code == allowed.get(persona, 404)


@pytest.mark.parametrize(("name", "target"), [(m[0], m[1]) for m in MATRIX])
def test_anonymous_is_sent_to_login(client, people, tree, name, target):
    response = client.get(_url(name, target, people, tree))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "persona", ["member_user", "secretary", "unit_staff", "outsider", "editor", "no_role"]
)
def test_admin_is_for_system_administrators_only(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302


def test_sysadmin_reaches_admin(client, sysadmin):
    client.force_login(sysadmin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_secretary_cannot_see_other_branch_in_list(client, secretary, hoa, lan):
    client.force_login(secretary)
    body = client.get(reverse("member_list")).content.decode()
    assert hoa.full_name in body
    assert lan.full_name not in body


def test_sibling_unit_staff_sees_none_of_our_members(client, outsider, hoa, lan, binh):
    client.force_login(outsider)
    body = client.get(reverse("member_list")).content.decode()
    assert binh.full_name in body
    assert hoa.full_name not in body
    assert lan.full_name not in body
    assert client.get(reverse("member_list"), {"org": hoa.org_id}).status_code == 404


def test_audit_log_shows_only_own_subtree(client, unit_staff, outsider, hoa):
    client.force_login(unit_staff)
    client.get(reverse("member_detail", args=[hoa.pk]))
    client.force_login(outsider)
    body = client.get(reverse("audit_log")).content.decode()
    assert hoa.code not in body
    client.force_login(unit_staff)
    assert hoa.code in client.get(reverse("audit_log")).content.decode()
