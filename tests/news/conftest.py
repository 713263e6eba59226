from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sotay.accounts.models import Role, User
from sotay.news.actions import approve_news, submit_news, write_news
from sotay.news.models import NewsItem
from sotay.orgs.models import Org
from tests import factories
from tests.personas import *  # noqa: F403
from tests.personas import Tree


@pytest.fixture
def ward_editor(tree: Tree) -> User:
    """An editor of ward 1: writes for the ward; the city's editor approves what they write."""
    return factories.user("bientap.p1", role=Role.EDITOR, at=tree.ward1)


def image_bytes(width: int = 2000, height: int = 1500, fmt: str = "JPEG", exif: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = io.BytesIO()
    kwargs: dict[str, Any] = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera Maker"  # Make
        data[0x8825] = {2: (21.0, 1.0, 30.0)}  # GPS latitude
        kwargs["exif"] = data
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if data is None else data, content_type="image/jpeg")


def published(by: User, approver: User, target: Org, title: str, **kwargs: Any) -> NewsItem:
    item = write_news(
        by=by, target=target, title=title, body=kwargs.pop("body", f"Nội dung: {title}"), **kwargs
    )
    submit_news(by=by, item=item)
    return approve_news(by=approver, item=item)
