"""request.user is the account itself after the authentication and 2FA middleware, not lazy wrappers."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from sotay.accounts.models import User


def test_a_signed_in_request_carries_the_account_itself(client, member_user):
    client.force_login(member_user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is User
    assert user.pk == member_user.pk
    assert user.is_verified() is False  # django-otp's fields were set on the account before unwrapping


def test_an_anonymous_request_carries_anonymous_user(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert type(response.wsgi_request.user) is AnonymousUser
