"""Passwords: Argon2id at 19 MiB; a hash made with Django's defaults still signs in and is upgraded."""

from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher, make_password

from sotay.accounts.hashers import Argon2idModerateMemory

PRODUCTION = [
    "sotay.accounts.hashers.Argon2idModerateMemory",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_new_hashes_use_19_mib(settings):
    settings.PASSWORD_HASHERS = PRODUCTION
    encoded = make_password("một mật khẩu dài đủ")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert check_password("một mật khẩu dài đủ", encoded)
    assert not check_password("mật khẩu khác hẳn", encoded)


def test_a_hash_with_djangos_defaults_verifies_and_is_rehashed(settings):
    settings.PASSWORD_HASHERS = PRODUCTION
    old = Argon2PasswordHasher().encode("mật khẩu cũ rất dài", Argon2PasswordHasher().salt())
    assert "m=102400" in old
    upgraded = []
    assert check_password("mật khẩu cũ rất dài", old, setter=upgraded.append)
    assert len(upgraded) == 1  # the setter ran: the stored hash is replaced
    assert isinstance(identify_hasher(make_password("x" * 12)), Argon2idModerateMemory)
    fresh = make_password("mật khẩu cũ rất dài")
    again = []
    assert check_password("mật khẩu cũ rất dài", fresh, setter=again.append)
    assert again == []  # a hash with these parameters is left alone
