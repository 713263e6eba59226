from __future__ import annotations

import datetime
from typing import Any

from django import forms

from sotay.library.models import Category, Level
from sotay.orgs.models import Org


class SearchForm(forms.Form):
    q = forms.CharField(label="Tìm văn bản", required=False, max_length=5000)
    loai = forms.ChoiceField(label="Loại", required=False, choices=[("", "Tất cả"), *Category.choices])
    cap = forms.ChoiceField(label="Cấp ban hành", required=False, choices=[("", "Tất cả"), *Level.choices])
    nam = forms.IntegerField(label="Năm", required=False, min_value=1930, max_value=2100)


class DocumentForm(forms.Form):
    issued_at = forms.ModelChoiceField(label="Cấp ban hành", queryset=Org.objects.none())
    category = forms.ChoiceField(label="Loại văn bản", choices=Category.choices)
    number = forms.CharField(label="Số, ký hiệu", required=False, max_length=60, help_text="Ví dụ: 339-QĐ/TW")
    title = forms.CharField(label="Trích yếu", max_length=500)
    issued_on = forms.DateField(
        label="Ngày ban hành",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=datetime.date.today,
    )
    issuer = forms.CharField(label="Cơ quan ban hành", max_length=255)
    summary = forms.CharField(label="Tóm tắt", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    file = forms.FileField(
        label="Tệp văn bản (PDF hoặc DOCX)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issued_at"].queryset = orgs  # type: ignore[attr-defined]


class DocumentEditForm(DocumentForm):
    """The same fields but the issuing node (which decides who reads it); a new file replaces the old."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, orgs=Org.objects.none(), **kwargs)
        del self.fields["issued_at"]
        self.fields["file"].label = "Thay tệp (PDF hoặc DOCX; để trống nếu giữ tệp cũ)"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Lý do thu hồi", max_length=500, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 500})
    )


class SupersedeForm(forms.Form):
    new = forms.IntegerField(label="Mã văn bản thay thế", min_value=1, widget=forms.HiddenInput)
