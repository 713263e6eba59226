"""Forms of the registry pages. They only parse input (text, dates dd/mm/yyyy, choices); the rules of a
record are the actions' (`sotay.members.validation.clean_record`), whose messages the views attach to
the fields. Labels come from the field table (`sotay.pipeline.schema`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from sotay.members.actions import ENDING_STATUSES
from sotay.members.models import Gender, Member, MemberStatus
from sotay.pipeline import schema

DATE_HELP = "Ngày/tháng/năm, ví dụ 05/03/1962."
# Fields the edit form may leave empty (the others are required by the record's rules).
OPTIONAL = frozenset(
    {
        "card_number",
        "profile_number",
        "official_date",
        "ethnicity",
        "religion",
        "hometown",
        "residence",
        "phone",
        "education",
        "political_theory",
    }
)
REQUIRED_MESSAGE = {"required": "Trường này là bắt buộc."}


def _date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=DATE_HELP,
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}
        ),
        error_messages={**REQUIRED_MESSAGE, "invalid": "Ngày không hợp lệ: hãy ghi theo dạng dd/mm/yyyy."},
    )


def _field(name: str) -> forms.Field:
    f = schema.BY_FIELD[name]
    required = name not in OPTIONAL
    if f.kind == "date":
        return _date_field(f.label, required=required)
    if f.kind == "gender":
        return forms.ChoiceField(
            label=f.label,
            choices=Gender.choices,
            error_messages={**REQUIRED_MESSAGE, "invalid_choice": "Giới tính phải là Nam hoặc Nữ."},
        )
    attrs: dict[str, str] = {}
    if f.kind in ("cccd", "card", "phone"):
        attrs = {"inputmode": "numeric", "autocomplete": "off"}
    return forms.CharField(
        label=f.label,
        required=required,
        max_length=f.max_length,
        strip=True,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            **REQUIRED_MESSAGE,
            "max_length": f"{f.label} dài quá {f.max_length} ký tự.",
            "null_characters_not_allowed": "Có ký tự không hợp lệ (ký tự rỗng).",
        },
    )


class MemberEditForm(forms.Form):
    """Every editable field of a record (status and branch change through their own actions)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in schema.EDITABLE:
            self.fields[name] = _field(name)

    @classmethod
    def initial_of(cls, member: Member) -> dict[str, Any]:
        return {name: getattr(member, name) for name in schema.EDITABLE}


def _decision_ref() -> forms.CharField:
    return forms.CharField(
        label="Số quyết định",
        required=False,
        max_length=80,
        error_messages={"max_length": "Số quyết định dài quá 80 ký tự."},
    )


def _note() -> forms.CharField:
    return forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Ghi chú dài quá 200 ký tự."},
    )


class RecogniseForm(forms.Form):
    decided_on = _date_field("Ngày ký quyết định")
    decision_ref = _decision_ref()


class ExemptForm(forms.Form):
    on = _date_field("Ngày quyết định")
    decision_ref = _decision_ref()
    note = _note()


class ReinstateForm(forms.Form):
    on = _date_field("Ngày quyết định")
    decision_ref = _decision_ref()


class EndForm(forms.Form):
    status = forms.ChoiceField(
        label="Hình thức",
        choices=[(s.value, s.label) for s in MemberStatus if s in ENDING_STATUSES],
        error_messages={**REQUIRED_MESSAGE, "invalid_choice": "Hình thức ra khỏi danh sách không hợp lệ."},
    )
    on = _date_field("Ngày")
    decision_ref = _decision_ref()
    note = _note()


class TransferStartForm(forms.Form):
    to_code = forms.CharField(
        label="Mã chi bộ nhận",
        max_length=64,
        help_text="Ghi mã chi bộ, hoặc tìm theo tên ở ô tìm kiếm bên trên rồi bấm «Chọn».",
        error_messages={**REQUIRED_MESSAGE, "max_length": "Mã chi bộ dài quá 64 ký tự."},
    )
    on = _date_field("Ngày chuyển đi")
    decision_ref = _decision_ref()
    note = _note()


class ReceiveForm(forms.Form):
    on = _date_field("Ngày tiếp nhận", required=False)

    def date(self) -> datetime.date:
        return self.cleaned_data.get("on") or datetime.date.today()


STATUS_FORMS: dict[str, tuple[type[forms.Form], str]] = {
    "cong-nhan-chinh-thuc": (RecogniseForm, "Công nhận đảng viên chính thức"),
    "mien-sinh-hoat": (ExemptForm, "Miễn công tác và sinh hoạt đảng"),
    "sinh-hoat-tro-lai": (ReinstateForm, "Sinh hoạt trở lại"),
    "ra-khoi-danh-sach": (EndForm, "Ra khỏi danh sách đảng viên"),
}


def allowed_status_actions(member: Member) -> list[tuple[str, str]]:
    """The life-cycle actions open to a member in their current status (slug, label)."""
    slugs: list[str] = []
    if member.status == MemberStatus.DU_BI:
        slugs.append("cong-nhan-chinh-thuc")
    if member.status == MemberStatus.CHINH_THUC:
        slugs.append("mien-sinh-hoat")
    if member.status == MemberStatus.MIEN_SINH_HOAT:
        slugs.append("sinh-hoat-tro-lai")
    if member.is_active:
        slugs.append("ra-khoi-danh-sach")
    return [(s, STATUS_FORMS[s][1]) for s in slugs]
