"""Stores the caller's address for the audit log of the request being served."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sotay.audit.context import RequestContext, reset, set_current


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # REMOTE_ADDR only: X-Forwarded-For is set by clients and cannot be trusted without a known proxy.
        token = set_current(
            RequestContext(
                ip=request.META.get("REMOTE_ADDR", ""),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
                channel="web",
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset(token)
