"""The correction queues and the member's record run a bounded number of queries."""

import pytest
from django.urls import reverse

from sotay.corrections.actions import forward_correction, submit_correction
from tests import factories
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


def test_queue(client, tree, unit_staff, secretary):
    client.force_login(unit_staff)
    fields = iter(["hometown", "residence", "education", "political_theory"] * 3)

    def grow():
        for n in range(4):
            m = factories.member(tree.branch1 if n % 2 else tree.branch2)
            c = submit_correction(member=m, by=None, field=next(fields), value=f"Nơi {n}")
            if n % 2:
                forward_correction(correction=c, by=secretary)

    grow()
    assert_flat(client, reverse("correction_queue"), grow, at_most=14)


def test_my_record(client, tree, hoa, member_user):
    client.force_login(member_user)
    fields = iter(["hometown", "residence", "education", "political_theory", "profile_number"])

    def grow():
        for n in range(2):
            submit_correction(member=hoa, by=member_user, field=next(fields), value=f"{n}9")

    assert_flat(client, reverse("my_profile"), grow, at_most=14)
