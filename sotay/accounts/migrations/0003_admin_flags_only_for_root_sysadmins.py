"""is_staff/is_superuser only for users holding the system-administrator role at a root of the tree.

Before ADR 0007 a system administrator of any node (a ward) became a global superuser. This clears
the flags of everyone else; the rule is kept by sotay.accounts.actions from now on.
"""

from django.db import migrations


def clear_flags_of_non_root_admins(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    RoleAssignment = apps.get_model("accounts", "RoleAssignment")
    root_admins = RoleAssignment.objects.filter(
        role="sysadmin", revoked_at__isnull=True, org__parent__isnull=True
    ).values("user_id")
    User.objects.exclude(pk__in=root_admins).filter(is_superuser=True).update(is_superuser=False, is_staff=False)
    User.objects.exclude(pk__in=root_admins).filter(is_staff=True).update(is_staff=False)
    User.objects.filter(pk__in=root_admins).update(is_superuser=True, is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [migrations.RunPython(clear_flags_of_non_root_admins, migrations.RunPython.noop)]
