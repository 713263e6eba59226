"""The account a request signs in with is read once, with what every page wants of it: the member record
(with its branches), the badge's unread count and its active roles (sotay/accounts/backends.py, issue 12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sotay.accounts.actions import grant_role, revoke_role
from sotay.accounts.backends import IdentifierBackend
from sotay.accounts.models import Role, RoleAssignment
from sotay.accounts.permissions import Cap, assignments, can
from sotay.members import own
from sotay.members.own import own_record
from tests.meetings.conftest import make_meeting


class _NoSeparateRead:
    def first(self, **kwargs):
        raise AssertionError(f"the member record was read on its own ({kwargs})")


@pytest.fixture
def no_separate_record_read(monkeypatch):
    monkeypatch.setattr(own, "_RECORD", _NoSeparateRead())


def test_the_account_comes_with_its_member_record_and_branches(
    member_user, tree, no_separate_record_read, django_assert_num_queries
):
    with django_assert_num_queries(1):
        account = IdentifierBackend().get_user(member_user.pk)
    with django_assert_num_queries(0):
        record = own_record(account)
        assert record == member_user.member
        assert record.org == tree.branch1
        assert record.in_transit_to is None


def test_an_account_without_a_member_record(unit_staff, no_separate_record_read, django_assert_num_queries):
    account = IdentifierBackend().get_user(unit_staff.pk)
    with django_assert_num_queries(0):
        assert own_record(account) is None
        assert account.unread_bounded == 0


def test_a_member_in_transit_comes_with_the_branch_they_move_to(
    member_user, tree, no_separate_record_read, django_assert_num_queries
):
    member = member_user.member
    member.in_transit_to = tree.branch2
    member.save(update_fields=["in_transit_to"])
    account = IdentifierBackend().get_user(member_user.pk)
    with django_assert_num_queries(0):
        assert own_record(account).in_transit_to.name == tree.branch2.name


def test_member_pages_never_read_the_record_on_their_own(client, tree, member_user, no_separate_record_read):
    meeting = make_meeting(tree.branch1, publish=True)  # its invitations notify the member too
    client.force_login(member_user)
    for url in (reverse("home"), reverse("my_profile"), reverse("meeting_detail", args=[meeting.pk])):
        assert client.get(url).status_code == 200, url


def test_an_inactive_account_is_not_signed_in(member_user):
    member_user.is_active = False
    member_user.save(update_fields=["is_active"])
    assert IdentifierBackend().get_user(member_user.pk) is None


def _same_row(a, b) -> bool:
    return all(getattr(a, f.attname) == getattr(b, f.attname) for f in type(a)._meta.concrete_fields)


def test_the_account_comes_with_its_active_roles_and_their_organisations(
    unit_staff, tree, django_assert_num_queries
):
    """The roles ride on the account's row (sotay/core/carried.py): every field of each assignment and
    of its organisation, as Django would read them; a revoked role is not among them."""
    extra = grant_role(by=None, user=unit_staff, role=Role.BRANCH_SECRETARY, org=tree.branch1)
    revoked = grant_role(by=None, user=unit_staff, role=Role.BRANCH_SECRETARY, org=tree.branch2)
    revoke_role(by=None, assignment=revoked)
    expected = list(
        RoleAssignment.objects.active().filter(user=unit_staff).select_related("org").order_by("pk")
    )
    assert extra in expected
    assert revoked not in expected
    assert len(expected) == 2
    with django_assert_num_queries(1):
        account = IdentifierBackend().get_user(unit_staff.pk)
    with django_assert_num_queries(0):
        carried = assignments(account)
        assert [a.pk for a in carried] == [a.pk for a in expected]
        for got, want in zip(carried, expected, strict=True):
            assert _same_row(got, want)
            assert _same_row(got.org, want.org)
            assert got.created_at.tzinfo is not None
            assert got.org.created_at == want.org.created_at
        assert can(account, Cap.VIEW_MEMBERS, tree.branch1)


def test_an_account_without_roles_carries_none(member_user, django_assert_num_queries):
    RoleAssignment.objects.filter(user=member_user).delete()
    account = IdentifierBackend().get_user(member_user.pk)
    with django_assert_num_queries(0):
        assert assignments(account) == []
