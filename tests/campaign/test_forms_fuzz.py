"""No campaign form ends in a 500: every form is driven with generated values (empty, huge, wrong type,
HTML, several values for one key, ids of another unit's objects). A refusal says why in Vietnamese and
writes nothing; another unit's object answers 404. The registry's forms (member edit, status, transfer
start and receive) are fuzzed the same way in tests/members/test_forms_fuzz.py.

Each example runs in a savepoint that is rolled back, so the examples start from the same records. The
examples are few (the edits re-check the whole file): the whole module runs in well under a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import constants
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sotay.audit.models import AuditEvent
from sotay.campaign.actions import imports
from sotay.campaign.models import (
    Campaign,
    CampaignUnit,
    Decision,
    DuplicatePair,
    Finding,
    ImportBatch,
    StagedRecord,
)
from sotay.campaign.values import EDITABLE
from sotay.members.models import Member, Transfer
from tests import factories
from tests.campaign.conftest import row, write_members

pytestmark = pytest.mark.slow

CHARS = st.characters(blacklist_categories=("Cs",))
TEXT = st.text(alphabet=CHARS, max_size=40)
HUGE = st.text(alphabet=CHARS, min_size=300, max_size=6000)
HTML = st.sampled_from(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "%s%n"])
WRONG_TYPE = st.one_of(st.integers().map(str), st.floats(allow_nan=True).map(str), st.just("null"))
VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
FEW = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
SOME = settings(FEW, max_examples=12)


def _value(extra: list[str]) -> st.SearchStrategy[Any]:
    one = st.one_of(st.just(""), TEXT, HUGE, HTML, WRONG_TYPE, st.sampled_from(extra or [""]))
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def _state() -> tuple[Any, ...]:
    return (
        tuple(StagedRecord.objects.order_by("pk").values_list()),
        tuple(Finding.objects.order_by("pk").values_list("state", "note", "decided_by")),
        tuple(DuplicatePair.objects.order_by("pk").values_list("state", "snapshot")),
        tuple(ImportBatch.objects.order_by("pk").values_list("state", "sha256")),
        tuple(CampaignUnit.objects.order_by("pk").values_list("responsible")),
        tuple(Campaign.objects.order_by("pk").values_list("closed_at", "close_note")),
        Decision.objects.count(),
        Member.objects.count(),
        Transfer.objects.count(),
        AuditEvent.objects.exclude(action="view").count(),
    )


def _vietnamese(text: str) -> bool:
    return bool(VIETNAMESE & set(text.lower()))


def _check(client, url: str, data: dict[str, Any], *, htmx: bool = False) -> None:
    """A refused request (an error message, a 4xx) says why in Vietnamese and changes nothing."""
    with transaction.atomic():
        before = _state()
        extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client.post(url, data, follow=not htmx, **extra)
        status = response.status_code
        assert status < 500
        body = response.content.decode()
        if htmx:
            refused = 'class="errorlist"' in body or status >= 400
            said = body
        else:
            errors = (
                [str(m) for m in response.context["messages"] if m.level == constants.ERROR]
                if (response.context)
                else []
            )
            refused = bool(errors) or status >= 400
            said = " ".join(errors) or body
        if refused:
            assert status in (200, 204, 400, 403, 404), status
            assert _vietnamese(said), said[:300]
            assert _state() == before, "a refused request wrote to the database"
        assert "<script>alert(1)</script>" not in body
        transaction.set_rollback(True)


@pytest.fixture
def world(ward1_unit, ward2_unit, messy_file, tmp_path, unit_staff, tree):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    theirs = write_members(
        tmp_path / "p2.csv",
        [row("Z1", "Phạm Văn Hai", "09/01/1965", "Nam", "079165000202", "79.P2.U2", card="00000202")],
    )
    other = imports.import_file(unit=ward2_unit, source=theirs, original_name="p2.csv", by=None).batch
    factories.user("bantochuc2", role="unit_staff", at=tree.ward2)
    return {"batch": batch, "other": other}


@pytest.fixture
def city_staff(tree):
    return factories.user("bantochuctp", role="unit_staff", at=tree.city)


def _ids(batch: ImportBatch, other: ImportBatch) -> list[str]:
    return [
        str(pk)
        for pk in (
            *batch.findings.values_list("pk", flat=True)[:3],
            *other.findings.values_list("pk", flat=True)[:3],
            *other.records.values_list("pk", flat=True)[:2],
        )
    ]


@FEW
@given(data=st.data())
def test_upload_never_fails(client, unit_staff, ward1_unit, world, data):
    client.force_login(unit_staff)
    content = data.draw(
        st.one_of(
            st.binary(max_size=2000),
            st.text(alphabet=CHARS, max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
            st.sampled_from([b"%PDF-1.4\n\x00\x01", b"Ma dang vien;Ho ten\n1;2\n", b"\xef\xbb\xbf"]),
        )
    )
    name = data.draw(st.one_of(TEXT, HTML)) + data.draw(
        st.sampled_from([".csv", ".xlsx", ".xls", ".ods", ".pdf", ""])
    )
    upload = SimpleUploadedFile(name or "x", content)
    _check(client, reverse("unit_upload", args=[ward1_unit.pk]), {"file": upload})


@SOME
@given(data=st.data())
def test_finding_decisions_never_fail(client, unit_staff, ward1_unit, world, data):
    client.force_login(unit_staff)
    ids = _ids(world["batch"], world["other"])
    finding = data.draw(st.sampled_from(ids))
    post = {
        "action": data.draw(st.one_of(st.sampled_from(["accept", "edit", "paper", "transfer"]), TEXT)),
        "field": data.draw(st.one_of(st.sampled_from(sorted(EDITABLE)), TEXT)),
        "value": data.draw(_value(["Nữ", "079165000202", "Z1", "30/02/1975", "00000202"])),
        "note": data.draw(_value([])),
    }
    _check(client, reverse("finding_decide", args=[ward1_unit.pk, finding]), post, htmx=True)


@SOME
@given(data=st.data())
def test_pair_decisions_never_fail(client, unit_staff, ward1_unit, world, data):
    client.force_login(unit_staff)
    pair = world["batch"].pairs.get()
    pk = data.draw(st.sampled_from([pair.pk, *_ids(world["batch"], world["other"])]))
    post = {"action": data.draw(st.one_of(st.sampled_from(["merge", "unmerge", "not_same"]), TEXT))}
    for field in data.draw(st.sets(st.sampled_from(["member_code", "full_name", "cccd", "phone", "x"]))):
        post[f"choose_{field}"] = data.draw(_value(["a", "b"]))
    post["note"] = data.draw(_value([]))
    _check(client, reverse("pair_decide", args=[ward1_unit.pk, pk]), post)


@SOME
@given(data=st.data())
def test_responsible_never_fails(client, campaign, ward1_unit, ward2_unit, city_staff, world, data):
    client.force_login(city_staff)
    unit = data.draw(st.sampled_from([ward1_unit, ward2_unit]))
    post = {"username": data.draw(_value(["bantochuc1", "bantochuc2", "bantochuctp", "khongco"]))}
    _check(client, reverse("unit_responsible", args=[campaign.pk, unit.pk]), post)


@SOME
@given(data=st.data())
def test_closing_never_fails(client, campaign, city_staff, world, data):
    client.force_login(city_staff)
    _check(client, reverse("campaign_close", args=[campaign.pk]), {"note": data.draw(_value([]))})


@SOME
@given(data=st.data())
def test_revert_and_bulk_accept_never_fail(client, unit_staff, ward1_unit, world, data):
    client.force_login(unit_staff)
    if data.draw(st.booleans()):
        decision = data.draw(st.integers(min_value=1, max_value=2**31 - 1))
        _check(client, reverse("decision_revert", args=[ward1_unit.pk, decision]), {}, htmx=True)
    else:
        rules = data.draw(_value(["name_not_normalized", "phone_renumbered", "cccd_duplicate"]))
        _check(client, reverse("queue_bulk_accept", args=[ward1_unit.pk]), {"rule": rules})


def test_another_units_objects_answer_404_and_change_nothing(
    client, unit_staff, ward1_unit, ward2_unit, world
):
    client.force_login(unit_staff)
    other = world["other"]
    finding = other.findings.first()
    before = _state()
    for url in (
        reverse("finding_decide", args=[ward2_unit.pk, finding.pk]),
        reverse("finding_decide", args=[ward1_unit.pk, finding.pk]),
        reverse("unit_upload", args=[ward2_unit.pk]),
        reverse("unit_promote", args=[ward2_unit.pk]),
    ):
        assert client.post(url, {"action": "paper", "note": "x"}).status_code == 404
    assert _state() == before


DATES = st.one_of(
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")), st.just("31/02/2026"), st.just(""), TEXT, HUGE
)


@FEW
@given(data=st.data())
def test_campaign_creation_never_fails(client, unit_staff, tree, data):
    """The creation form: a root outside the user's subtree is a 404; bad names and deadlines are refused
    in Vietnamese; nothing is created on a refusal."""
    from sotay.campaign.models import Campaign, StepKind

    client.force_login(unit_staff)
    root = data.draw(st.sampled_from([str(tree.ward1.pk), str(tree.ward2.pk), str(tree.city.pk), "", "x"]))
    form: dict[str, Any] = {"root": root, "name": data.draw(_value(["Làm sạch dữ liệu 2026"]))}
    for kind in StepKind:
        form[f"deadline_{kind}"] = data.draw(DATES)
    with transaction.atomic():
        before = Campaign.objects.count()
        response = client.post(reverse("campaign_create"), form, follow=True)
        assert response.status_code < 500
        sent = [v for value in form.values() for v in (value if isinstance(value, list) else [value])]
        if any("\x00" in str(v) for v in sent):
            # Refused before any view (sotay/core/nul.py), whoever's the root: it tells nothing of it.
            assert response.status_code == 400
            assert _vietnamese(response.content.decode())
            assert Campaign.objects.count() == before
        elif root != str(tree.ward1.pk):
            assert response.status_code == 404
            assert Campaign.objects.count() == before
        else:
            errors = [str(m) for m in response.context["messages"] if m.level == constants.ERROR]
            if errors:
                assert _vietnamese(" ".join(errors)), errors
                assert Campaign.objects.count() == before
        assert "<script>alert(1)</script>" not in response.content.decode()
        transaction.set_rollback(True)
