"""No registry form ends in a 500: every form is driven with generated values (empty, huge, wrong type,
several values for one key, identifiers of members of another unit). A refused request answers 4xx with a
Vietnamese message, writes nothing and shows nothing of records out of scope; an accepted one redirects.

Each example runs in a savepoint that is rolled back, so the examples start from the same records.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.audit.models import AuditEvent
from sotay.members.actions import start_transfer
from sotay.members.forms import MemberEditForm
from sotay.members.models import Member, MemberEvent, Transfer
from sotay.pipeline import schema

pytestmark = pytest.mark.slow

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
HUGE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=300, max_size=3000)
WRONG_TYPE = st.one_of(
    st.integers().map(str), st.floats(allow_nan=True).map(str), st.booleans().map(str), st.just("null")
)
DATES = st.one_of(
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.sampled_from(["31/02/2020", "00/00/0000", "01/13/2020", "1/1/99999", "2020-02-30", "٠١/٠١/٢٠٢٠"]),
)
FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


def _value(extra: list[str]) -> st.SearchStrategy[Any]:
    one = st.one_of(st.just(""), TEXT, HUGE, WRONG_TYPE, DATES, st.sampled_from(extra))
    # Several values for one key (a tampered form): Django keeps the last.
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def _state() -> tuple[Any, ...]:
    members = tuple(
        Member.objects.order_by("pk").values_list(*schema.EDITABLE, "status", "org_id", "in_transit_to_id")
    )
    return (members, MemberEvent.objects.count(), Transfer.objects.count(), AuditEvent.objects.count())


def _check(client, url: str, data: dict[str, Any], secrets: list[str]) -> None:
    with transaction.atomic():
        before = _state()
        response = client.post(url, data)
        status = response.status_code
        assert status < 500
        if status != 302:
            body = response.content.decode()
            assert status in (400, 403, 409), status
            # A NUL character is refused before the form sees it (sotay/core/nul.py), in Vietnamese.
            nul = status == 400 and "ký tự rỗng (NUL" in body
            assert 'class="errorlist"' in body or status == 403 or nul
            assert _state() == before, "a refused request wrote to the database"
            assert not [s for s in secrets if s in body], "a refused request showed data out of scope"
        transaction.set_rollback(True)


@pytest.fixture
def others(lan, binh) -> list[str]:
    """Identifiers of other members: one of the same ward (lan), one of the sibling ward (binh)."""
    return [lan.cccd, lan.code, lan.card_number or "", binh.cccd, binh.code, binh.card_number or ""]


def _valid_edit(member: Member) -> dict[str, str]:
    out = {}
    for name, value in MemberEditForm.initial_of(member).items():
        out[name] = (
            value.strftime("%d/%m/%Y")
            if isinstance(value, datetime.date)
            else ("" if value is None else str(value))
        )
    return out


@FUZZ_SETTINGS
@given(data=st.data())
def test_edit_form_never_fails(client, unit_staff, hoa, binh, others, data):
    client.force_login(unit_staff)
    base = _valid_edit(hoa)
    fields = data.draw(st.sets(st.sampled_from(schema.EDITABLE), min_size=1, max_size=4))
    post = dict(base) | {f: data.draw(_value(others)) for f in fields}
    _check(client, reverse("member_edit", args=[hoa.pk]), post, [binh.full_name, binh.org.name])


@FUZZ_SETTINGS
@given(
    action=st.sampled_from(
        ["cong-nhan-chinh-thuc", "mien-sinh-hoat", "sinh-hoat-tro-lai", "ra-khoi-danh-sach"]
    ),
    data=st.data(),
)
def test_status_forms_never_fail(client, unit_staff, hoa, binh, others, action, data):
    client.force_login(unit_staff)
    keys = ["on", "decided_on", "decision_ref", "note", "status"]
    extra = [*others, "tu_tran", "xoa_ten", "chinh_thuc", "khai_tru"]
    post = {k: data.draw(_value(extra)) for k in data.draw(st.sets(st.sampled_from(keys)))}
    _check(client, reverse("member_status", args=[hoa.pk, action]), post, [binh.full_name])


@FUZZ_SETTINGS
@given(data=st.data())
def test_transfer_start_never_fails(client, unit_staff, hoa, binh, tree, others, data):
    client.force_login(unit_staff)
    extra = [*others, tree.unit2.code, tree.ward2.code, tree.branch1.code, tree.city.code]
    post = {k: data.draw(_value(extra)) for k in ("to_code", "on", "decision_ref", "note")}
    _check(client, reverse("transfer_start", args=[hoa.pk]), post, [binh.full_name])


@FUZZ_SETTINGS
@given(data=st.data())
def test_transfer_receive_and_cancel_never_fail(client, outsider, hoa, lan, tree, data):
    transfer = Transfer.objects.filter(member=hoa).first() or start_transfer(
        member=hoa, to=tree.unit2, by=None, on=datetime.date.today()
    )
    client.force_login(outsider)
    name = data.draw(st.sampled_from(["transfer_receive", "transfer_cancel"]))
    post = {"on": data.draw(_value([hoa.cccd]))}
    _check(client, reverse(name, args=[transfer.pk]), post, [lan.full_name])
