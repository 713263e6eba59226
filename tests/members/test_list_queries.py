"""The registry's list pages run a bounded number of queries, whatever the number of members."""

import pytest
from django.urls import reverse

from sotay.members import search
from sotay.orgs.models import OrgType
from tests import factories
from tests.queries import assert_flat

pytestmark = pytest.mark.usefixtures("no_n_plus_one")


def _more_members(tree, n=6):
    def grow():
        extra = factories.org("79.P1.U1.B9", OrgType.CHI_BO, tree.unit1)
        for i in range(n):
            factories.member(tree.branch1 if i % 2 else extra, gender="Nữ" if i % 3 else "Nam")

    return grow


def test_member_list(client, unit_staff, hoa, lan, tree):
    client.force_login(unit_staff)
    assert_flat(client, reverse("member_list"), _more_members(tree), at_most=12)


def test_member_search(client, unit_staff, hoa, lan, tree):
    client.force_login(unit_staff)
    assert_flat(client, reverse("member_list") + "?q=nguyen", _more_members(tree), at_most=12)


def test_member_search_by_words_in_any_order(client, unit_staff, hoa, lan, tree):
    # The ranked path (sotay.members.search): one bounded read of the matches, ranked in memory.
    client.force_login(unit_staff)
    assert_flat(client, reverse("member_list") + "?q=hoa+van", _more_members(tree), at_most=12)


def test_member_search_by_a_common_word(client, unit_staff, hoa, lan, tree, monkeypatch):
    # On PostgreSQL a word the planner expects in many names reads the subtree's rows until the cap.
    monkeypatch.setattr(search, "COMMON", -1)
    client.force_login(unit_staff)
    assert_flat(client, reverse("member_list") + "?q=van", _more_members(tree), at_most=12)


def test_tree_root(client, unit_staff, hoa, lan, tree):
    client.force_login(unit_staff)
    assert_flat(client, reverse("org_tree"), _more_members(tree), at_most=10)


def test_tree_children(client, unit_staff, hoa, lan, tree):
    client.force_login(unit_staff)
    assert_flat(client, reverse("org_children", args=[tree.unit1.pk]), _more_members(tree), at_most=10)
