from __future__ import annotations

from typing import Any

from django import forms

from sotay.news.actions import MAX_BODY, MAX_TITLE


class NewsForm(forms.Form):
    target = forms.TypedChoiceField(label="Đăng cho", coerce=int)
    title = forms.CharField(label="Tiêu đề", max_length=MAX_TITLE)
    body = forms.CharField(
        label="Nội dung",
        help_text=(
            "Viết từng đoạn, cách nhau một dòng trống. Có thể dùng thẻ <strong>, <em>, <h2>, <h3>, "
            'danh sách <ul>/<ol> và liên kết <a href="https://…">; các thẻ khác bị bỏ.'
        ),
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_BODY}),
    )
    image = forms.FileField(label="Ảnh (JPEG, PNG hoặc WebP)", required=False)
    image_alt = forms.CharField(
        label="Mô tả ảnh (cho người đọc bằng giọng nói)", max_length=200, required=False
    )
    drop_image = forms.BooleanField(label="Bỏ ảnh hiện có", required=False)
    pinned = forms.BooleanField(label="Ghim lên đầu trang tin", required=False)
    publish_at = forms.DateTimeField(
        label="Hẹn giờ đăng (để trống: đăng ngay khi được duyệt)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )

    def __init__(self, *args: Any, orgs: Any, has_image: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(o.pk, o.name) for o in orgs]  # type: ignore[attr-defined]
        if not has_image:
            del self.fields["drop_image"]


class EditorForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập của người được giao", max_length=150)
    org = forms.TypedChoiceField(label="Biên tập viên tại", coerce=int)

    def __init__(self, *args: Any, orgs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in orgs]  # type: ignore[attr-defined]
