"""News in the permission matrix: an item published for ward 2 (with its image), by ward 2's staff and
approved by ward 2's editor."""

from __future__ import annotations

from typing import Any

from sotay.accounts.models import Role, User
from sotay.news.actions import approve_news, submit_news, write_news
from sotay.news.models import NewsItem

TITLE = "Phường Hai ra quân làm sạch dữ liệu đảng viên"
BODY = "Nội dung riêng của tin phường Hai về buổi ra quân."


def _item(w: Any) -> int:
    item = NewsItem.objects.filter(title=TITLE).first()
    if item is None:
        from tests import factories
        from tests.news.conftest import upload

        editor = User.objects.filter(username="bientap.p2").first() or factories.user(
            "bientap.p2", role=Role.EDITOR, at=w.tree.ward2
        )
        item = write_news(by=w.ward2_staff, target=w.tree.ward2, title=TITLE, body=BODY, image=upload())
        submit_news(by=w.ward2_staff, item=item)
        approve_news(by=editor, item=item)
    return item.pk


FILLERS = {
    "news_detail": lambda w: {"pk": _item(w)},
    "news_image": lambda w: {"pk": _item(w), "size": "lon"},
    "news_edit": lambda w: {"pk": _item(w)},
    "news_submit": lambda w: {"pk": _item(w)},
    "news_approve": lambda w: {"pk": _item(w)},
    "news_return": lambda w: {"pk": _item(w)},
    "news_withdraw": lambda w: {"pk": _item(w)},
    "news_pin": lambda w: {"pk": _item(w)},
}
MARKERS = [TITLE, BODY]
# The city's editor is on the board of every subtree of the city, ward 2's included.
INSIDERS = {"editor": set(FILLERS) | {"news_feed", "news_desk", "news_new"}}
