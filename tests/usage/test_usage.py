from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sotay.usage.models import AppInstall, DailyActivity, Platform
from tests.queries import page_queries

ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"


def test_sign_in_counts_the_day_once(client, member_user):
    client.force_login(member_user)
    client.get(reverse("home"))
    client.get(reverse("home"))
    assert list(DailyActivity.objects.values_list("user", "platform")) == [(member_user.pk, Platform.BROWSER)]


def test_a_counted_session_costs_no_query(client, member_user):
    client.force_login(member_user)
    first = page_queries(client, reverse("notification_list"))
    second = page_queries(client, reverse("notification_list"))
    assert first == second


def test_the_installed_app_counts_as_its_own_platform(client, member_user):
    client.force_login(member_user)
    client.cookies["sotay_app"] = "1"
    client.get(reverse("home"))
    assert set(DailyActivity.objects.values_list("platform", flat=True)) == {Platform.BROWSER, Platform.APP}


def test_a_session_that_outlives_midnight_counts_the_next_day(client, member_user, monkeypatch):
    client.force_login(member_user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    client.get(reverse("home"))
    assert DailyActivity.objects.filter(user=member_user, day=tomorrow).exists()


def test_install_is_recorded_per_device_and_idempotent(client, member_user):
    client.force_login(member_user)
    for _ in range(2):
        response = client.post(reverse("app_installed"), headers={"user-agent": ANDROID})
        assert response.status_code == 204
    install = AppInstall.objects.get()
    assert install.device == "android"
    assert install.user == member_user
    assert DailyActivity.objects.filter(platform=Platform.APP).count() == 1


def test_install_needs_a_signed_in_post_with_csrf(member_user):
    assert Client().post(reverse("app_installed")).status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(member_user)
    assert strict.post(reverse("app_installed")).status_code == 403
    assert strict.get(reverse("app_installed")).status_code == 405
    assert not AppInstall.objects.exists()
