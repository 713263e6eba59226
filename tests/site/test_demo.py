import pytest
from django.core.management import call_command

from sotay.accounts.models import Role, User
from sotay.accounts.permissions import Cap
from sotay.members.access import members_visible_to
from sotay.members.models import Member


@pytest.mark.slow
def test_demo_loads_once_with_an_account_per_role(db, capsys):
    call_command("demo", members=150, wards=1)
    out = capsys.readouterr().out
    assert "quantri" in out
    assert "dangvien" in out
    count = Member.objects.count()
    assert count == 150
    call_command("demo", members=150, wards=1)
    assert Member.objects.count() == count
    assert "already loaded" in capsys.readouterr().out
    roles = {r for u in User.objects.all() for r in u.roles.values_list("role", flat=True)}
    assert {Role.SYSADMIN, Role.UNIT_STAFF, Role.BRANCH_SECRETARY, Role.MEMBER, Role.EDITOR} <= roles
    secretary = User.objects.get(username="bithu")
    ward_staff = User.objects.get(username="bantochuc.phuong")
    assert (
        0 < members_visible_to(secretary, Cap.VIEW_MEMBERS).count() < members_visible_to(ward_staff).count()
    )
    assert User.objects.get(username="dangvien").member is not None


def test_demo_refuses_nonsense_sizes(db):
    with pytest.raises(SystemExit):
        call_command("demo", members=-5)
    assert not Member.objects.exists()
