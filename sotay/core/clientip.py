"""The client's address, for login throttling (django-axes) and the audit log alike.

Behind a TLS proxy every request's REMOTE_ADDR is the proxy, so throttling by it would put every
user in one bucket. The address is read from a header only when settings name one
(`SOTAY_TRUSTED_PROXY_HEADER`): each trusted proxy appends the address it saw to that header, so the
client is the entry `SOTAY_TRUSTED_PROXY_COUNT` places from the right; entries further left were
written by the client and are never believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(raw: str) -> str | None:
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address: from the trusted proxy header when configured, else REMOTE_ADDR.

    >>> # X-Forwarded-For: "1.2.3.4 (forged by the client), 203.0.113.9 (added by our proxy)"
    >>> # with SOTAY_TRUSTED_PROXY_COUNT = 1 -> "203.0.113.9"
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    header: str = getattr(settings, "SOTAY_TRUSTED_PROXY_HEADER", "")
    count: int = getattr(settings, "SOTAY_TRUSTED_PROXY_COUNT", 1)
    if not header or count < 1:
        return remote
    entries = [e for e in str(request.META.get(header, "")).split(",") if e.strip()]
    if len(entries) < count:
        # Reached the app without passing through every proxy: only the direct peer is known.
        return remote
    return _address(entries[-count]) or remote
