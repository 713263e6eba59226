"""HTTP helpers every app's views share (no app imported here: `core` is the foundation)."""

import json
from http import HTTPStatus
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme

# An error as RFC 9457 problem details: the API's errors (sotay.api.problems), and the few answered
# before a request reaches it (sotay.core.nul).
PROBLEM = "application/problem+json"
# Where the API's paths start: its errors are problems, not pages.
API_PREFIX = "/api/"


def problem_response(status: int, detail: str) -> HttpResponse:
    body = {"type": "about:blank", "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=f"{PROBLEM}; charset=utf-8"
    )


def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    """Show each Vietnamese message of a refused action on the next page."""
    for message in exc.messages:
        messages.error(request, message)


# The largest id or offset a request may name: 18 digits fit a 64-bit integer (SQLite's and bigint's).
MAX_PARAM_DIGITS = 18


def int_param(raw: str | None) -> int | None:
    """A whole number from a query or form parameter (an id, an offset), or None for anything else.

    `str.isdigit()` alone is not enough: it accepts digits `int()` refuses ("²") and numbers no database
    integer holds (30 digits overflow SQLite); either was a 500 where the page should just ignore it.

    >>> int_param("42"), int_param("²"), int_param("9" * 30), int_param("-1")
    (42, None, None, None)
    """
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= MAX_PARAM_DIGITS:
        return int(raw)
    return None


def same_site_path(request: HttpRequest, url: str | None, *, default: str = "/") -> str:
    """Where to send someone back to: the path (with its query and fragment) of `url` when `url` is a
    path of this site or an address on this site's host (a Referer); else `default`.

    Refused: another host ("//evil.example", "https://evil.example/"), another scheme ("javascript:"),
    plain http:// when this request came over https, control characters, a backslash anywhere (browsers
    read it as "/"), and a bare word ("-1", "home"), which Django's `redirect()` would read as the name
    of a URL and answer with a 500.
    """
    url = url or ""
    # A control character has no place in a Location. Browsers read a backslash as "/": our own host
    # followed by the path "/\\evil.example/" passes the host check below and would lead to evil.example.
    if "\\" in url or any(ord(c) < 32 or ord(c) == 127 for c in url):
        return default
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    parts = urlsplit(url)
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return default
    return (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )
