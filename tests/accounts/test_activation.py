"""Activation codes: issued per branch and printed, used once with the date of birth, revoked, audited."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from sotay.accounts.activation import BAD_BIRTH_DATE, BAD_CODE, issue_activation_codes
from sotay.accounts.models import ActivationCode, User
from sotay.audit.models import AuditEvent
from sotay.handbook.sync.actions import sync_handbook
from tests import factories

PASSWORD = "mat-khau-moi-rat-dai-9"


@pytest.fixture
def synced(tree, hoa, lan, binh):
    sync_handbook(root=tree.city, by=None)
    return tree


def _issue(client, user, branch, members):
    client.force_login(user)
    response = client.post(reverse("branch_codes", args=[branch.pk]), {"dv": [m.pk for m in members]})
    codes = re.findall(r'class="slip-code">([A-Z0-9-]+)<', response.content.decode())
    client.logout()
    return response, codes


def _activate(client, code, birth, password=PASSWORD):
    data = {
        "code": code,
        "birth_date": birth.strftime("%d/%m/%Y"),
        "password1": password,
        "password2": password,
    }
    return client.post(reverse("activate"), data)


def test_secretary_prints_a_sheet_and_the_member_activates(client, synced, hoa, secretary):
    response, codes = _issue(client, secretary, synced.branch1, [hoa])
    body = response.content.decode()
    assert response.status_code == 200
    assert hoa.full_name in body
    assert "<svg" in body
    assert len(codes) == 1
    assert codes[0].replace("-", "") not in ActivationCode.objects.get().code_hash  # only a hash is kept
    assert "Kích hoạt" in client.get(reverse("activate") + f"?ma={codes[0]}").content.decode()
    response = _activate(client, codes[0].lower(), hoa.birth_date)
    assert "Đã đặt mật khẩu" in response.content.decode()
    user = User.objects.get(member=hoa)
    assert user.check_password(PASSWORD)
    assert user.roles.filter(role="member", org=synced.branch1).exists()
    # Works once.
    assert BAD_CODE in _activate(client, codes[0], hoa.birth_date).content.decode()
    summaries = list(
        AuditEvent.objects.filter(object_type="activation_code").values_list("summary", flat=True)
    )
    assert any("Cấp 1 mã" in s for s in summaries)
    assert any("Kích hoạt tài khoản" in s for s in summaries)


def test_a_code_resets_a_forgotten_password(client, synced, hoa, member_user, unit_staff):
    _, codes = _issue(client, unit_staff, synced.branch1, [hoa])
    _activate(client, codes[0], hoa.birth_date)
    member_user.refresh_from_db()
    assert member_user.check_password(PASSWORD)
    assert AuditEvent.objects.filter(summary__startswith="Đặt lại mật khẩu").exists()


def test_a_wrong_birth_date_changes_nothing_and_too_many_revoke(client, synced, hoa, secretary, settings):
    settings.SOTAY_ACTIVATION_MAX_FAILURES = 2
    _, codes = _issue(client, secretary, synced.branch1, [hoa])
    assert BAD_BIRTH_DATE in _activate(client, codes[0], datetime.date(1970, 1, 1)).content.decode()
    assert not User.objects.filter(member=hoa).exists()
    _activate(client, codes[0], datetime.date(1970, 1, 1))
    assert BAD_CODE in _activate(client, codes[0], hoa.birth_date).content.decode()
    assert not User.objects.filter(member=hoa).exists()


def test_expired_and_reissued_codes_are_refused(client, synced, hoa, secretary):
    _, first = _issue(client, secretary, synced.branch1, [hoa])
    _, second = _issue(client, secretary, synced.branch1, [hoa])
    assert BAD_CODE in _activate(client, first[0], hoa.birth_date).content.decode()
    ActivationCode.objects.filter(revoked_at__isnull=True).update(expires_at=timezone.now())
    assert BAD_CODE in _activate(client, second[0], hoa.birth_date).content.decode()
    assert not User.objects.filter(member=hoa).exists()


def test_revoke_is_audited(client, synced, hoa, secretary):
    _issue(client, secretary, synced.branch1, [hoa])
    code = ActivationCode.objects.get()
    client.force_login(secretary)
    client.post(reverse("code_revoke", args=[code.pk]))
    code.refresh_from_db()
    assert code.revoked_at is not None
    assert AuditEvent.objects.filter(action="revoke", object_type="activation_code").exists()


def test_codes_only_for_entitled_members_of_the_branch(synced, hoa, lan, secretary):
    from sotay.core.errors import ActionError

    with pytest.raises(ActionError):
        issue_activation_codes(branch=synced.branch1, members=[lan], by=secretary)
    assert not ActivationCode.objects.exists()


@pytest.mark.parametrize("who", ["sibling_secretary", "sibling_staff", "member"])
def test_others_get_404_and_change_nothing(client, synced, lan, secretary, member_user, who):
    _issue(
        client, factories.user("bithu2", role="branch_secretary", at=synced.branch2), synced.branch2, [lan]
    )
    code = ActivationCode.objects.get()
    user = {
        "sibling_secretary": secretary,
        "sibling_staff": factories.user("btc-p2", role="unit_staff", at=synced.ward2),
        "member": member_user,
    }[who]
    client.force_login(user)
    assert client.get(reverse("branch_codes", args=[synced.branch2.pk])).status_code == 404
    assert client.post(reverse("branch_codes", args=[synced.branch2.pk]), {"dv": [lan.pk]}).status_code == 404
    assert client.post(reverse("code_revoke", args=[code.pk])).status_code == 404
    code.refresh_from_db()
    assert code.revoked_at is None
    assert ActivationCode.objects.count() == 1


def test_branch_page_has_no_n_plus_one(client, synced, hoa, secretary, no_n_plus_one):
    factories.member(synced.branch1, full_name="Trần Văn Tư")
    sync_handbook(root=synced.city, by=None)
    client.force_login(secretary)
    body = client.get(reverse("branch_codes", args=[synced.branch1.pk])).content.decode()
    assert hoa.full_name in body


def test_the_slip_qr_svg_draws_exactly_the_qr_codes_dark_modules():
    import re

    import segno

    from sotay.accounts.views.activation import QR_BORDER, qr_svg

    data = "https://so-tay.example/kich-hoat/?ma=ACDEFGHJKMNP"
    svg = qr_svg(data)
    drawn = set()
    for x, y, w in re.findall(r"M(\d+) (\d+)h(\d+)v1", svg):
        drawn |= {(int(x) - QR_BORDER + i, int(y) - QR_BORDER) for i in range(int(w))}
    qr = segno.make_qr(data, error="m", mask=0, boost_error=False)
    dark = {(x, y) for y, row in enumerate(qr.matrix) for x, v in enumerate(row) if v & 1}
    assert drawn == dark
    assert 'role="img"' in svg
    assert "<script" not in svg
