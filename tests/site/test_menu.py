"""The main menu: its links follow the signed-in user's roles, though base.html keeps the rendered links
per set of role flags (`site.context_processors.MENU_FLAGS`)."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from sotay.accounts.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def _menu(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    wide = page.split('<nav aria-label="Chính" class="nav-wide">', 1)[1].split("</nav>", 1)[0]
    narrow = page.split('<details class="nav-narrow">', 1)[1].split("</details>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">', wide)
    assert links == re.findall(r'<a href="([^"]+)">', narrow)  # one menu, shown twice
    assert f'action="{reverse("logout")}"' in wide  # sign-out is never cached away
    return links


def test_each_role_set_gets_its_own_links_from_the_kept_menu(client, member_user, unit_staff, sysadmin):
    cache.clear()
    member_links = _menu(client, member_user)
    staff_links = _menu(client, unit_staff)
    admin_links = _menu(client, sysadmin)
    assert reverse("my_profile") in member_links
    assert reverse("member_list") not in member_links
    assert reverse("audit_log") not in member_links
    assert reverse("member_list") in staff_links
    assert reverse("my_profile") not in staff_links
    assert reverse("admin:index") in admin_links
    assert reverse("admin:index") not in staff_links
    # Served from the kept copies now: the same links again, for each.
    assert _menu(client, member_user) == member_links
    assert _menu(client, unit_staff) == staff_links


def test_a_role_granted_shows_its_links_on_the_next_page(client, member_user, tree):
    cache.clear()
    assert reverse("member_list") not in _menu(client, member_user)
    RoleAssignment.objects.create(user=member_user, role=Role.UNIT_STAFF, org=tree.ward1)
    assert reverse("member_list") in _menu(client, member_user)


def test_the_sign_out_form_carries_this_sessions_token(client, member_user):
    cache.clear()
    client.force_login(member_user)
    first = client.get(reverse("home")).content.decode()
    token = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
    assert token
    other = Client()  # another device: a kept menu must not carry the first one's token
    other.force_login(member_user)
    second = other.get(reverse("home")).content.decode()
    assert re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second)[0] not in token
