from __future__ import annotations

from typing import Any

from django import forms

from sotay.orgs.models import Org


class AskForm(forms.Form):
    org = forms.TypedChoiceField(label="Gửi đến", coerce=int)
    subject = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(
        label="Câu hỏi, ý kiến", widget=forms.Textarea(attrs={"rows": 6, "maxlength": 5000})
    )

    def __init__(self, *args: Any, committees: list[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, f"Cấp ủy {o.name}") for o in committees]  # type: ignore[attr-defined]
