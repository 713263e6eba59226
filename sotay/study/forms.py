from __future__ import annotations

from typing import Any

from django import forms

from sotay.orgs.models import Org
from sotay.study.actions.reflections import MAX_COMMENT, MAX_REFLECTION
from sotay.study.actions.studies import MAX_PROMPT, MAX_TITLE


class StudyForm(forms.Form):
    """Open or change a study. The documents are ids checked by the action (readable by the target)."""

    org = forms.TypedChoiceField(label="Học tập cho", coerce=int)
    title = forms.CharField(label="Tiêu đề", max_length=MAX_TITLE)
    prompt = forms.CharField(
        label="Yêu cầu bài thu hoạch",
        max_length=MAX_PROMPT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_PROMPT}),
    )
    due_on = forms.DateField(
        label="Hạn nộp bài thu hoạch", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    documents = forms.TypedMultipleChoiceField(
        label="Văn bản học tập", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    q = forms.CharField(label="Tìm văn bản trong thư viện", required=False, max_length=500)

    def __init__(self, *args: Any, orgs: list[Org] | None, doc_choices: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        if orgs is None:  # editing: the target stays
            del self.fields["org"]
        else:
            self.fields["org"].choices = [(o.pk, o.name) for o in orgs]  # type: ignore[attr-defined]
        self.fields["documents"].choices = doc_choices  # type: ignore[attr-defined]


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Bài thu hoạch",
        required=False,  # the action says, in Vietnamese, what is missing or too long
        widget=forms.Textarea(attrs={"rows": 12, "maxlength": MAX_REFLECTION}),
        help_text=f"Tối đa {MAX_REFLECTION:,} ký tự.".replace(",", "."),
    )
    file = forms.FileField(
        label="Đính kèm một tệp (PDF hoặc DOCX, không bắt buộc)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        error_messages={"empty": "Tệp trống. Hãy chọn lại tệp PDF hoặc Word (DOCX)."},
    )
    remove_file = forms.BooleanField(label="Bỏ tệp đã đính kèm", required=False)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Nhận xét (bắt buộc khi trả lại)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT}),
    )
