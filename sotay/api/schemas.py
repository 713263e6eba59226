"""The API's typed shapes. Member fields take their label from the one field table (pipeline/schema.py)."""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from sotay.pipeline.schema import BY_FIELD, label


def member_field(name: str, note: str = "") -> Any:
    """A member field's OpenAPI title (its Vietnamese label) and description, from the field table."""
    f = BY_FIELD[name]
    marks = [m for m, on in (("dữ liệu cá nhân", f.personal), ("nhạy cảm", f.sensitive)) if on]
    description = label(name) + (f" ({', '.join(marks)})" if marks else "") + (f". {note}" if note else "")
    return Field(title=label(name), description=description)


class Page[T](Schema):
    items: list[T]
    next: str | None = Field(description="Con trỏ của trang sau (`?cursor=`); null ở trang cuối.")


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150, description="Tên đăng nhập, số điện thoại hoặc CCCD.")
    password: str = Field(min_length=1, max_length=256, description="Mật khẩu.")
    device: str = Field("", max_length=80, description="Tên thiết bị (để nhận ra mã khi thu hồi).")
    otp: str | None = Field(None, max_length=12, description="Mã xác thực hai lớp (cán bộ đã đăng ký).")


class TokenOut(Schema):
    id: int
    token: str = Field(description="Mã truy cập: gửi trong `Authorization: Bearer …`; chỉ hiện một lần.")
    expires: datetime.datetime


class TokenInfo(Schema):
    id: int
    device: str = Field(title="Thiết bị")
    created_at: datetime.datetime
    expires: datetime.datetime
    last_used_on: datetime.date | None
    revoked: bool


class AccountTokenInfo(TokenInfo):
    """A token of an account in the caller's subtree (for unit staff)."""

    user_id: int
    username: str = Field(title="Tài khoản")


class OrgOut(Schema):
    id: int
    code: str = Field(title=label("org"), description="Mã tổ chức.")
    name: str = Field(title="Tên tổ chức")
    type: str = Field(title="Loại tổ chức")
    parent_id: int | None


class OrgRef(Schema):
    id: int
    name: str = Field(title="Tên tổ chức")


class MemberSummary(Schema):
    """A member as lists and details show it to staff: the CCCD masked."""

    id: int
    code: str = member_field("code")
    full_name: str = member_field("full_name")
    birth_date: datetime.date = member_field("birth_date")
    gender: str = member_field("gender")
    cccd: str = member_field("cccd", "Che bớt chữ số.")
    status: str = member_field("status")
    org_id: int = member_field("org", "Id của chi bộ.")


class MyRecord(Schema):
    """The signed-in member's own record (the handbook page's summary)."""

    id: int
    code: str = member_field("code")
    full_name: str = member_field("full_name")
    birth_date: datetime.date = member_field("birth_date")
    admission_date: datetime.date = member_field("admission_date")
    official_date: datetime.date | None = member_field("official_date")
    status: str = member_field("status")
    org: OrgRef = member_field("org", "Chi bộ sinh hoạt.")
