"""Synthetic adoption: accounts look like the ones the handbook opens, and a second run leaves them alone."""

from sotay.accounts.models import User
from sotay.dashboard.synth import synth_activity
from tests import factories


def test_synthetic_accounts_carry_the_members_names_and_run_once(tree):
    given = ["An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Minh", "Nam", "Oanh", "Phúc"]
    members = [
        factories.member(tree.branch1, full_name=f"{family} Văn {name}")
        for family in ("Nguyễn", "Trần", "Lê", "Phạm")
        for name in given
    ]

    done = synth_activity(root=tree.city, seed=3)

    made = User.objects.filter(member__in=members)
    assert made.count() == done.accounts
    assert done.accounts > 0
    assert all(u.full_name == u.member.full_name for u in made.select_related("member"))
    before = dict(made.values_list("member_id", "pk"))
    synth_activity(root=tree.city, seed=3)  # only members still without an account are drawn again
    after = dict(User.objects.filter(member__in=members).values_list("member_id", "pk"))
    assert before.items() <= after.items()
