"""Taking the editor role back outside the admin: unit staff of a subtree holding the role's node, audited,
a second submit does nothing, anyone else gets a 404 and nothing changes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.accounts.models import Role, RoleAssignment
from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.news.actions import revoke_editor
from tests import factories


def _revoke(client, assignment):
    return client.post(reverse("news_editor_revoke", args=[assignment.pk]), follow=True)


def test_staff_take_back_an_editor_role_of_their_subtree(client, tree, unit_staff, ward_editor):
    role = ward_editor.roles.get(role=Role.EDITOR)
    client.force_login(unit_staff)
    page = client.get(reverse("news_editors")).content.decode()
    assert reverse("news_editor_revoke", args=[role.pk]) in page
    before = AuditEvent.objects.count()
    response = _revoke(client, role)
    assert response.status_code == 200
    assert (
        "Đã thu hồi vai trò biên tập viên tại Đảng bộ phường Một của bientap.p1." in response.content.decode()
    )
    role.refresh_from_db()
    assert role.revoked_at is not None
    assert not RoleAssignment.objects.active().filter(user=ward_editor, role=Role.EDITOR).exists()
    event = AuditEvent.objects.order_by("-pk").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "revoke"
    assert event.actor == unit_staff
    # A second submit changes nothing, and says nothing was done twice.
    at = role.revoked_at
    response = _revoke(client, role)
    assert response.status_code == 200
    assert "Đã thu hồi" not in response.content.decode()
    role.refresh_from_db()
    assert role.revoked_at == at
    assert AuditEvent.objects.count() == before + 1
    assert "bientap.p1" not in client.get(reverse("news_editors")).content.decode()


def test_sibling_staff_member_and_editor_get_404_and_nothing_changes(
    client, tree, outsider, member_user, editor, ward_editor, secretary
):
    role = ward_editor.roles.get(role=Role.EDITOR)
    for person in (outsider, member_user, editor, secretary):
        client.force_login(person)
        assert client.post(reverse("news_editor_revoke", args=[role.pk])).status_code == 404
    client.logout()
    assert client.post(reverse("news_editor_revoke", args=[role.pk])).status_code == 302  # to sign-in
    role.refresh_from_db()
    assert role.revoked_at is None


def test_only_editor_roles_are_taken_back_here(client, tree, unit_staff, secretary):
    other = secretary.roles.get()
    client.force_login(unit_staff)
    assert client.post(reverse("news_editor_revoke", args=[other.pk])).status_code == 404
    assert client.get(reverse("news_editor_revoke", args=[other.pk])).status_code == 405
    assert client.post("/tin-tuc/bien-tap-vien/999999/thu-hoi/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    with pytest.raises(ActionError):
        revoke_editor(by=unit_staff, assignment=other)


def test_staff_of_a_branch_below_cannot_take_back_the_wards_editor(tree, ward_editor):
    below = factories.user("bantochuc.cs", role=Role.UNIT_STAFF, at=tree.unit1)
    role = ward_editor.roles.get(role=Role.EDITOR)
    with pytest.raises(ActionError, match="không có quyền thu hồi"):
        revoke_editor(by=below, assignment=role)
    role.refresh_from_db()
    assert role.revoked_at is None
