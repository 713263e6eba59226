"""Browser tests: Playwright's sync API driving Debian's chromium against pytest-django's live_server.

No browser is ever downloaded (`playwright install` is never run): the tests use /usr/bin/chromium from
Debian's `chromium` package, which .ci/run installs. Without it the tests are skipped on a developer's
machine and fail under CI (CI=true), so a missing browser can never pass CI silently.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.personas import *  # noqa: F403

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

    from sotay.accounts.models import User

CHROMIUM = Path(os.environ.get("SOTAY_CHROMIUM", "/usr/bin/chromium"))
# As root Chromium needs --no-sandbox; the network flags stop it calling home (the machine's network is
# closed, and those attempts would only add noise and time).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "mat-khau-rat-dai-123"  # tests/factories.py gives every persona this password
PHONE = {"width": 360, "height": 740}
# Screenshots for people to look at; tmp/ is git-ignored.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "tmp" / "browser"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} not found: install Debian's chromium package "
            "(apt-get install chromium); `playwright install` is not used."
        )
        if _in_ci():
            pytest.fail(f"CI is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


def _serial_live_server_on_sqlite() -> None:
    """On SQLite the live server's threads share the test's one in-memory connection, and a page makes
    requests in parallel (the page, the service worker, its offline lists): two threads on one SQLite
    connection fail now and then ("bad parameter or other API misuse", a session read as empty, so a
    signed-in person is suddenly at the sign-in page). Serve one request at a time there; PostgreSQL gives
    each thread its own connection and keeps the threaded server."""
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)  # the thread itself uses the shared connection (its run())

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        LiveServerThread.server_class = SerialWSGIServer


_serial_live_server_on_sqlite()


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: Any) -> Any:
    """pytest-django's live_server, started only after the test database exists.

    pytest sets up session fixtures first; without this, live_server is created while DATABASES still
    names the development file, so it doesn't share the in-memory SQLite test database's connection
    with its threads: they open their own (table locks between the two, and an unclosed connection
    that Python 3.13 reports as a ResourceWarning, which the suite turns into an error).
    """
    return live_server


@pytest.fixture
def _orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    # Playwright's sync API keeps an asyncio loop on the main thread, so Django's ORM (fixtures, the
    # transactional flush) would raise "You cannot call this from an async context". Django's documented
    # escape hatch, limited to the browser tests by monkeypatch.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


@pytest.fixture
def browser(chromium_path: Path, _orm_beside_playwright: None) -> Iterator[Browser]:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's sync API is active the main thread has a "running" asyncio loop, and Django
    # keeps database connections per asyncio context then (asgiref's Local): the ORM in a test body
    # would get a second connection, unseen by pytest-django (never rolled back or closed: PostgreSQL
    # then refuses to drop the test database, "being accessed by other users"). Hand the test body the
    # connections the fixtures and the live server already use.
    shared = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS)
        in_loop = _loop_running()  # True with the Playwright versions in uv.lock
        if in_loop:
            for alias, conn in shared.items():
                connections[alias] = conn
        try:
            yield launched
        finally:
            if in_loop and _loop_running():
                for alias in shared:
                    del connections[alias]  # the asyncio-context entry only; the thread's stays
            launched.close()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def sign_in(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """`sign_in(who, *, password=PASSWORD, viewport=PHONE, **context_options)`: a page in a fresh context (its
    own cookies; Vietnamese locale; 20 s timeouts) signed in through the form as `who` (a User, or what the
    form takes: a username, phone number or CCCD), on the home page. Its context is `page.context`; every
    context it opened is closed after the test. `context_options` go to `browser.new_context`
    (`service_workers="allow"`, `accept_downloads=True`)."""
    opened = []

    def _sign_in(
        who: User | str, *, password: str = PASSWORD, viewport: dict[str, int] = PHONE, **context_options: Any
    ) -> Page:
        context = browser.new_context(viewport=viewport, locale="vi-VN", **context_options)
        opened.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Số điện thoại hoặc số CCCD").fill(who if isinstance(who, str) else who.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _sign_in
    for context in opened:
        with contextlib.suppress(Exception):  # already closed by the test
            context.close()
