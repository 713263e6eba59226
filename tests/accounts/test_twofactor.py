"""Staff two-factor sign-in: required for unit staff and administrators, optional for committees."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from sotay.audit.models import AuditEvent


@pytest.fixture
def two_factor(settings):
    settings.SOTAY_STAFF_2FA = True


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_unit_staff_must_enrol_before_any_page(client, two_factor, unit_staff, hoa):
    client.force_login(unit_staff)
    response = client.get(reverse("member_detail", args=[hoa.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_enrol"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page
    assert "Khóa bí mật" in page


def test_enrolment_with_a_wrong_code_changes_nothing(client, two_factor, unit_staff):
    client.force_login(unit_staff)
    client.get(reverse("otp_enrol"))
    body = client.post(reverse("otp_enrol"), {"token": "000000"}).content.decode()
    assert "Mã xác thực không đúng" in body
    assert not TOTPDevice.objects.filter(user=unit_staff, confirmed=True).exists()


def test_enrol_then_pages_open_and_a_new_session_asks_for_a_code(client, two_factor, unit_staff, hoa):
    client.force_login(unit_staff)
    client.get(reverse("otp_enrol"))
    device = TOTPDevice.objects.get(user=unit_staff)
    detail = reverse("member_detail", args=[hoa.pk])
    response = client.post(reverse("otp_enrol"), {"token": _code(device), "next": detail})
    assert response["Location"] == detail
    assert client.get(detail).status_code == 200
    assert AuditEvent.objects.filter(summary="Đăng ký thiết bị xác thực hai lớp", actor=unit_staff).exists()

    client.logout()
    client.force_login(unit_staff)
    response = client.get(detail)
    assert response["Location"].startswith(reverse("otp_verify"))
    assert (
        "Mã xác thực không đúng" in client.post(reverse("otp_verify"), {"token": "123456"}).content.decode()
    )
    assert client.get(detail).status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # the enrolment code may be the current one; django-otp refuses a reused code
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    client.post(reverse("otp_verify"), {"token": _code(device)})
    assert client.get(detail).status_code == 200


def test_a_secretary_is_not_forced_but_may_opt_in(client, two_factor, secretary, hoa):
    client.force_login(secretary)
    detail = reverse("member_detail", args=[hoa.pk])
    assert client.get(detail).status_code == 200
    client.get(reverse("otp_enrol"))
    device = TOTPDevice.objects.get(user=secretary)
    client.post(reverse("otp_enrol"), {"token": _code(device)})
    client.logout()
    client.force_login(secretary)
    assert client.get(detail)["Location"].startswith(reverse("otp_verify"))


def test_members_have_no_two_factor_pages(client, two_factor, member_user):
    client.force_login(member_user)
    assert client.get(reverse("my_profile")).status_code == 200
    assert client.get(reverse("otp_enrol")).status_code == 404


def test_off_by_setting(client, settings, unit_staff, hoa):
    settings.SOTAY_STAFF_2FA = False
    client.force_login(unit_staff)
    assert client.get(reverse("member_detail", args=[hoa.pk])).status_code == 200


@pytest.mark.parametrize("bad", ["-1", "home", "//evil.example/", "https://evil.example/"])
def test_a_bare_word_or_another_site_as_next_goes_home(client, two_factor, unit_staff, bad):
    client.force_login(unit_staff)
    client.get(reverse("otp_enrol"))
    device = TOTPDevice.objects.get(user=unit_staff)
    response = client.post(reverse("otp_enrol"), {"token": _code(device), "next": bad})
    assert response.status_code == 302
    assert response["Location"] == "/"
