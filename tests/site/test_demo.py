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


@pytest.mark.slow
def test_demo_runs_a_study_with_reflections_in_every_state(db):
    from sotay.study.demo import TITLE
    from sotay.study.models import Reflection, Study, StudyStatus
    from sotay.study.queries import open_for_member, progress_by_branch, rolled_up

    call_command("demo", members=300, wards=1)
    study = Study.objects.get(title=TITLE)
    assert study.status == StudyStatus.OPEN
    assert not study.is_past_due
    states = set(Reflection.objects.filter(study=study).values_list("status", flat=True))
    assert states == {"draft", "submitted", "returned", "completed"}
    assert Reflection.objects.filter(study=study, late=True).exists()
    total = rolled_up(progress_by_branch(study, study.org))
    assert total.not_started > 0
    assert open_for_member(User.objects.get(username="dangvien").member) == 1
