import pytest
from django.shortcuts import resolve_url
from django.urls import reverse

from sotay.audit.models import AuditAction, AuditEvent
from tests import factories

PASSWORD = "mat-khau-rat-dai-123"


def test_login_and_logout(client, unit_staff):
    response = client.post(reverse("login"), {"username": "bantochuc1", "password": PASSWORD})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=unit_staff).exists()
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize(
    ("next_", "expected"),
    [
        ("/ho-so/?a=1", "/ho-so/?a=1"),
        ("-1", "/"),
        ("//evil.example/", "/"),
        ("http://testserver/\\evil.example/", "/"),
    ],
)
def test_sign_in_goes_to_next_only_on_this_site(client, unit_staff, next_, expected):
    response = client.post(reverse("login"), {"username": "bantochuc1", "password": PASSWORD, "next": next_})
    assert response.status_code == 302
    assert response["Location"] == expected
    # Signed in already: the sign-in page with the same `next` sends there too, never to /dang-nhap/-1.
    assert client.get(reverse("login"), {"next": next_})["Location"] == expected


@pytest.mark.parametrize(("next_", "expected"), [("/dang-nhap/?x=1", "/dang-nhap/?x=1"), ("-1", None)])
def test_sign_out_goes_to_next_only_on_this_site(client, unit_staff, settings, next_, expected):
    client.force_login(unit_staff)
    response = client.post(reverse("logout"), {"next": next_})
    assert response.status_code == 302
    assert response["Location"] == (expected or resolve_url(settings.LOGOUT_REDIRECT_URL))
    # Signing out is no form lost to an expired session (accounts.middleware.StalePostSignInMiddleware).
    assert "Phiên làm việc đã hết hạn" not in client.get(response["Location"]).content.decode()


def test_wrong_password_is_explained_in_vietnamese(client, unit_staff):
    response = client.post(reverse("login"), {"username": "bantochuc1", "password": "sai"})
    assert response.status_code == 200
    assert "hoặc tên đăng nhập, hoặc mật khẩu không đúng" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_login_is_throttled_after_repeated_failures(client, db, settings):
    factories.user("nguoidung")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "nguoidung", "password": "sai"})
    response = client.post(reverse("login"), {"username": "nguoidung", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production():
    from sotay import settings as production  # the module, not the test-overridden settings

    assert production.PASSWORD_HASHERS[0] == "sotay.accounts.hashers.Argon2idModerateMemory"


def _login(client, username, password, *, forwarded=None, remote="10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


@pytest.fixture
def behind_proxy(settings):
    """Production: one TLS proxy that appends the client's address to X-Forwarded-For."""
    settings.SOTAY_TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.SOTAY_TRUSTED_PROXY_COUNT = 1


def test_behind_a_proxy_an_attacker_cannot_lock_a_member_out(client, db, settings, behind_proxy):
    factories.user("nguoidung")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(client, "nguoidung", "sai", forwarded="198.51.100.66")
    response = _login(client, "nguoidung", PASSWORD, forwarded="203.0.113.10")
    assert response.status_code == 302


def test_a_forged_forwarded_entry_does_not_escape_the_lock(client, db, settings, behind_proxy):
    factories.user("nguoidung")
    for n in range(settings.AXES_FAILURE_LIMIT):
        # The client writes the left entry; the proxy appends the address it really saw.
        _login(client, "nguoidung", "sai", forwarded=f"192.0.2.{n}, 198.51.100.66")
    assert _login(client, "nguoidung", PASSWORD, forwarded="192.0.2.99, 198.51.100.66").status_code == 429


def test_forwarded_header_is_ignored_unless_configured(client, db, settings):
    factories.user("nguoidung")
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "nguoidung", "sai", forwarded=f"192.0.2.{n}")
    assert _login(client, "nguoidung", PASSWORD, forwarded="192.0.2.200").status_code == 429
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).first().ip == "10.0.0.2"


def test_audit_log_records_the_address_behind_the_proxy(client, db, behind_proxy):
    _login(client, "khongco", "sai", forwarded="192.0.2.1, 198.51.100.66")
    assert AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED).ip == "198.51.100.66"


def test_spraying_one_password_over_many_usernames_locks_the_address(client, db, settings, behind_proxy):
    settings.SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    factories.user("nguoidung")
    for n in range(8):
        _login(client, f"ten{n}", "mat-khau-pho-bien", forwarded="198.51.100.66")
    assert _login(client, "nguoidung", PASSWORD, forwarded="198.51.100.66").status_code == 429
    # Another address is not affected.
    assert _login(client, "nguoidung", PASSWORD, forwarded="203.0.113.10").status_code == 302


def test_a_valid_sign_in_does_not_clear_the_address_count(client, db, settings, behind_proxy):
    settings.SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    factories.user("keotancong")
    factories.user("nguoidung")
    for n in range(5):
        _login(client, f"ten{n}", "sai", forwarded="198.51.100.66")
    assert _login(client, "keotancong", PASSWORD, forwarded="198.51.100.66").status_code == 302
    client.post(reverse("logout"))
    _login(client, "ten9", "sai", forwarded="198.51.100.66")
    assert _login(client, "nguoidung", PASSWORD, forwarded="198.51.100.66").status_code == 429
