"""Persona fixtures (like healthchecks' alice/bob/charlie) over a small organisation tree.

79 Đảng bộ TP (province)
├── P1 Đảng bộ phường 1
│   └── U1 Đảng bộ cơ sở 1 ── B1 Chi bộ 1 (member, secretary), B2 Chi bộ 2
└── P2 Đảng bộ phường 2
    └── U2 Chi bộ cơ sở 2 (the sibling unit)
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from zeal.constants import initialize_app_registry
from zeal.listeners import teardown as zeal_teardown
from zeal.patch import patch as zeal_patch

from sotay.accounts.models import Role, User
from sotay.members.models import Member
from sotay.orgs.models import Org, OrgType
from tests import factories


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def meeting_files_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Meeting documents (sotay/meetings) written by any test go to a temporary folder, not var/."""
    settings.SOTAY_MEETING_FILES_DIR = tmp_path / "meeting-files"
    settings.SOTAY_NEWS_IMAGES_DIR = tmp_path / "news-images"  # news images (sotay/news), likewise


@pytest.fixture(autouse=True)
def fresh_page_cache() -> None:
    """The kept page parts (CACHES["pages"], per process) start empty: the database of each test is new,
    and on SQLite its primary keys are handed out again."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture(scope="session")
def zeal_patched() -> None:
    """django-zeal is a test-only dependency, so it is patched in here rather than installed as an app."""
    initialize_app_registry()
    zeal_patch()


@pytest.fixture
def no_n_plus_one(zeal_patched: None, settings: Any) -> Iterator[None]:
    """The requests of a test that uses this fixture fail on an N+1 query pattern (a related object
    loaded in a loop): django-zeal's middleware watches each request on its own. Every list page's
    query-count test uses it."""
    # Innermost, so that it watches the view's queries, not the framework's own (session, user).
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "zeal.middleware.zeal_middleware"]
    # The framework's own lookups of the session row and the signed-in user (`User.objects.get` in the
    # auth backend) are not loops over our data; a related user loaded in a loop is reported on the
    # related field, not on get(), so it still fails.
    settings.ZEAL_ALLOWLIST = [{"model": "sessions.Session"}, {"model": "accounts.User", "field": "get()"}]
    yield
    zeal_teardown()  # a request that failed inside the detector must not leave it on for the next test


@dataclass
class Tree:
    city: Org
    ward1: Org
    unit1: Org
    branch1: Org
    branch2: Org
    ward2: Org
    unit2: Org


@pytest.fixture
def tree(db: Any) -> Tree:
    city = factories.org("79", OrgType.DANG_BO_TINH, None, "Đảng bộ Thành phố")
    ward1 = factories.org("79.P1", OrgType.DANG_BO_PHUONG, city, "Đảng bộ phường Một")
    unit1 = factories.org("79.P1.U1", OrgType.DANG_BO_CO_SO, ward1, "Đảng bộ cơ sở Một")
    branch1 = factories.org("79.P1.U1.B1", OrgType.CHI_BO, unit1, "Chi bộ khu phố 1")
    branch2 = factories.org("79.P1.U1.B2", OrgType.CHI_BO, unit1, "Chi bộ khu phố 2")
    ward2 = factories.org("79.P2", OrgType.DANG_BO_PHUONG, city, "Đảng bộ phường Hai")
    unit2 = factories.org("79.P2.U2", OrgType.CHI_BO_CO_SO, ward2, "Chi bộ cơ sở Hai")
    return Tree(city, ward1, unit1, branch1, branch2, ward2, unit2)


@pytest.fixture
def hoa(tree: Tree) -> Member:
    """A member of branch 1 who uses the handbook."""
    return factories.member(tree.branch1, full_name="Nguyễn Văn Hòa", birth_date=datetime.date(1962, 3, 5))


@pytest.fixture
def lan(tree: Tree) -> Member:
    """A member of branch 2 (same unit, other branch)."""
    return factories.member(
        tree.branch2, full_name="Lê Thị Lan", gender="Nữ", birth_date=datetime.date(1990, 1, 9)
    )


@pytest.fixture
def binh(tree: Tree) -> Member:
    """A member of the sibling unit."""
    return factories.member(tree.unit2, full_name="Phạm Văn Bình")


@pytest.fixture
def member_user(hoa: Member, tree: Tree) -> User:
    return factories.user("hoa", role=Role.MEMBER, at=tree.branch1, member=hoa)


@pytest.fixture
def secretary(tree: Tree) -> User:
    return factories.user("bithu1", role=Role.BRANCH_SECRETARY, at=tree.branch1)


@pytest.fixture
def unit_staff(tree: Tree) -> User:
    return factories.user("bantochuc1", role=Role.UNIT_STAFF, at=tree.ward1)


@pytest.fixture
def outsider(tree: Tree) -> User:
    """Staff of the sibling ward: must never see ward 1's records."""
    return factories.user("bantochuc2", role=Role.UNIT_STAFF, at=tree.ward2)


@pytest.fixture
def editor(tree: Tree) -> User:
    return factories.user("bientap", role=Role.EDITOR, at=tree.city)


@pytest.fixture
def sysadmin(tree: Tree) -> User:
    return factories.user("quantri", role=Role.SYSADMIN, at=tree.city)


@pytest.fixture
def no_role(db: Any) -> User:
    return factories.user("chuaphanquyen")
