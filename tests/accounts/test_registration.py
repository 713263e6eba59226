"""Self-registration: the form (no enumeration, throttled, QĐ 339 for exempted members) and the queue."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sotay.accounts.models import Registration, RegistrationState, User
from sotay.accounts.registrations import EXEMPTED, NO_MATCH, OTHER_BRANCH
from sotay.audit.models import AuditEvent
from sotay.handbook.sync.actions import sync_handbook
from sotay.members.actions import exempt_member
from tests import factories

PASSWORD = "mat-khau-rat-dai-2025"


@pytest.fixture
def synced(tree, hoa, lan, binh):
    sync_handbook(root=tree.city, by=None)
    return tree


def _post(client, member, *, branch=None, birth=None, phone="0912345678", **extra):
    data = {
        "cccd": member.cccd,
        "birth_date": (birth or member.birth_date).strftime("%d/%m/%Y"),
        "phone": phone,
        "branch_code": (branch or member.org).code,
        "password1": PASSWORD,
        "password2": PASSWORD,
        **extra,
    }
    return client.post(reverse("register"), data)


def test_an_entitled_member_registers_and_waits(client, synced, hoa):
    response = _post(client, hoa)
    assert response.status_code == 200
    assert "Đã gửi yêu cầu" in response.content.decode()
    registration = Registration.objects.get(member=hoa)
    assert registration.state == RegistrationState.PENDING
    assert registration.phone == "0912345678"
    assert PASSWORD not in registration.password_hash
    assert AuditEvent.objects.filter(object_type="registration", object_id=str(registration.pk)).exists()


@pytest.mark.parametrize(
    ("cccd", "birth"),
    [("{0} {1} {2} {3}", "%d-%m-%Y"), ("{0}.{1}.{2}.{3}", "%d.%m.%Y"), (" {0}{1}{2}{3} ", "%d/%m/%Y")],
)
def test_a_cccd_written_as_on_the_card_and_a_date_with_dashes_or_dots_are_read(
    client, synced, hoa, cccd, birth
):
    """An elderly member copies the CCCD in its groups of three and writes 05-03-1962: both were refused."""
    groups = [hoa.cccd[i : i + 3] for i in range(0, 12, 3)]
    response = _post(client, hoa, cccd=cccd.format(*groups), birth_date=hoa.birth_date.strftime(birth))
    assert "Đã gửi yêu cầu" in response.content.decode()
    assert Registration.objects.filter(member=hoa).exists()


@pytest.mark.parametrize(
    "cccd", ["07906200012", "0790620001234", "07906200012a", "０７９０６２０００１２３", "9" * 40]
)
def test_a_cccd_that_is_not_12_digits_is_explained(client, synced, hoa, cccd):
    response = _post(client, hoa, cccd=cccd)
    assert "Số CCCD gồm đúng 12 chữ số." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_wrong_birth_date_and_an_unknown_cccd_get_the_same_answer(client, synced, hoa):
    wrong_dob = _post(client, hoa, birth=datetime.date(1970, 1, 1)).content.decode()
    unknown = _post(client, hoa, cccd="079062999999").content.decode()
    assert NO_MATCH in wrong_dob
    assert NO_MATCH in unknown
    assert not Registration.objects.exists()


def test_a_member_not_yet_synced_gets_the_same_answer(client, tree, hoa):
    assert NO_MATCH in _post(client, hoa).content.decode()
    assert not Registration.objects.exists()


def test_an_exempted_member_gets_the_qd339_explanation(client, synced, hoa):
    exempt_member(member=hoa, by=None, on=datetime.date.today(), decision_ref="12-QĐ/CB")
    body = _post(client, hoa).content.decode()
    assert EXEMPTED in body
    assert "339-QĐ/TW" in body
    assert not Registration.objects.exists()


def test_another_branch_than_the_members_is_refused(client, synced, hoa):
    body = _post(client, hoa, branch=synced.branch2).content.decode()
    assert OTHER_BRANCH in body
    assert not Registration.objects.exists()


def test_the_form_is_throttled_per_address(client, synced, hoa, settings):
    settings.SOTAY_REGISTRATION_LIMIT = 3
    for _ in range(3):
        _post(client, hoa, birth=datetime.date(1970, 1, 1))
    body = _post(client, hoa).content.decode()
    assert "quá nhiều lần" in body
    assert not Registration.objects.exists()


def test_a_bad_phone_and_mismatched_passwords_are_explained(client, synced, hoa):
    body = _post(client, hoa, phone="12345", password2="khac-nhau-hoan-toan").content.decode()
    assert "Hai lần nhập mật khẩu không giống nhau." in body
    body = _post(client, hoa, phone="12345").content.decode()
    assert "10 chữ số" in body
    assert not Registration.objects.exists()


def test_secretary_approves_and_the_member_signs_in_by_phone_and_cccd(client, synced, hoa, secretary):
    _post(client, hoa)
    registration = Registration.objects.get(member=hoa)
    client.force_login(secretary)
    queue = client.get(reverse("registration_queue")).content.decode()
    assert hoa.full_name in queue
    response = client.post(reverse("registration_decide", args=[registration.pk]), {"quyet-dinh": "duyet"})
    assert response.status_code == 302
    user = User.objects.get(member=hoa)
    assert user.phone == "0912345678"
    # Approving twice is harmless: one account.
    client.post(reverse("registration_decide", args=[registration.pk]), {"quyet-dinh": "duyet"})
    assert User.objects.filter(member=hoa).count() == 1
    # The new account finds one notice of its approval.
    from sotay.notifications.models import Notification

    assert list(Notification.objects.filter(user=user).values_list("kind", flat=True)) == [
        "accounts.approved"
    ]
    client.logout()
    login = reverse("login")
    for identifier in ("0912345678", hoa.cccd, "+84 912 345 678"):
        response = client.post(login, {"username": identifier, "password": PASSWORD})
        assert response.status_code == 302, identifier
        assert int(client.session["_auth_user_id"]) == user.pk
        client.logout()
    response = client.post(login, {"username": hoa.cccd, "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_reject_needs_a_reason_and_keeps_no_password(client, synced, hoa, unit_staff):
    _post(client, hoa)
    registration = Registration.objects.get(member=hoa)
    client.force_login(unit_staff)
    url = reverse("registration_decide", args=[registration.pk])
    client.post(url, {"quyet-dinh": "tu-choi", "reason": ""})
    registration.refresh_from_db()
    assert registration.state == RegistrationState.PENDING
    client.post(url, {"quyet-dinh": "tu-choi", "reason": "Số điện thoại không đúng"})
    registration.refresh_from_db()
    assert registration.state == RegistrationState.REJECTED
    assert registration.reason == "Số điện thoại không đúng"
    assert registration.password_hash == ""
    client.post(url, {"quyet-dinh": "duyet"})
    assert not User.objects.filter(member=hoa).exists()


@pytest.mark.parametrize("who", ["sibling_secretary", "sibling_staff", "member"])
def test_others_get_404_and_change_nothing(client, synced, hoa, lan, who, member_user):
    _post(client, lan, phone="0987654321")
    registration = Registration.objects.get(member=lan)
    user = {
        "sibling_secretary": lambda: factories.user("bithu-b1", role="branch_secretary", at=synced.branch1),
        "sibling_staff": lambda: factories.user("btc-p2", role="unit_staff", at=synced.ward2),
        "member": lambda: member_user,
    }[who]()
    client.force_login(user)
    response = client.post(reverse("registration_decide", args=[registration.pk]), {"quyet-dinh": "duyet"})
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.state == RegistrationState.PENDING
    queue = client.get(reverse("registration_queue"))
    assert queue.status_code == 404 or lan.full_name not in queue.content.decode()


def test_queue_counts_per_branch_without_n_plus_one(client, synced, hoa, lan, unit_staff, no_n_plus_one):
    _post(client, hoa)
    _post(client, lan, phone="0987654321")
    client.force_login(unit_staff)
    body = client.get(reverse("registration_queue")).content.decode()
    assert "Tổng số: <strong>2</strong>" in body
    assert synced.branch1.name in body
    assert synced.branch2.name in body


def test_lockout_counts_every_identifier_of_one_account_together(client, synced, hoa, member_user, settings):
    """Switching between CCCD and phone forms does not earn fresh attempts (AXES_USERNAME_CALLABLE)."""
    from sotay.accounts.actions import set_login_phone

    set_login_phone(by=None, user=member_user, phone="0912345678")
    login = reverse("login")
    for identifier in (hoa.cccd, "0912345678", "+84912345678", hoa.cccd, "0912 345 678"):
        client.post(login, {"username": identifier, "password": "sai"})
    response = client.post(login, {"username": "hoa", "password": factories.PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (403, 429) or "Tạm khóa" in response.content.decode()
