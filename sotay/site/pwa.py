"""The installable app: the web app manifest and the service worker, both served from the site's root.

The worker must be served at `/sw.js` (not under /static/) so that its scope is the whole site; it is
rendered from a template so that it names the pages it may keep (the member's record and notifications)
by their URL names. Nothing here is personal: both are the same for everyone.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

THEME = "#a1121b"  # --brand in site.css


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "Sổ tay đảng viên",
        "short_name": "Sổ tay",
        "description": "Hồ sơ đảng viên, thông báo của chi bộ.",
        "lang": "vi",
        "dir": "ltr",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static("site/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("site/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("site/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": static("sotay/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


# Pages the worker keeps for offline reading: the signed-in member's own, never a staff page.
OFFLINE_PAGES = ("my_profile", "notification_list")
# Lists of more pages to keep, asked for by the worker: {"urls": [...]} for the signed-in member (the
# next meeting's page; the documents they bookmarked and their files).
OFFLINE_LISTS = ("meeting_offline_pages", "library_offline_pages")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    script = render_to_string(
        "site/sw.js",
        {
            "pages": json.dumps([reverse(name) for name in OFFLINE_PAGES]),
            # The prefix itself, not `static("")`: production's manifest storage has no entry for "" and
            # raised, so every page's worker registration got a 500 (tests/core/test_serving.py).
            "static_prefix": json.dumps(settings.STATIC_URL),
            "login": json.dumps(reverse("login")),
            "lists": json.dumps([reverse(name) for name in OFFLINE_LISTS]),
            "push_script": json.dumps(static("notifications/sw-push.js")),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # browsers check for a new worker on every visit
    return response
