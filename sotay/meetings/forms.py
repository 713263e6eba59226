"""Forms of the meetings pages: they parse input; the actions decide what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from sotay.meetings.models import Answer, Choice, MeetingKind, Presence
from sotay.members.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label="Loại sinh hoạt", choices=MeetingKind.choices)
    title = forms.CharField(label="Chủ đề", max_length=200)
    day = forms.DateField(label="Ngày", widget=DATE, error_messages={"invalid": "Ngày không hợp lệ."})
    start = forms.TimeField(label="Giờ bắt đầu", widget=TIME, error_messages={"invalid": "Giờ không hợp lệ."})
    end = forms.TimeField(label="Giờ kết thúc", widget=TIME, error_messages={"invalid": "Giờ không hợp lệ."})
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    online_link = forms.URLField(
        label="Đường dẫn họp trực tuyến (nếu có)",
        max_length=500,
        required=False,
        error_messages={"invalid": "Đường dẫn không hợp lệ (bắt đầu bằng https://)."},
    )
    chair = forms.ModelChoiceField(label="Chủ trì", queryset=Member.objects.none(), required=False)

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if members is not None:
            self.fields["chair"].queryset = members.order_by("full_name")  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        starts = timezone.make_aware(datetime.datetime.combine(d["day"], d["start"]))
        ends = timezone.make_aware(datetime.datetime.combine(d["day"], d["end"]))
        return {
            "kind": d["kind"],
            "title": d["title"],
            "starts_at": starts,
            "ends_at": ends,
            "place": d["place"],
            "online_link": d["online_link"],
            "chair": d["chair"],
        }


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Nội dung", max_length=300)
    presenter = forms.CharField(label="Người trình bày", max_length=150, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label="Tên tài liệu", max_length=200, required=False)
    file = forms.FileField(
        label="Tệp (PDF, DOCX, XLSX, PNG, JPEG)",
        allow_empty_file=True,
        error_messages={"required": "Hãy chọn một tệp."},
    )


class CommentForm(forms.Form):
    body = forms.CharField(label="Ý kiến", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.CharField(label="Lý do ẩn", max_length=255)


class RsvpForm(forms.Form):
    REASON_MAX = 255
    answer = forms.ChoiceField(choices=Answer.choices)
    reason = forms.CharField(max_length=REASON_MAX, required=False)


class MarkForm(forms.Form):
    member = forms.IntegerField()
    presence = forms.ChoiceField(choices=Presence.choices)


class MotionForm(forms.Form):
    title = forms.CharField(label="Nội dung biểu quyết", max_length=300)
    secret = forms.BooleanField(label="Bỏ phiếu kín", required=False)
    by_hands = forms.BooleanField(label="Giơ tay (thư ký nhập kết quả)", required=False)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(choices=Choice.choices)


class TallyForm(forms.Form):
    votes_for = forms.IntegerField(label="Tán thành", min_value=0, max_value=10000, required=False)
    votes_against = forms.IntegerField(label="Không tán thành", min_value=0, max_value=10000, required=False)
    votes_abstain = forms.IntegerField(label="Không biểu quyết", min_value=0, max_value=10000, required=False)


class MinutesForm(forms.Form):
    content = forms.CharField(label="Diễn biến", max_length=20000, required=False, widget=forms.Textarea)
    conclusions = forms.CharField(label="Kết luận", max_length=10000, required=False, widget=forms.Textarea)


class AmendForm(forms.Form):
    field = forms.ChoiceField(
        label="Phần đính chính", choices=[("content", "Diễn biến"), ("conclusions", "Kết luận")]
    )
    text = forms.CharField(label="Nội dung mới", max_length=20000, widget=forms.Textarea)
    reason = forms.CharField(label="Lý do đính chính", max_length=255)


class TaskForm(forms.Form):
    title = forms.CharField(label="Việc cần làm", max_length=300)
    assignee = forms.IntegerField(label="Người thực hiện")
    due = forms.DateField(label="Hạn", widget=DATE, error_messages={"invalid": "Ngày không hợp lệ."})


class CancelForm(forms.Form):
    reason = forms.CharField(label="Lý do hủy", max_length=255)
