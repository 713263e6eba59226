"""Turning a reviewer's typed value into the clean value of a staged-record field (or a clear refusal)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from sotay import vn
from sotay.campaign.models import DATE_FIELDS, RECORD_FIELDS
from sotay.core.errors import ActionError

EDITABLE = frozenset(RECORD_FIELDS) | {"member_code"}


def _required(text: str, message: str) -> str:
    if not text:
        raise ActionError({"value": [message]})
    return text


def _cccd(text: str) -> str:
    value = vn.clean_cccd(text)
    if not value:
        # Letters typed where digits belong must not silently blank a required identifier.
        raise ActionError({"value": ["Số CCCD là bắt buộc và chỉ gồm 12 chữ số."]})
    if not vn.is_cccd(value):
        raise ActionError({"value": ["Số CCCD phải gồm đúng 12 chữ số."]})
    return value


def _card(text: str) -> str:
    value = vn.clean_card(text)
    if text.strip() and not value:
        raise ActionError({"value": ["Số thẻ đảng viên chỉ gồm 8 chữ số (để trống nếu là đảng viên dự bị)."]})
    if value and not vn.is_card(value):
        raise ActionError({"value": ["Số thẻ đảng viên phải gồm đúng 8 chữ số."]})
    return value


def _phone(text: str) -> str:
    if not text.strip():
        return ""
    result = vn.clean_phone(text)
    if not result.valid_mobile:
        raise ActionError({"value": ["Không phải số di động Việt Nam hợp lệ."]})
    return result.value


def _choice(parse: Callable[[str], str | None], message: str) -> Callable[[str], str]:
    def clean(text: str) -> str:
        if not text.strip():
            return ""
        value = parse(text)
        if value is None:
            raise ActionError({"value": [message]})
        return value

    return clean


CLEANERS: dict[str, Callable[[str], Any]] = {
    "member_code": lambda t: _required(t.strip(), "Mã đảng viên không được để trống."),
    "full_name": lambda t: _required(vn.normalize_name(t), "Họ và tên không được để trống."),
    "gender": _choice(vn.parse_gender, "Giới tính phải là Nam hoặc Nữ."),
    "cccd": _cccd,
    "card_number": _card,
    "phone": _phone,
    "status": _choice(vn.parse_status, "Tình trạng phải là Chính thức, Dự bị hoặc Miễn sinh hoạt."),
    "ethnicity": _choice(vn.match_ethnicity, "Không có dân tộc này trong danh mục 54 dân tộc."),
    "religion": _choice(vn.match_religion, "Không có tôn giáo này trong danh mục."),
    "org_code": lambda t: t.strip(),
}


def clean_value(field: str, text: str) -> Any:
    """The stored value for `field` from what the reviewer typed; ActionError (Vietnamese) if unusable."""
    if field not in EDITABLE:
        raise ActionError({"field": ["Trường này không sửa được ở đây."]})
    text = text or ""
    if field in DATE_FIELDS:
        if not text.strip():
            return None
        parsed = vn.parse_date(text)
        if parsed is None:
            raise ActionError(
                {"value": ["Ngày không đọc được hoặc không có thật (ghi theo dạng ngày/tháng/năm)."]}
            )
        if parsed > datetime.date.today():
            raise ActionError({"value": ["Ngày không được ở sau ngày hôm nay."]})
        return parsed
    cleaner = CLEANERS.get(field)
    return cleaner(text) if cleaner else " ".join(text.split())[:255]


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def display(field: str, text: str) -> str:
    """A stored text value as people read it: dates day-first."""
    if field in DATE_FIELDS and text:
        return datetime.date.fromisoformat(text).strftime("%d/%m/%Y")
    return text


def from_text(field: str, text: str) -> Any:
    """Inverse of as_text for stored decision values."""
    if field in DATE_FIELDS:
        return datetime.date.fromisoformat(text) if text else None
    return text
