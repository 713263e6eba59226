"""factory-boy factories for registry tests. Data is synthetic; CCCDs are consistent with DOB and gender.

Objects are created through the action functions (never `.save()`), so every factory-made record has
passed the same validation as a real one. The lower-case helpers keep call sites short.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import factory

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import User
from sotay.members.actions import create_member
from sotay.members.models import Member, MemberStatus
from sotay.orgs.actions import create_org
from sotay.orgs.models import Org

_serial = itertools.count(1)
PASSWORD = "mat-khau-rat-dai-123"


def make_cccd(birth: datetime.date, gender: str, province: str = "079") -> str:
    century_digit = (birth.year // 100 - 19) * 2 + (1 if gender == "Nữ" else 0)
    return f"{province}{century_digit}{birth.year % 100:02d}{next(_serial):06d}"


class OrgFactory(factory.Factory):
    class Meta:
        model = Org

    code = factory.Sequence(lambda n: f"ORG{n}")
    name = factory.LazyAttribute(lambda o: f"Tổ chức {o.code}")
    type = "chi_bo"
    parent = None

    @classmethod
    def _create(cls, model_class: type[Org], **kwargs: Any) -> Org:
        return create_org(by=None, **kwargs)


class MemberFactory(factory.Factory):
    class Meta:
        model = Member

    code = factory.Sequence(lambda n: f"DV{n:07d}")
    gender = "Nam"
    full_name = factory.LazyAttribute(lambda o: "Nguyễn Văn Hòa" if o.gender == "Nam" else "Trần Thị Thủy")
    birth_date = datetime.date(1980, 5, 17)
    cccd = factory.LazyAttribute(lambda o: make_cccd(o.birth_date, o.gender))
    status = MemberStatus.CHINH_THUC
    admission_date = factory.LazyAttribute(lambda o: datetime.date(o.birth_date.year + 25, 3, 2))
    official_date = factory.LazyAttribute(
        lambda o: (
            None
            if o.status == MemberStatus.DU_BI
            else datetime.date(o.admission_date.year + 1, o.admission_date.month, o.admission_date.day)
        )
    )
    card_number = factory.LazyAttribute(
        lambda o: None if o.status == MemberStatus.DU_BI else f"{next(_serial):08d}"
    )

    @classmethod
    def _create(cls, model_class: type[Member], *, org: Org, status: str, **kwargs: Any) -> Member:
        return create_member(by=None, org=org, status=status, **kwargs)


class UserFactory(factory.Factory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = PASSWORD
    member = None

    @classmethod
    def _create(cls, model_class: type[User], **kwargs: Any) -> User:
        return create_user(by=None, **kwargs)


def org(code: str, type: str, parent: Org | None, name: str | None = None) -> Org:
    return OrgFactory(code=code, type=type, parent=parent, **({"name": name} if name else {}))


def member(branch: Org, **overrides: Any) -> Member:
    return MemberFactory(org=branch, **overrides)


def user(
    username: str, *, role: str | None = None, at: Org | None = None, member: Member | None = None
) -> User:
    u = UserFactory(username=username, member=member)
    if role and at:
        grant_role(by=None, user=u, role=role, org=at)
    return u
