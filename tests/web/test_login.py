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


def test_wrong_password_is_explained_in_vietnamese(client, unit_staff):
    response = client.post(reverse("login"), {"username": "bantochuc1", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
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

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
