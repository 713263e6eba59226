from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Số điện thoại, số CCCD hoặc tên đăng nhập, hoặc mật khẩu không đúng. Lưu ý chữ hoa, chữ thường."
        ),
        "inactive": "Tài khoản này đã bị khóa.",
    }


def _check_passwords(form: forms.Form, data: dict[str, Any]) -> dict[str, Any]:
    p1, p2 = data.get("password1"), data.get("password2")
    if p1 and p2 and p1 != p2:
        form.add_error("password2", "Hai lần nhập mật khẩu không giống nhau.")
    elif p1:
        try:
            password_validation.validate_password(p1)
        except forms.ValidationError as e:
            form.add_error("password1", e)
    return data


# How people write a date of birth: 05/03/1962, 05-03-1962, 05.03.1962, or the ISO form a date picker sends.
BIRTH_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
CCCD_TOO_LONG = 24  # 12 digits with the spaces or dots people copy from the card between groups


class RegistrationForm(forms.Form):
    cccd = forms.CharField(
        label="Số CCCD",
        max_length=CCCD_TOO_LONG,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"max_length": "Số CCCD gồm đúng 12 chữ số.", "required": "Xin nhập số CCCD."},
    )
    birth_date = forms.DateField(
        label="Ngày sinh",
        input_formats=BIRTH_FORMATS,
        error_messages={"invalid": "Ngày sinh viết theo dạng ngày/tháng/năm, ví dụ 05/03/1962.",
                        "required": "Xin nhập ngày sinh."},
    )  # fmt: skip
    phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": "Xin nhập số điện thoại."},
    )
    branch_code = forms.CharField(
        label="Mã chi bộ",
        max_length=40,
        error_messages={"required": "Xin nhập mã chi bộ (hỏi cấp ủy chi bộ)."},
    )
    password1 = forms.CharField(
        label="Mật khẩu",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Xin đặt mật khẩu."},
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Xin nhập lại mật khẩu."},
    )

    def clean_cccd(self) -> str:
        """The 12 digits, written as on the card ("079 062 000 123") or in one run."""
        digits = re.sub(r"[\s.\-]", "", self.cleaned_data["cccd"])
        if not (digits.isascii() and digits.isdigit() and len(digits) == 12):
            raise forms.ValidationError("Số CCCD gồm đúng 12 chữ số.")
        return digits

    def clean(self) -> dict[str, Any]:
        return _check_passwords(self, super().clean() or {})


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Lý do từ chối", max_length=255, error_messages={"required": "Xin ghi lý do từ chối."}
    )


class ActivationForm(forms.Form):
    code = forms.CharField(
        label="Mã kích hoạt",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
        error_messages={"required": "Xin nhập mã kích hoạt in trên phiếu."},
    )
    birth_date = forms.DateField(
        label="Ngày sinh",
        input_formats=BIRTH_FORMATS,
        error_messages={"invalid": "Ngày sinh viết theo dạng ngày/tháng/năm, ví dụ 05/03/1962.",
                        "required": "Xin nhập ngày sinh."},
    )  # fmt: skip
    password1 = forms.CharField(
        label="Mật khẩu mới",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Xin đặt mật khẩu."},
    )
    password2 = forms.CharField(
        label="Nhập lại mật khẩu",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Xin nhập lại mật khẩu."},
    )

    def clean(self) -> dict[str, Any]:
        return _check_passwords(self, super().clean() or {})
