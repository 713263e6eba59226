"""Transfers in the browser: request, the queue of both sides, confirm, cancel — and who may do which."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sotay.accounts.models import Role
from sotay.members.actions import request_transfer_in, start_transfer
from sotay.members.models import EventKind, Member, Transfer, TransferState
from tests import factories

TODAY = datetime.date.today().strftime("%d/%m/%Y")


def _start(client, member, to_code):
    return client.post(reverse("transfer_start", args=[member.pk]), {"to_code": to_code, "on": TODAY})


def test_transfer_across_wards_counted_once(client, unit_staff, outsider, hoa, tree):
    client.force_login(unit_staff)
    assert _start(client, hoa, tree.unit2.code).status_code == 302
    transfer = Transfer.objects.get(member=hoa, state=TransferState.IN_TRANSIT)
    # Counted once: still on the sending ward's list, not yet on the receiving one's.
    assert Member.objects.in_subtree(tree.ward1).filter(pk=hoa.pk).exists()
    assert not Member.objects.in_subtree(tree.ward2).filter(pk=hoa.pk).exists()
    body = client.get(reverse("transfer_queue")).content.decode()
    assert hoa.full_name in body
    assert f"Tiếp nhận {hoa.full_name}" not in body

    client.force_login(outsider)
    body = client.get(reverse("transfer_queue")).content.decode()
    assert f"Tiếp nhận {hoa.full_name}" in body
    # The receiving side cannot open the record before it arrives.
    assert client.get(reverse("member_detail", args=[hoa.pk])).status_code == 404
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 302
    hoa.refresh_from_db()
    assert hoa.org == tree.unit2
    assert hoa.in_transit_to is None
    body = client.get(reverse("member_detail", args=[hoa.pk])).content.decode()
    assert "Chuyển sinh hoạt đi" in body
    assert "Tiếp nhận sinh hoạt" in body

    # A double submit changes nothing and says so.
    response = client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY})
    assert response.status_code == 409
    assert "đã được tiếp nhận" in response.content.decode()
    assert hoa.events.filter(kind=EventKind.TRANSFER_RECEIVED).count() == 1


def test_sending_side_cannot_confirm_its_own_transfer(client, unit_staff, hoa, tree):
    transfer = start_transfer(member=hoa, to=tree.unit2, by=None, on=datetime.date.today())
    client.force_login(unit_staff)
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 403
    hoa.refresh_from_db()
    assert hoa.org == tree.branch1


def test_transfer_of_another_ward_is_404(client, outsider, hoa, tree):
    transfer = start_transfer(member=hoa, to=tree.branch2, by=None, on=datetime.date.today())
    client.force_login(outsider)
    assert hoa.full_name not in client.get(reverse("transfer_queue")).content.decode()
    for name in ("transfer_receive", "transfer_cancel"):
        assert client.post(reverse(name, args=[transfer.pk]), {"on": TODAY}).status_code == 404
    assert (
        client.post(reverse("transfer_start", args=[hoa.pk]), {"to_code": tree.unit2.code}).status_code == 404
    )
    transfer.refresh_from_db()
    assert transfer.state == TransferState.IN_TRANSIT


def test_committee_requests_and_unit_staff_decide(client, secretary, unit_staff, hoa, tree):
    client.force_login(secretary)
    page = client.get(reverse("transfer_start", args=[hoa.pk])).content.decode()
    assert "Chi ủy chỉ gửi đề nghị chuyển" in page
    assert _start(client, hoa, tree.branch2.code).status_code == 302
    transfer = Transfer.objects.get(member=hoa)
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 403
    assert client.post(reverse("transfer_cancel", args=[transfer.pk])).status_code == 403
    client.force_login(unit_staff)
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 302
    hoa.refresh_from_db()
    assert hoa.org == tree.branch2


def test_a_member_cannot_transfer_themselves(client, tree, hoa):
    staff = factories.user("bantochuc_hoa", role=Role.UNIT_STAFF, at=tree.ward1, member=hoa)
    client.force_login(staff)
    assert _start(client, hoa, tree.unit2.code).status_code == 403
    transfer = start_transfer(member=hoa, to=tree.branch2, by=None, on=datetime.date.today())
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 403
    assert not Transfer.objects.filter(member=hoa, state=TransferState.RECEIVED).exists()


def test_unknown_or_same_branch_is_refused_with_a_message(client, unit_staff, hoa, tree):
    client.force_login(unit_staff)
    response = _start(client, hoa, "KHONG-CO")
    assert response.status_code == 400
    assert "Không có tổ chức nào mang mã" in response.content.decode()
    response = _start(client, hoa, tree.branch1.code)
    assert response.status_code == 400
    assert "đang sinh hoạt ở chi bộ này" in response.content.decode()
    response = _start(client, hoa, tree.ward2.code)
    assert response.status_code == 400
    assert "chi bộ hoặc chi bộ cơ sở" in response.content.decode()
    assert not Transfer.objects.exists()


def test_branch_search_covers_the_whole_tree(client, unit_staff, hoa, tree):
    client.force_login(unit_staff)
    body = client.get(reverse("transfer_start", args=[hoa.pk]), {"tim": "Hai"}).content.decode()
    assert tree.unit2.name in body
    assert f"?to={tree.unit2.code}" in body


def test_cancel_by_the_receiving_side(client, outsider, hoa, tree):
    transfer = start_transfer(member=hoa, to=tree.unit2, by=None, on=datetime.date.today())
    client.force_login(outsider)
    assert client.post(reverse("transfer_cancel", args=[transfer.pk])).status_code == 302
    hoa.refresh_from_db()
    assert hoa.in_transit_to is None
    assert hoa.org == tree.branch1
    response = client.post(reverse("transfer_cancel", args=[transfer.pk]))
    assert response.status_code == 409
    assert "đã bị hủy" in response.content.decode()


def test_requested_by_receiver_is_confirmed_by_the_holding_unit(client, unit_staff, outsider, hoa, tree):
    transfer = request_transfer_in(member=hoa, to_branch=tree.unit2, by=outsider, note="Có trong tệp rà soát")
    assert transfer.requested_by_receiver
    client.force_login(outsider)
    body = client.get(reverse("transfer_queue")).content.decode()
    assert "Bên nhận đề nghị" in body
    assert f"Xác nhận chuyển {hoa.full_name}" not in body
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 403
    client.force_login(unit_staff)
    body = client.get(reverse("transfer_queue")).content.decode()
    assert f"Xác nhận chuyển {hoa.full_name}" in body
    assert client.post(reverse("transfer_receive", args=[transfer.pk]), {"on": TODAY}).status_code == 302
    hoa.refresh_from_db()
    assert hoa.org == tree.unit2


@pytest.mark.parametrize("persona", ["member_user", "no_role", "editor"])
def test_queue_is_404_without_a_scope(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("transfer_queue")).status_code == 404


def test_queue_query_count(client, unit_staff, outsider, tree, no_n_plus_one, django_assert_max_num_queries):
    for _ in range(6):
        start_transfer(
            member=factories.member(tree.branch1), to=tree.unit2, by=None, on=datetime.date.today()
        )
        request_transfer_in(member=factories.member(tree.unit2), to_branch=tree.branch2, by=None)
    client.force_login(unit_staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("transfer_queue"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card transfer"') == 12
