"""The handbook's sync-health page runs a bounded number of queries, whatever the number of members."""

import pytest
from django.urls import reverse

from sotay.handbook.sync.actions import sync_handbook
from tests import factories
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


def test_health_page(client, unit_staff, hoa, lan, tree):
    sync_handbook(root=tree.city, by=None)
    client.force_login(unit_staff)

    def grow():
        for n in range(6):
            factories.member(tree.branch1 if n % 2 else tree.branch2, gender="Nữ" if n % 3 else "Nam")
        sync_handbook(root=tree.city, by=None)

    assert_flat(client, reverse("handbook_health"), grow, at_most=15)
