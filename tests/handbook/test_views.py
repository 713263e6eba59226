"""Handbook pages for every persona: health and sync for unit staff in their subtree, the feed for readers."""

import pytest
from django.test import Client
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEvent
from sotay.handbook.models import Entitlement, SyncRun

PERSONAS = ["member_user", "secretary", "unit_staff", "outsider", "editor", "sysadmin", "no_role"]

# (view name, org target or None, {persona: expected status}); personas not listed expect 404.
GET_MATRIX = [
    ("handbook_health", None, {"unit_staff": 200, "outsider": 200, "sysadmin": 200}),
    # The change feed is for consumer accounts (a bearer token), never a person's session:
    # tests/handbook/test_change_feed.py.
    ("handbook_changes", None, dict.fromkeys(PERSONAS, 401)),
]
# POST "Đồng bộ ngay" for an org: a redirect back to the health page when allowed.
POST_MATRIX = [
    ("ward1", {"unit_staff": 302, "sysadmin": 302}),
    ("branch1", {"unit_staff": 302, "sysadmin": 302}),
    ("ward2", {"outsider": 302, "sysadmin": 302}),
    ("city", {"sysadmin": 302}),
]


@pytest.fixture
def people(hoa, lan, binh):
    return {"hoa": hoa, "lan": lan, "binh": binh}


def _login(client, request, persona):
    client.force_login(request.getfixturevalue(persona))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "target", "allowed"), GET_MATRIX, ids=[m[0] for m in GET_MATRIX])
def test_get_access(client, request, people, persona, name, target, allowed):
    _login(client, request, persona)
    assert client.get(reverse(name)).status_code == allowed.get(persona, 404)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("target", "allowed"), POST_MATRIX, ids=[m[0] for m in POST_MATRIX])
def test_sync_access(client, request, people, tree, persona, target, allowed):
    _login(client, request, persona)
    response = client.post(reverse("handbook_sync", args=[getattr(tree, target).pk]))
    expected = allowed.get(persona, 404)
    assert response.status_code == expected
    assert SyncRun.objects.exists() == (expected == 302)
    if expected == 302:
        assert response.url == reverse("handbook_health")


@pytest.mark.parametrize(
    ("next_", "expected"),
    [("/so-tay/dong-bo/?x=1", "/so-tay/dong-bo/?x=1"), ("-1", None), ("//evil.example/", None)],
)
def test_sync_goes_back_only_to_a_page_of_this_site(client, request, people, tree, next_, expected):
    _login(client, request, "unit_staff")
    response = client.post(reverse("handbook_sync", args=[tree.ward1.pk]), {"next": next_})
    assert response.status_code == 302
    assert response.url == (expected or reverse("handbook_health"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_sync_endpoint_is_post_only(client, request, people, tree, persona):
    _login(client, request, persona)
    assert client.get(reverse("handbook_sync", args=[tree.ward1.pk])).status_code == 405
    assert not SyncRun.objects.exists()


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", reverse("handbook_health")),
        ("post", reverse("handbook_sync", args=[1])),
        ("get", reverse("handbook_sync", args=[1])),
    ],
)
def test_anonymous_is_sent_to_login(client, people, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sync_for_an_unknown_org_is_404(client, sysadmin):
    client.force_login(sysadmin)
    assert client.post(reverse("handbook_sync", args=[999999])).status_code == 404


def test_sync_needs_the_csrf_token(people, tree, unit_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(unit_staff)
    assert client.post(reverse("handbook_sync", args=[tree.ward1.pk])).status_code == 403
    assert not SyncRun.objects.exists()


def test_sync_now_button_syncs_and_reports(client, unit_staff, people, tree):
    client.force_login(unit_staff)
    page = client.get(reverse("handbook_health")).content.decode()
    assert "Đồng bộ ngay" in page
    assert f'action="{reverse("handbook_sync", args=[tree.ward1.pk])}"' in page
    assert "csrfmiddlewaretoken" in page
    response = client.post(reverse("handbook_sync", args=[tree.ward1.pk]), follow=True)
    body = response.content.decode()
    assert "Đã đồng bộ Đảng bộ phường Một: cấp mới 2" in body
    assert set(Entitlement.objects.values_list("member__code", flat=True)) == {
        people["hoa"].code,
        people["lan"].code,
    }
    run = SyncRun.objects.get()
    assert (run.scope, run.by) == (tree.ward1, unit_staff)


def test_health_page_shows_figures_and_is_audited(client, unit_staff, people, tree):
    client.force_login(unit_staff)
    body = client.get(reverse("handbook_health")).content.decode()
    assert "Đảng bộ phường Một" in body
    assert "Chưa đồng bộ lần nào" in body
    assert "Thuộc diện dùng Sổ tay" in body
    assert "minute" not in body
    assert "Đảng bộ phường Hai" not in body
    event = AuditEvent.objects.filter(object_type="handbook_health").get()
    assert (event.action, event.actor, event.org_path) == (AuditAction.VIEW, unit_staff, tree.ward1.path)


def test_health_page_lists_rejected_members_of_own_subtree_only(client, unit_staff, outsider, people, tree):
    from sotay.orgs.models import Org

    Org.objects.filter(pk=tree.branch2.pk).update(valid_to="2000-01-01")
    client.force_login(unit_staff)
    client.post(reverse("handbook_sync", args=[tree.ward1.pk]))
    body = client.get(reverse("handbook_health")).content.decode()
    assert "Chi bộ đã giải thể hoặc sáp nhập" in body
    assert people["lan"].full_name in body
    client.force_login(outsider)
    assert people["lan"].full_name not in client.get(reverse("handbook_health")).content.decode()


def test_health_page_query_count_is_bounded(client, unit_staff, people, django_assert_max_num_queries):
    client.force_login(unit_staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("handbook_health")).status_code == 200
