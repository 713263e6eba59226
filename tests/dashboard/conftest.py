"""A small generated adoption picture over the persona tree, with the awkward cases: exempted members
(not eligible, one with an account and a stale entitlement), a member in transit, a duplicate record
ended after a merge whose account stayed open, registrations, codes and sign-ins of every age."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, RegistrationState, User
from sotay.handbook.models import Entitlement
from sotay.members import actions
from sotay.members.models import Member, MemberStatus
from sotay.usage.models import DailyActivity, Platform
from tests import factories
from tests.personas import *  # noqa: F403

TODAY = datetime.date.today()


@dataclass
class Adoption:
    tree: Any
    members: list[Member]


def _account(m: Member, last_login: datetime.datetime | None, platform: str = Platform.APP) -> User:
    """An account; its last sign-in's day is recorded as use on `platform` (as the usage app does)."""
    user = User.objects.create(username=f"dv-{m.code}", member=m, last_login=last_login, password="!")
    if last_login is not None:
        DailyActivity.objects.create(user=user, day=timezone.localdate(last_login), platform=platform)
    return user


def _entitle(m: Member) -> None:
    now = timezone.now()
    Entitlement.objects.create(
        member=m,
        branch=m.org,
        branch_path=m.org.path,
        payload={},
        payload_hash="x",
        granted_at=now,
        updated_at=now,
    )


def _code(m: Member, n: int) -> None:
    ActivationCode.objects.create(
        member=m,
        branch=m.org,
        code_hash=hashlib.sha256(f"t{n}".encode()).hexdigest(),
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )


@pytest.fixture
def adoption(tree: Any) -> Adoption:
    now = timezone.now()
    b1, b2, u2 = tree.branch1, tree.branch2, tree.unit2
    made: list[Member] = []
    # Branch 1: eight official members, most of them using the handbook.
    for i in range(8):
        m = factories.member(b1, phone=f"09120001{i:02d}")
        made.append(m)
        _entitle(m)
        if i < 5:
            # 2, 11, 20, 29, 38 days ago; two on a browser, one of them on the app too.
            user = _account(
                m, now - datetime.timedelta(days=2 + i * 9), Platform.BROWSER if i < 2 else Platform.APP
            )
            if i == 0:
                DailyActivity.objects.create(user=user, day=TODAY, platform=Platform.APP)
        elif i == 5:
            _account(m, None)  # activated, never signed in
        elif i == 6:
            Registration.objects.create(member=m, branch=b1, phone="0912000001", password_hash="!")
        else:
            _code(m, i)
    # Two exempted members (QĐ 339: not eligible); one still holds an account and an entitlement.
    for i in range(2):
        m = factories.member(b1, status=MemberStatus.MIEN_SINH_HOAT)
        made.append(m)
        if i == 0:
            _account(m, now - datetime.timedelta(days=1))
            _entitle(m)
    # A member of branch 1 moving to branch 2: counted at branch 1 until received.
    mover = factories.member(b1, phone="")
    _entitle(mover)
    made.append(mover)
    actions.start_transfer(member=mover, to=b2, by=None, on=TODAY, decision_ref="")
    # A duplicate record merged away (ended), its account left open: more accounts than members.
    dup = factories.member(b2)
    _account(dup, now - datetime.timedelta(days=3))
    actions.end_membership(member=dup, status=MemberStatus.XOA_TEN, by=None, on=TODAY)
    made.append(dup)
    # Branch 2: three members, one probationary with an account.
    for i in range(3):
        m = factories.member(b2, status=MemberStatus.DU_BI if i == 0 else MemberStatus.CHINH_THUC)
        made.append(m)
        if i == 0:
            _account(m, now - datetime.timedelta(days=40))
            _entitle(m)
    # A rejected registration does not count as reached.
    rejected = factories.member(u2)
    made.append(rejected)
    Registration.objects.create(
        member=rejected, branch=u2, phone="0912000002", password_hash="!", state=RegistrationState.REJECTED
    )
    for _ in range(4):
        made.append(factories.member(u2))
    return Adoption(tree=tree, members=made)
