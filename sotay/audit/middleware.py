"""Stores the caller's address for the audit log of the request being served."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sotay.audit.context import RequestContext, reset, set_current
from sotay.core.clientip import client_ip


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The address login throttling uses: REMOTE_ADDR unless a trusted proxy header is configured.
        token = set_current(
            RequestContext(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
                channel="web",
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset(token)
