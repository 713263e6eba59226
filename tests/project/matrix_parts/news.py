"""News in the permission matrix: an item published for ward 2 (with its image), by ward 2's staff and
approved by ward 2's editor."""

from __future__ import annotations

from typing import Any

from sotay.accounts.models import Role, User
from sotay.news.actions import approve_news, submit_news, write_news
from sotay.news.models import NewsItem

TITLE = "Phường Hai ra quân làm sạch dữ liệu đảng viên"
BODY = "Nội dung riêng của tin phường Hai về buổi ra quân."


def _editor(w: Any) -> User:
    from tests import factories

    return User.objects.filter(username="bientap.p2").first() or factories.user(
        "bientap.p2", role=Role.EDITOR, at=w.tree.ward2
    )


def _editor_role(w: Any) -> int:
    """Ward 2's editor role (given again if an insider's POST took it back)."""
    from sotay.accounts.actions import grant_role

    return grant_role(by=None, user=_editor(w), role=Role.EDITOR, org=w.tree.ward2).pk


def _item(w: Any) -> int:
    item = NewsItem.objects.filter(title=TITLE).first()
    if item is None:
        from tests.news.conftest import upload

        editor = _editor(w)
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
    "news_editor_revoke": lambda w: {"pk": _editor_role(w)},
}
MARKERS = [TITLE, BODY]
# The city's editor is on the board of every subtree of the city, ward 2's included (but gives and takes
# back no role: that is unit staff's).
INSIDERS = {"editor": (set(FILLERS) - {"news_editor_revoke"}) | {"news_feed", "news_desk", "news_new"}}
