"""The Django admin: only a system administrator at the root of the tree; every change audited (ADR 0007)."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from sotay.accounts.actions import grant_role, revoke_role
from sotay.accounts.models import Role, RoleAssignment, User
from sotay.audit.admin import AuditedModelAdmin
from sotay.audit.models import AuditAction, AuditEvent
from tests import factories


@pytest.fixture
def ward_admin(tree):
    return factories.user("quantriphuong", role=Role.SYSADMIN, at=tree.ward1)


def test_a_ward_system_administrator_is_not_a_superuser(ward_admin):
    ward_admin.refresh_from_db()
    assert not ward_admin.is_superuser
    assert not ward_admin.is_staff


def test_a_ward_system_administrator_cannot_open_the_admin(client, ward_admin, unit_staff):
    client.force_login(ward_admin)
    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:audit_auditevent_changelist"),
        reverse("admin:auth_user_password_change", args=[unit_staff.pk]),
    ):
        assert client.get(url).status_code == 302, url
    response = client.post(
        reverse("admin:auth_user_password_change", args=[unit_staff.pk]),
        {"password1": "mat-khau-moi-rat-dai-1", "password2": "mat-khau-moi-rat-dai-1"},
    )
    assert response.status_code == 302
    unit_staff.refresh_from_db()
    assert unit_staff.check_password(factories.PASSWORD)


def test_a_ward_system_administrator_still_administers_the_ward_in_the_app(client, ward_admin, hoa, binh):
    client.force_login(ward_admin)
    assert client.get(reverse("member_detail", args=[hoa.pk])).status_code == 200
    assert client.get(reverse("member_detail", args=[binh.pk])).status_code == 404


def test_a_superuser_flag_alone_does_not_open_the_admin(client, no_role):
    User.objects.filter(pk=no_role.pk).update(is_superuser=True, is_staff=True)
    client.force_login(User.objects.get(pk=no_role.pk))
    assert client.get(reverse("admin:index")).status_code == 302


def test_flags_follow_the_root_role(sysadmin, tree):
    assert User.objects.get(pk=sysadmin.pk).is_superuser
    grant_role(by=None, user=sysadmin, role=Role.SYSADMIN, org=tree.ward2)
    root = RoleAssignment.objects.get(user=sysadmin, org=tree.city)
    revoke_role(by=None, assignment=root)
    sysadmin.refresh_from_db()
    assert not sysadmin.is_superuser  # the ward role that remains is no global flag
    assert not sysadmin.is_staff


def test_root_admin_changing_a_password_is_in_our_audit_log(client, sysadmin, unit_staff, tree):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[unit_staff.pk]),
        {"password1": "mat-khau-moi-rat-dai-1", "password2": "mat-khau-moi-rat-dai-1"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, object_type="user", object_id=str(unit_staff.pk)
    )
    assert event.actor == sysadmin
    assert "(password)" in event.summary
    assert event.org_path == tree.ward1.path  # the ward's staff see it in their log
    unit_staff.refresh_from_db()
    client.force_login(unit_staff)
    assert "Quản trị: sửa" in client.get(reverse("audit_log")).content.decode()


def test_root_admin_changing_own_password_is_audited(client, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        reverse("admin:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "mat-khau-moi-rat-dai-1",
            "new_password2": "mat-khau-moi-rat-dai-1",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(actor=sysadmin, summary__contains="đổi mật khẩu").exists()


def test_root_admin_editing_a_user_is_audited(client, sysadmin, unit_staff):
    client.force_login(sysadmin)
    url = reverse("admin:accounts_user_change", args=[unit_staff.pk])
    response = client.post(
        url,
        {
            "username": unit_staff.username,
            "full_name": "Tên mới",
            "is_active": "on",
            "member": "",
            "first_name": "",
            "last_name": "",
            "email": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(unit_staff.pk), summary__icontains="họ và tên"
    ).exists()


def test_every_registered_admin_is_audited():
    # Including axes' admins (deleting a lockout is a change): the site adds the mixin to any admin.
    unaudited = [m.__name__ for m, a in admin.site._registry.items() if not isinstance(a, AuditedModelAdmin)]
    assert not unaudited
    assert "AccessAttempt" in {m.__name__ for m in admin.site._registry}


def test_grant_role_command_makes_the_first_root_administrator(tree):
    user = factories.user("dautien")
    call_command("grant_role", "dautien", Role.SYSADMIN, tree.city.code)
    user.refresh_from_db()
    assert user.is_superuser


def test_migration_clears_flags_of_everyone_but_root_administrators(tree, sysadmin, ward_admin, no_role):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("sotay.accounts.migrations.0003_admin_flags_only_for_root_sysadmins")
    User.objects.update(is_superuser=True, is_staff=True)  # as granted before ADR 0007
    migration.clear_flags_of_non_root_admins(apps, None)
    flags = dict(User.objects.values_list("username", "is_superuser"))
    assert flags == {sysadmin.username: True, ward_admin.username: False, no_role.username: False}
