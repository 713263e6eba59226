"""An incremental (delta) refresh after each kind of change gives exactly the rows a full refresh of the
same state gives: every branch's BranchDay, every node's NodeDay and every member's MemberFact."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sotay.accounts.activation import revoke_activation_code
from sotay.accounts.models import ActivationCode, Registration, RegistrationState, User
from sotay.corrections.models import Correction, CorrectionState
from sotay.dashboard.facts import refresh
from sotay.dashboard.meeting_facts import month_start
from sotay.dashboard.models import FIGURES, MEMBER_FIGURES, BranchDay, MemberFact, NodeDay, RefreshKind
from sotay.handbook.models import Entitlement
from sotay.meetings.models import (
    Attendance,
    Document,
    DocumentRead,
    Meeting,
    MeetingState,
    Presence,
)
from sotay.members import actions
from sotay.members.actions.merge import merge_orgs
from sotay.members.models import Member, MemberStatus
from sotay.orgs.models import Org
from sotay.usage.actions import record_activity, record_install
from tests import factories
from tests.dashboard.test_meeting_facts import _meeting


def _rows() -> dict[str, Any]:
    day = timezone.localdate()
    return {
        "branch": {
            r["org_id"]: r for r in BranchDay.objects.filter(day=day).values("org_id", "path", *FIGURES)
        },
        "node": {r["org_id"]: r for r in NodeDay.objects.filter(day=day).values("org_id", *FIGURES)},
        "member": {
            r["member_id"]: r for r in MemberFact.objects.values("member_id", "org_id", *MEMBER_FIGURES)
        },
    }


def _members(org: Org) -> list[Member]:
    return list(Member.objects.filter(org=org).active().order_by("pk"))


def _this_month() -> datetime.datetime:
    now = timezone.now()
    return month_start(now) + (now - month_start(now)) / 2


def _edit(t: Any) -> None:
    actions.update_member(member=_members(t.branch1)[0], by=None, phone="")


def _move(t: Any) -> None:
    m = _members(t.branch1)[0]
    actions.start_transfer(member=m, to=t.branch2, by=None, on=timezone.localdate(), decision_ref="")
    actions.receive_transfer(transfer=m.transfers.get(state="in_transit"), by=None, on=timezone.localdate())


def _status(t: Any) -> None:
    actions.end_membership(
        member=_members(t.branch2)[0], status=MemberStatus.XOA_TEN, by=None, on=timezone.localdate()
    )


def _exempt(t: Any) -> None:
    actions.exempt_member(member=_members(t.branch1)[2], by=None, on=timezone.localdate(), decision_ref="")


def _new_member(t: Any) -> None:
    factories.member(t.branch2)


def _account(t: Any) -> None:
    User.objects.create(username="dv-delta", member=_members(t.unit2)[0], password="!")


def _sign_in(t: Any) -> None:
    user = User.objects.filter(member__org=t.branch1, last_login__isnull=True).first()
    assert user is not None
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())


def _usage(t: Any) -> None:
    user = User.objects.filter(member__org=t.branch2).order_by("pk").last()
    assert user is not None
    record_activity(user=user, platform="browser")


def _install(t: Any) -> None:
    user = User.objects.filter(member__org=t.branch1).order_by("pk").first()
    assert user is not None
    record_install(user=user, user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/120 Mobile")


def _registration_decided(t: Any) -> None:
    Registration.objects.filter(state=RegistrationState.PENDING).update(
        state=RegistrationState.REJECTED, decided_at=timezone.now()
    )


def _code_issued(t: Any) -> None:
    m = _members(t.unit2)[1]
    ActivationCode.objects.create(
        member=m,
        branch=t.unit2,
        code_hash=hashlib.sha256(b"delta").hexdigest(),
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )


def _code_used(t: Any) -> None:
    ActivationCode.objects.update(used_at=timezone.now())


def _code_revoked(t: Any) -> None:
    code = ActivationCode.objects.first()
    assert code is not None
    revoke_activation_code(code=code, by=None)


def _entitlement(t: Any) -> None:
    now = timezone.now()
    m = _members(t.branch2)[1]
    Entitlement.objects.create(
        member=m,
        branch=t.branch2,
        branch_path=t.branch2.path,
        payload={},
        payload_hash="x",
        granted_at=now,
        updated_at=now,
    )


def _check_in(t: Any) -> None:
    meeting = Meeting.objects.get(branch=t.branch1, title="Sinh hoạt")
    Attendance.objects.create(
        meeting=meeting, member=_members(t.branch1)[1], presence=Presence.PRESENT, by_qr=True
    )


def _held(t: Any) -> None:
    _meeting(t.branch2, _this_month())


def _cancelled(t: Any) -> None:
    Meeting.objects.filter(branch=t.branch1).update(state=MeetingState.CANCELLED, cancelled_at=timezone.now())


def _document_read(t: Any) -> None:
    meeting = Meeting.objects.get(branch=t.branch1, title="Sinh hoạt")
    document = meeting.documents.get()
    DocumentRead.objects.create(document=document, member=_members(t.branch1)[3])


def _correction(t: Any) -> None:
    Correction.objects.create(
        member=_members(t.branch2)[0],
        field="phone",
        proposed_value="0912345678",
        state=CorrectionState.SUBMITTED,
        due_at=timezone.now() - datetime.timedelta(days=1),
    )


def _orgs_merged(t: Any) -> None:
    """Members handed over by a bulk UPDATE that leaves their `updated_at` alone (caught by the counts)."""
    merge_orgs(sources=[t.branch2], into=t.branch1, on=timezone.localdate(), by=None)


CHANGES: dict[str, Callable[[Any], None]] = {
    "member edit": _edit,
    "member moved": _move,
    "status change / duplicate merged away": _status,
    "exempted": _exempt,
    "new member": _new_member,
    "new account": _account,
    "sign-in": _sign_in,
    "usage today": _usage,
    "install": _install,
    "registration decided": _registration_decided,
    "code issued": _code_issued,
    "code used": _code_used,
    "code revoked": _code_revoked,
    "entitlement": _entitlement,
    "check-in": _check_in,
    "meeting held": _held,
    "meeting cancelled": _cancelled,
    "document read": _document_read,
    "correction": _correction,
    "organisations merged": _orgs_merged,
}


@pytest.fixture
def activity(adoption: Any) -> Any:
    """The adoption picture, with this month's meeting in branch 1 (a document, a QR check-in)."""
    t = adoption.tree
    meeting = _meeting(t.branch1, _this_month())
    Document.objects.create(
        meeting=meeting,
        title="Tài liệu",
        original_name="a.pdf",
        stored_name="delta-doc",
        content_type="application/pdf",
        size=1,
    )
    Attendance.objects.create(
        meeting=meeting, member=_members(t.branch1)[0], presence=Presence.PRESENT, by_qr=True
    )
    return adoption


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_after_a_change_equals_a_full_refresh(activity: Any, change: str) -> None:
    refresh()
    CHANGES[change](activity.tree)
    run = refresh()
    assert run.kind == RefreshKind.INCREMENTAL
    assert run.branches > 0, "the change was not seen"
    after_delta = _rows()
    refresh(full=True)
    assert after_delta == _rows()


def test_a_second_run_applies_nothing_twice(activity: Any) -> None:
    refresh()
    _move(activity.tree)
    assert refresh().branches == 2
    rows = _rows()
    assert refresh().branches == 0
    assert _rows() == rows
