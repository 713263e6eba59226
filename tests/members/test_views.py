import pytest
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEvent
from tests import factories


def test_accent_insensitive_search(client, unit_staff, tree):
    hoa = factories.member(tree.branch1, full_name="Nguyễn Văn Hòa")
    factories.member(tree.branch1, full_name="Nguyễn Văn Hoàng")
    hung = factories.member(tree.branch2, full_name="Trần Hùng")
    factories.member(tree.branch2, full_name="Trần Hưng")
    client.force_login(unit_staff)
    body = client.get(reverse("member_list"), {"q": "nguyen van hoa"}).content.decode()
    assert hoa.code in body
    body = client.get(reverse("member_list"), {"q": "NGUYỄN văn HOÀ"}).content.decode()
    assert hoa.code in body
    body = client.get(reverse("member_list"), {"q": "Trần Hùng"}).content.decode()
    assert hung.code in body


def test_search_by_cccd(client, unit_staff, hoa, lan):
    client.force_login(unit_staff)
    body = client.get(reverse("member_list"), {"q": hoa.cccd}).content.decode()
    assert hoa.code in body
    assert lan.code not in body


def test_filters_by_branch_and_gender(client, unit_staff, hoa, lan, tree):
    client.force_login(unit_staff)
    body = client.get(reverse("member_list"), {"org": tree.branch2.pk}).content.decode()
    assert lan.code in body
    assert hoa.code not in body
    body = client.get(reverse("member_list"), {"gender": "Nữ"}).content.decode()
    assert lan.code in body
    assert hoa.code not in body


def test_htmx_request_gets_the_results_fragment_only(client, unit_staff, hoa):
    client.force_login(unit_staff)
    response = client.get(reverse("member_list"), {"q": "hoa"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert hoa.code in body
    assert "<html" not in body


def test_member_list_query_count_does_not_grow_with_rows(
    client, unit_staff, tree, django_assert_max_num_queries
):
    for _ in range(30):
        factories.member(tree.branch1)
    client.force_login(unit_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("member_list"))
    assert response.status_code == 200


def test_viewing_a_member_is_logged(client, unit_staff, hoa):
    client.force_login(unit_staff)
    client.get(reverse("member_detail", args=[hoa.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=str(hoa.pk))
    assert event.actor == unit_staff
    assert event.ip == "10.1.2.3"


def test_own_profile_shows_own_data_and_is_not_logged(client, member_user, hoa):
    # Issue 12 item 4 (ADR 0009): a member reading their own record is no one else's access to it.
    client.force_login(member_user)
    body = client.get(reverse("my_profile")).content.decode()
    assert hoa.full_name in body
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(hoa.pk)).exists()


@pytest.mark.parametrize(("persona", "sees_religion"), [("unit_staff", True), ("secretary", False)])
def test_sensitive_fields_only_for_record_managers(client, request, tree, persona, sees_religion):
    m = factories.member(tree.branch1, religion="Phật giáo", ethnicity="Kinh")
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse("member_detail", args=[m.pk])).content.decode()
    assert ("Phật giáo" in body) is sees_religion


def test_dates_are_day_first(client, unit_staff, hoa):
    client.force_login(unit_staff)
    body = client.get(reverse("member_detail", args=[hoa.pk])).content.decode()
    assert "05/03/1962" in body


def test_pages_send_a_strict_csp(client, unit_staff):
    client.force_login(unit_staff)
    csp = client.get(reverse("home")).headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
