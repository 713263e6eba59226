"""The member's report form (one field, a proposed value, a note) and the refusal form for staff."""

from __future__ import annotations

from typing import Any

from django import forms

from sotay.corrections import fields
from sotay.members.models import Gender

DATE_HELP = "Ngày/tháng/năm, ví dụ 05/03/1962."


class ReportForm(forms.Form):
    """`value` is shaped by the field: a date as dd/mm/yyyy, the gender as a choice, text otherwise."""

    note = forms.CharField(
        label="Ghi chú cho cấp ủy (không bắt buộc)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ví dụ: theo giấy khai sinh, theo thẻ căn cước. Không cần gửi ảnh giấy tờ.",
        error_messages={"max_length": "Ghi chú dài quá 500 ký tự."},
    )

    def __init__(self, *args: Any, field: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        label = f"{fields.LABELS[field]} đúng là"
        value: forms.Field
        if field == "gender":
            value = forms.ChoiceField(
                label=label,
                choices=Gender.choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "Xin chọn giới tính.",
                    "invalid_choice": "Giới tính phải là Nam hoặc Nữ.",
                },
            )
        else:
            attrs: dict[str, str] = {}
            help_text = ""
            if fields.kind(field) == "date":
                attrs, help_text = {"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}, DATE_HELP
            elif fields.kind(field) in ("cccd", "card", "phone"):
                attrs = {"inputmode": "numeric", "autocomplete": "off"}
            value = forms.CharField(
                label=label,
                max_length=255,
                required=field not in ("card_number", "official_date", "phone", "ethnicity", "religion"),
                help_text=help_text,
                widget=forms.TextInput(attrs=attrs),
                error_messages={
                    "required": "Xin ghi giá trị đúng.",
                    "max_length": "Giá trị dài quá 255 ký tự.",
                    "null_characters_not_allowed": "Có ký tự không hợp lệ (ký tự rỗng).",
                },
            )
        self.fields["value"] = value
        self.order_fields(["value", "note"])


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Lý do không chấp nhận",
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Xin ghi lý do để đảng viên biết.",
            "max_length": "Lý do dài quá 255 ký tự.",
        },
    )
