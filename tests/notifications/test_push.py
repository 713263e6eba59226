from __future__ import annotations

import json

import pytest
from django.urls import reverse
from pywebpush import WebPushException

from sotay.notifications import actions, push
from sotay.notifications.models import PushSubscription

SUB = {"endpoint": "https://push.example/abc", "keys": {"p256dh": "BNcRdreALRFX", "auth": "tBHItJI5svbpez"}}


@pytest.fixture
def vapid(settings):
    settings.SOTAY_VAPID_PUBLIC_KEY = "BPublicKey"
    settings.SOTAY_VAPID_PRIVATE_KEY = "private-key"


@pytest.fixture
def sent(monkeypatch):
    calls: list[dict] = []

    class Gone:
        status_code = 410

    def fake_webpush(*, subscription_info, data, **kw):
        if subscription_info["endpoint"].endswith("gone"):
            raise WebPushException("gone", response=Gone())
        calls.append({"endpoint": subscription_info["endpoint"], "data": json.loads(data)})

    monkeypatch.setattr(push, "webpush", fake_webpush)
    return calls


def _post(client, body):
    return client.post(reverse("push_subscription"), data=json.dumps(body), content_type="application/json")


def test_without_keys_nothing_is_pushed_and_the_button_is_absent(client, member_user, sent):
    client.force_login(member_user)
    assert _post(client, SUB).status_code == 404
    assert "push-on" not in client.get(reverse("notification_list")).content.decode()
    actions.notify(users=[member_user], kind="k", title="Họp chi bộ")
    assert sent == []


def test_a_subscribed_browser_gets_the_title_and_link_only(client, member_user, vapid, sent):
    client.force_login(member_user)
    assert "push-on" in client.get(reverse("notification_list")).content.decode()
    assert _post(client, SUB).status_code == 200
    assert _post(client, SUB).status_code == 200  # a second subscribe updates, never duplicates
    assert PushSubscription.objects.count() == 1
    actions.notify(
        users=[member_user], kind="k", title="Họp chi bộ", body="Nội dung riêng", url="/thong-bao/"
    )
    assert sent == [{"endpoint": SUB["endpoint"], "data": {"title": "Họp chi bộ", "url": "/thong-bao/"}}]


def test_a_gone_subscription_is_forgotten(member_user, vapid, sent):
    PushSubscription.objects.create(
        user=member_user, endpoint="https://push.example/gone", p256dh="a", auth="b"
    )
    actions.notify(users=[member_user], kind="k", title="Họp chi bộ")
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        {"endpoint": "http://push.example/plain-http", "keys": SUB["keys"]},
        {"endpoint": "https://push.example/x", "keys": {"p256dh": "<script>", "auth": "x"}},
        {"endpoint": "https://push.example/x"},
        ["not", "an", "object"],
        {"endpoint": "https://push.example/" + "x" * 600, "keys": SUB["keys"]},
    ],
)
def test_bad_subscriptions_are_refused_in_vietnamese(client, member_user, vapid, body):
    client.force_login(member_user)
    response = _post(client, body)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not PushSubscription.objects.exists()


def test_unsubscribe_removes_only_ones_own(client, member_user, secretary, vapid):
    PushSubscription.objects.create(user=secretary, endpoint=SUB["endpoint"], p256dh="a", auth="b")
    client.force_login(member_user)
    assert _post(client, {"endpoint": SUB["endpoint"], "huy": True}).status_code == 200
    assert PushSubscription.objects.filter(user=secretary).exists()
