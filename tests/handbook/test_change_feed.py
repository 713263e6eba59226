"""The change log as a feed: cursor order, paging, subtree filtering, moves, audit; the operator command."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEvent
from sotay.handbook.models import CONSUMER_FIELDS, HandbookChange
from sotay.handbook.sync.actions import sync_handbook
from sotay.handbook.sync.consumers import create_consumer, revoke_consumer
from sotay.members import actions

TODAY = datetime.date.today()
URL = reverse("handbook_changes")


@pytest.fixture
def synced(tree, hoa, lan, binh):
    sync_handbook(root=tree.city, by=None)
    return {"hoa": hoa, "lan": lan, "binh": binh}


ALL_FIELDS = list(CONSUMER_FIELDS)


def _token(root, fields=ALL_FIELDS):
    """A consumer account reading `root`'s subtree (the feed is served to consumer accounts only)."""
    return create_consumer(name=f"Hệ thống {root.code}", root=root, fields=fields, by=None)[1]


def _feed(client, root, **params):
    response = client.get(URL, params, headers={"Authorization": f"Bearer {_token(root)}"})
    assert response.status_code == 200, response.content
    return response.json()


def _move_hoa_to_ward2(tree, hoa):
    transfer = actions.start_transfer(member=hoa, to=tree.unit2, by=None, on=TODAY)
    actions.receive_transfer(transfer=transfer, by=None, on=TODAY)
    sync_handbook(root=tree.city, by=None)


def test_changes_come_in_cursor_order_with_the_next_cursor(client, tree, synced):
    body = _feed(client, tree.city)
    ids = [c["id"] for c in body["changes"]]
    assert ids == sorted(ids)
    assert len(ids) == 3
    assert body["next"] == ids[-1]
    assert {c["op"] for c in body["changes"]} == {"grant"}
    assert _feed(client, tree.city, sau=body["next"]) == {"changes": [], "next": body["next"]}


def test_paging_with_a_limit_reads_every_change_once(client, tree, synced):
    seen, cursor = [], 0
    for _ in range(5):
        body = _feed(client, tree.city, **{"sau": cursor, "gioi-han": 1})
        seen += [c["id"] for c in body["changes"]]
        cursor = body["next"]
    assert seen == list(HandbookChange.objects.order_by("id").values_list("id", flat=True))


def test_each_reader_sees_only_their_subtree(client, tree, synced):
    codes = {
        root.code: {c["member_code"] for c in _feed(client, root)["changes"]}
        for root in (tree.branch1, tree.ward1, tree.ward2)
    }
    assert codes[tree.branch1.code] == {synced["hoa"].code}
    assert codes[tree.ward1.code] == {synced["hoa"].code, synced["lan"].code}
    assert codes[tree.ward2.code] == {synced["binh"].code}


def test_next_cursor_skips_rows_outside_the_scope(client, tree, synced):
    last = HandbookChange.objects.latest("id").id
    body = _feed(client, tree.ward2)
    assert body["next"] == last


def test_a_move_is_a_revoke_for_the_old_subtree_and_a_grant_for_the_new(
    client, unit_staff, outsider, sysadmin, tree, synced
):
    cursor = HandbookChange.objects.latest("id").id
    _move_hoa_to_ward2(tree, synced["hoa"])
    (old,) = _feed(client, tree.ward1, sau=cursor)["changes"]
    assert (old["op"], old["branch_code"], old["payload"]) == ("revoke", tree.branch1.code, None)
    assert "from_branch_code" not in old
    (new,) = _feed(client, tree.ward2, sau=cursor)["changes"]
    assert (new["op"], new["branch_code"]) == ("grant", tree.unit2.code)
    assert new["payload"]["full_name"] == "Nguyễn Văn Hòa"
    assert "from_branch_code" not in new
    (both,) = _feed(client, tree.city, sau=cursor)["changes"]
    assert (both["op"], both["from_branch_code"], both["branch_code"]) == (
        "update",
        tree.branch1.code,
        tree.unit2.code,
    )
    assert both["id"] == old["id"] == new["id"]


