"""The pages a visitor sees when something goes wrong are Vietnamese, and the browser's icon is served."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views import defaults

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_debug(settings):
    settings.DEBUG = False


def test_404_is_the_vietnamese_page(client, no_debug, db):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    ("view", "status", "title"),
    [
        (defaults.bad_request, 400, "Yêu cầu không hợp lệ"),
        (defaults.permission_denied, 403, "Không có quyền"),
        (defaults.page_not_found, 404, "Không tìm thấy trang"),
    ],
)
def test_error_views_render_the_vietnamese_pages(rf: RequestFactory, view, status, title, db):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/x/")
    request.user = AnonymousUser()
    response = view(request, Exception("x"))
    assert response.status_code == status
    assert title in response.content.decode()


def test_500_needs_neither_context_nor_database(rf: RequestFactory):
    response = defaults.server_error(rf.get("/x/"))
    assert response.status_code == 500
    assert "Có lỗi ở máy chủ" in response.content.decode()


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_the_demo_runs_without_debug_on_local_hosts(tmp_path):
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SESSION_COOKIE_SECURE, bool(s.SECRET_KEY))"
    )
    env = {
        **os.environ,
        "SOTAY_DEMO": "1",
        "SOTAY_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sotay.settings",
    }
    env.pop("SOTAY_DEBUG", None)
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out.strip() == "False ['127.0.0.1', 'localhost', '[::1]'] False True"


def test_make_demo_sets_demo_mode():
    demo = (ROOT / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "runserver" in demo
    for line in demo.splitlines():
        if "$(VENV)/bin/sotay" in line:
            assert "SOTAY_DEMO=1" in line, line
