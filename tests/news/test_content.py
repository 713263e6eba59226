"""Bodies are sanitised, images are checked by content, stripped, resized, and served by permission."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from PIL import Image

from sotay.core.errors import ActionError
from sotay.news import actions
from sotay.news.images import images_dir
from sotay.news.models import NewsItem
from sotay.news.text import sanitise
from tests.news.conftest import image_bytes, published, upload


def _close(response):
    """Close a streamed file response without request_finished's close_old_connections, which would close
    the test's own connection inside its transaction on PostgreSQL (as the permission matrix does)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_plain_text_is_escaped_into_paragraphs():
    assert sanitise("<3 là số\n\nhai & ba") == "<p>&lt;3 là số</p><p>hai &amp; ba</p>"


def test_rich_text_keeps_the_allow_list_only():
    html = sanitise(
        '<h2>Đề mục</h2><p onclick="x()">Một <strong>đậm</strong> <em>nghiêng</em>'
        "<script>alert(1)</script><img src=x onerror=alert(1)></p>"
        '<ul><li><a href="javascript:alert(1)">xấu</a></li><li><a href="https://vn.example/">tốt</a></li></ul>'
        "<iframe src=//evil></iframe><style>body{}</style>"
    )
    assert "<script" not in html
    assert "alert(1)" not in html
    assert "onclick" not in html
    assert "<img" not in html
    assert "<iframe" not in html
    assert "<style" not in html
    assert "javascript:" not in html
    assert '<a href="https://vn.example/" rel="noopener noreferrer nofollow">tốt</a>' in html
    assert "<h2>Đề mục</h2>" in html
    assert "<strong>đậm</strong>" in html


def test_image_is_resized_reencoded_and_stripped(tree, ward_editor):
    item = actions.write_news(
        by=ward_editor,
        target=tree.ward1,
        title="Có ảnh",
        body="Nội dung",
        image=upload(image_bytes(3000, 2000, exif=True)),
    )
    with Image.open(images_dir() / item.image) as big, Image.open(images_dir() / item.thumb) as thumb:
        assert big.format == "WEBP"
        assert max(big.size) == 1280
        assert max(thumb.size) == 480
        assert not big.getexif()
        assert "exif" not in big.info
    assert len(item.image) >= 32 + len(".webp")  # 24 random bytes: a name that cannot be guessed


def test_an_item_whose_save_rolls_back_leaves_no_image_on_disk(tree, ward_editor, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("the audit row could not be written")

    monkeypatch.setattr(actions, "_audit", broken_audit)
    with pytest.raises(RuntimeError):
        actions.write_news(
            by=ward_editor,
            target=tree.ward1,
            title="Có ảnh",
            body="Nội dung",
            image=upload(image_bytes(300, 200)),
        )
    assert not NewsItem.objects.exists()
    assert not [p for p in images_dir().glob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not an image", "không phải ảnh"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "không phải ảnh"),
        (image_bytes(300, 200)[:200], "hỏng"),
        (b"", "trống"),
    ],
)
def test_what_is_not_an_image_is_refused_and_nothing_changes(tree, ward_editor, data, message):
    with pytest.raises(ActionError, match=message):
        actions.write_news(by=ward_editor, target=tree.ward1, title="T", body="B", image=upload(data))
    assert not NewsItem.objects.exists()
    assert not images_dir().exists() or not list(images_dir().iterdir())


def test_decompression_bomb_is_refused(tree, ward_editor):
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")  # 144 megapixels, a few kilobytes on disk
    assert len(out.getvalue()) < 100_000
    with pytest.raises(ActionError, match=r"quá nhiều điểm ảnh|không phải ảnh"):
        actions.write_news(
            by=ward_editor, target=tree.ward1, title="T", body="B", image=upload(out.getvalue())
        )
    assert not NewsItem.objects.exists()


def test_too_large_a_file_is_refused(tree, ward_editor, settings):
    settings.SOTAY_NEWS_IMAGE_MAX_MB = 1
    data = SimpleUploadedFile("lon.jpg", b"\xff\xd8" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ActionError, match="quá lớn"):
        actions.write_news(by=ward_editor, target=tree.ward1, title="T", body="B", image=data)


def test_image_is_served_to_readers_and_a_404_outside_the_target(
    client, tree, ward_editor, editor, member_user, outsider, binh
):
    from tests import factories

    item = published(ward_editor, editor, tree.ward1, "Tin có ảnh", image=upload())
    client.force_login(member_user)
    for size in ("lon", "nho"):
        response = client.get(f"/tin-tuc/{item.pk}/anh/{size}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert b"".join(response.streaming_content)[:4] == b"RIFF"
        _close(response)
    assert client.get(f"/tin-tuc/{item.pk}/anh/khac/").status_code == 404
    for other in (outsider, factories.user("binh", role="member", at=tree.unit2, member=binh)):
        client.force_login(other)
        assert client.get(f"/tin-tuc/{item.pk}/anh/lon/").status_code == 404
        assert client.get(f"/tin-tuc/{item.pk}/").status_code == 404


def test_a_draft_is_not_visible_to_members(client, tree, ward_editor, member_user):
    item = actions.write_news(by=ward_editor, target=tree.ward1, title="Bản nháp", body="B", image=upload())
    client.force_login(member_user)
    assert client.get(f"/tin-tuc/{item.pk}/").status_code == 404
    assert client.get(f"/tin-tuc/{item.pk}/anh/lon/").status_code == 404
