"""The account follows the registry: the sync revokes handbook access (role and sessions) with the
entitlement, and moves the member role with a confirmed transfer."""

import datetime

import pytest
from django.urls import reverse

from sotay.accounts.models import Role, RoleAssignment
from sotay.audit.models import AuditEvent
from sotay.handbook.sync.actions import sync_handbook
from sotay.members import actions
from sotay.members.models import MemberStatus

TODAY = datetime.date.today()


def _member_roles(user):
    return list(
        RoleAssignment.objects.active()
        .filter(user=user, role=Role.MEMBER)
        .values_list("org__code", flat=True)
    )


@pytest.fixture
def synced(tree, hoa, member_user):
    sync_handbook(root=tree.city, by=None)
    return member_user


def _signed_in(client, user):
    client.force_login(user)
    assert client.get(reverse("my_profile")).status_code == 200
    return client


@pytest.mark.parametrize(
    "end",
    [
        lambda m: actions.exempt_member(member=m, by=None, on=TODAY, decision_ref="QĐ 1"),
        lambda m: actions.end_membership(member=m, by=None, status=MemberStatus.TU_TRAN, on=TODAY),
        lambda m: actions.end_membership(member=m, by=None, status=MemberStatus.XOA_TEN, on=TODAY),
    ],
    ids=["exempted", "deceased", "struck_off"],
)
def test_a_revoked_entitlement_ends_access_and_sessions_at_the_next_sync(client, tree, hoa, synced, end):
    _signed_in(client, synced)
    end(hoa)
    # Until the sync runs, nothing changes (the registry and the handbook are separate steps).
    assert client.get(reverse("my_profile")).status_code == 200
    sync_handbook(root=tree.city, by=None)
    assert _member_roles(synced) == []
    response = client.get(reverse("my_profile"))
    assert response.status_code == 302  # the old session no longer verifies: back to sign-in
    assert response["Location"].startswith(reverse("login"))
    assert (
        AuditEvent.objects.filter(
            object_type="user", object_id=str(synced.pk), summary__contains="thôi dùng Sổ tay"
        ).count()
        == 1
    )
    # A fresh sign-in works (the account exists), but the handbook pages are closed.
    synced.refresh_from_db()
    client.force_login(synced)
    assert client.get(reverse("my_profile")).status_code == 404


def test_a_confirmed_transfer_moves_the_member_role_and_keeps_the_session(client, tree, hoa, synced):
    _signed_in(client, synced)
    transfer = actions.start_transfer(member=hoa, to=tree.branch2, by=None, on=TODAY)
    sync_handbook(root=tree.city, by=None)
    assert _member_roles(synced) == [tree.branch1.code]  # in transit: still bound to the sender
    actions.receive_transfer(transfer=transfer, by=None, on=TODAY)
    sync_handbook(root=tree.city, by=None)
    assert _member_roles(synced) == [tree.branch2.code]
    assert client.get(reverse("my_profile")).status_code == 200


def test_a_transfer_out_of_the_synced_subtree_moves_it_too(client, tree, hoa, synced):
    transfer = actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    actions.receive_transfer(transfer=transfer, by=None, on=TODAY)
    sync_handbook(root=tree.ward1, by=None)  # the sending ward's run publishes the move
    assert _member_roles(synced) == [tree.unit2.code]


def test_reinstated_member_gets_the_role_back(tree, hoa, synced):
    actions.exempt_member(member=hoa, by=None, on=TODAY, decision_ref="QĐ 1")
    sync_handbook(root=tree.city, by=None)
    assert _member_roles(synced) == []
    actions.reinstate_member(member=hoa, by=None, on=TODAY, decision_ref="QĐ 2")
    sync_handbook(root=tree.city, by=None)
    assert _member_roles(synced) == [tree.branch1.code]


def test_other_roles_of_the_account_are_kept(tree, hoa, synced):
    RoleAssignment.objects.create(user=synced, role=Role.BRANCH_COMMITTEE, org=tree.branch1)
    actions.exempt_member(member=hoa, by=None, on=TODAY, decision_ref="QĐ 1")
    sync_handbook(root=tree.city, by=None)
    assert set(RoleAssignment.objects.active().filter(user=synced).values_list("role", flat=True)) == {
        Role.BRANCH_COMMITTEE
    }


def test_an_unchanged_run_touches_no_account(tree, synced):
    before = AuditEvent.objects.filter(object_type="user").count()
    sync_handbook(root=tree.city, by=None)
    sync_handbook(root=tree.city, by=None)
    assert AuditEvent.objects.filter(object_type="user").count() == before
    assert _member_roles(synced) == [tree.branch1.code]
