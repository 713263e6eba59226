"""Which fields of a record a member may report, how a proposed value is read, and how it is checked.

The check is the registry's own (`sotay.members.validation.clean_record`, the rules of the edit form and
of the campaign's gate): the record with the proposed value must raise no error that the record without
it did not already have. So a proposed CCCD whose digits contradict the recorded gender or birth year is
refused with the checker's reason, while an old problem elsewhere in the record does not block a report.
Uniqueness (a CCCD or card held by another member) is checked only when unit staff apply the value: a
member must not learn whose number that is.
"""

from __future__ import annotations

import datetime
from typing import Any

from sotay.members.models import Gender, Member
from sotay.members.validation import clean_record
from sotay.pipeline import schema

# Every field the registry lets staff correct, except the member code (the registry's own key).
CORRECTABLE: tuple[str, ...] = tuple(f for f in schema.EDITABLE if f != "code")
LABELS: dict[str, str] = {f: schema.BY_FIELD[f].label for f in CORRECTABLE}
# Fields a member may not change by a report: they change by the branch's decisions.
LOCKED: dict[str, str] = {"status": "Tình trạng đảng viên", "org": "Chi bộ sinh hoạt"}
LOCKED_MESSAGE = (
    "{label} không sửa bằng báo sai thông tin: thay đổi tình trạng hoặc chi bộ sinh hoạt do cấp ủy quyết "
    "định (chuyển sinh hoạt đảng, công nhận chính thức, miễn sinh hoạt). Đồng chí đề nghị với cấp ủy chi bộ; "
    "nếu cần chuyển sinh hoạt, cấp ủy gửi đề nghị chuyển sinh hoạt lên Ban Tổ chức."
)
DATE_FORMAT = "%d/%m/%Y"


def kind(field: str) -> str:
    return schema.BY_FIELD[field].kind


def shown(member: Member, field: str) -> str:
    """The field's value as the member reads it (dates dd/mm/yyyy, blanks as "")."""
    value = getattr(member, field)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    return str(value)


def parse(field: str, text: str) -> Any:
    """A stored proposal (text) as the model's value: a date, or the text itself (blank → None/"")."""
    text = text.strip()
    if kind(field) == "date":
        return datetime.datetime.strptime(text, DATE_FORMAT).date() if text else None
    if field == "card_number":
        return text or None
    return text


def check(member: Member, field: str, value: Any, *, today: datetime.date | None = None) -> list[str]:
    """The registry's messages that the proposed value brings to the record (empty when it may go on)."""
    if field not in CORRECTABLE:
        return ["Trường này không sửa được bằng báo sai thông tin."]
    data: dict[str, Any] = {f: getattr(member, f) for f in schema.EDITABLE} | {
        "status": member.status,
        "org": member.org,
    }
    before = clean_record(dict(data), today=today).errors
    after = clean_record(data | {field: value}, today=today).errors
    old = {m for msgs in before.values() for m in msgs}
    new = [m for key, msgs in after.items() if key != "org" for m in msgs if m not in old]
    if field == "gender" and value not in Gender.values:
        new = new or ["Giới tính phải là Nam hoặc Nữ."]
    return new
