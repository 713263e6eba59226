"""The handbook's demo personas: sibling branches and wards, with work waiting at every step."""

import pytest
from django.core.management import call_command

from sotay.accounts.models import ActivationCode, Registration, Role, RoleAssignment, User
from sotay.corrections.models import Correction
from sotay.handbook.demo import PERSONAS


@pytest.mark.slow
def test_demo_prints_personas_with_work_at_every_step(db, capsys):
    call_command("demo", members=300, wards=2)
    out = capsys.readouterr().out
    for username in PERSONAS:
        assert username in out
        assert User.objects.get(username=username).roles.active().exists()
    members = {
        u.username: u.member.org
        for u in User.objects.filter(roles__role=Role.MEMBER).select_related("member__org")
    }
    assert members["dangvien"].parent_id == members["dangvien.cb2"].parent_id  # sibling branches
    assert not members["dangvien.p2"].path.startswith(members["dangvien"].path[:20])  # another ward
    assert {c.state for c in Correction.objects.all()} == {"submitted", "forwarded", "applied", "rejected"}
    # At least the handbook personas' own (the dashboard's synthetic adoption adds more elsewhere).
    assert Registration.objects.pending().values("branch").distinct().count() >= 3
    assert ActivationCode.objects.usable().count() >= 5
    assert RoleAssignment.objects.active().filter(role=Role.BRANCH_SECRETARY).count() == 3
    assert "Báo sai thông tin" in out
