"""factory-boy factories for registry tests. Data is synthetic; CCCDs are consistent with DOB and gender."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import User
from sotay.members.actions import create_member
from sotay.members.models import Member, MemberStatus
from sotay.orgs.actions import create_org
from sotay.orgs.models import Org

_serial = itertools.count(1)


def make_cccd(birth: datetime.date, gender: str, province: str = "079") -> str:
    century_digit = (birth.year // 100 - 19) * 2 + (1 if gender == "Nữ" else 0)
    return f"{province}{century_digit}{birth.year % 100:02d}{next(_serial):06d}"


def org(code: str, type: str, parent: Org | None, name: str | None = None) -> Org:
    return create_org(by=None, code=code, name=name or f"Tổ chức {code}", type=type, parent=parent)


def member(branch: Org, **overrides: Any) -> Member:
    n = next(_serial)
    birth = overrides.pop("birth_date", datetime.date(1980, 5, 17))
    gender = overrides.pop("gender", "Nam")
    status = overrides.pop("status", MemberStatus.CHINH_THUC)
    admission = overrides.pop("admission_date", datetime.date(birth.year + 25, 3, 2))
    fields: dict[str, Any] = {
        "code": f"DV{n:07d}",
        "full_name": "Nguyễn Văn Hòa" if gender == "Nam" else "Trần Thị Thủy",
        "birth_date": birth,
        "gender": gender,
        "cccd": make_cccd(birth, gender),
        "admission_date": admission,
    }
    if status != MemberStatus.DU_BI:
        fields["official_date"] = datetime.date(admission.year + 1, admission.month, admission.day)
        fields["card_number"] = f"{n:08d}"
    fields.update(overrides)
    return create_member(by=None, org=branch, status=status, **fields)


def user(
    username: str, *, role: str | None = None, at: Org | None = None, member: Member | None = None
) -> User:
    u = create_user(by=None, username=username, password="mat-khau-rat-dai-123", member=member)
    if role and at:
        grant_role(by=None, user=u, role=role, org=at)
    return u