def test_every_read_is_audited_once(client, synced, tree):
    token = _token(tree.ward1)
    before = AuditEvent.objects.latest("id").id
    assert client.get(URL, {"sau": 0}, headers={"Authorization": f"Bearer {token}"}).status_code == 200
    event = AuditEvent.objects.get(pk__gt=before)
    assert (event.action, event.object_type, event.actor) == (AuditAction.EXPORT, "handbook_changes", None)
    assert event.org_path == tree.ward1.path
    assert "2 dòng" in event.summary


@pytest.mark.parametrize(
    "params",
    [
        {"sau": "x"},
        {"sau": "-1"},
        {"gioi-han": "0"},
        {"gioi-han": "1.5"},
        {"sau": "99999999999999999999999999"},  # past bigint: a 500 on PostgreSQL if not refused
        {"sau": str(2**63)},
        {"sau": "²"},
    ],
)
def test_bad_parameters_are_refused(client, tree, params):
    response = client.get(URL, params, headers={"Authorization": f"Bearer {_token(tree.ward1)}"})
    assert response.status_code == 400
    assert "gioi-han" in response.json()["error"]


def test_feed_query_count_does_not_grow_with_changes(client, tree, synced, django_assert_max_num_queries):
    token = _token(tree.city)
    with django_assert_max_num_queries(8):
        response = client.get(URL, headers={"Authorization": f"Bearer {token}"})
    assert len(response.json()["changes"]) == 3


@pytest.mark.parametrize("persona", ["secretary", "unit_staff", "sysadmin", "member_user"])
def test_a_persons_session_gets_no_feed(client, request, persona, synced):
    # Every member's CCCD, phone and card in bulk is for other systems, not for a branch secretary.
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 401
    assert "changes" not in response.json()


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer stf_wrong", "Basic abc", "Bearer " + "x" * 5000])
def test_a_wrong_token_gets_no_feed(client, synced, header):
    response = client.get(URL, headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert "Bearer" in response["WWW-Authenticate"]


def test_a_revoked_consumer_gets_no_feed(client, tree, synced):
    consumer, token = create_consumer(name="Điều hành", root=tree.city, fields=ALL_FIELDS, by=None)
    revoke_consumer(consumer=consumer, by=None)
    assert client.get(URL, headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_identifiers_only_where_granted(client, tree, synced):
    token = create_consumer(name="Sổ tay", root=tree.city, fields=["full_name", "birth_date"], by=None)[1]
    payloads = [
        c["payload"] for c in client.get(URL, headers={"Authorization": f"Bearer {token}"}).json()["changes"]
    ]
    assert payloads
    for payload in payloads:
        assert set(payload) == {"member_code", "branch_code", "full_name", "birth_date"}
    granted = _feed(client, tree.city)["changes"][0]["payload"]
    assert len(granted["cccd"]) == 12


def test_a_consumer_reads_its_own_subtree_only(client, tree, synced):
    codes = {c["member_code"] for c in _feed(client, tree.ward2)["changes"]}
    assert codes == {synced["binh"].code}


def _command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("handbook_changes", *args, stdout=out, stderr=err)
    return [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_command_prints_json_lines_and_is_audited(synced):
    changes, err = _command("--after", "0", "--limit", "2")
    assert [c["op"] for c in changes] == ["grant", "grant"]
    assert f"next: {changes[-1]['id']}" in err
    event = AuditEvent.objects.filter(object_type="handbook_changes").get()
    assert (event.action, event.channel) == (AuditAction.EXPORT, "cli")


def test_command_can_show_one_subtree(tree, synced):
    changes, _ = _command("--after", "0", "--org", tree.ward2.code)
    assert [c["member_code"] for c in changes] == [synced["binh"].code]


def test_command_refuses_an_unknown_org(db):
    with pytest.raises(CommandError):
        _command("--after", "0", "--org", "nope")


def test_sync_command_runs_a_sync(tree, hoa):
    out = io.StringIO()
    call_command("handbook_sync", "--org", tree.city.code, stdout=out)
    assert "granted 1" in out.getvalue()
    assert HandbookChange.objects.count() == 1
