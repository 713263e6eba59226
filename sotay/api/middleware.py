"""A size limit on API request bodies, checked before anything reads the body."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from sotay.api.problems import problem_response
from sotay.core.http import API_PREFIX
from sotay.meetings import files

# Document uploads carry a file: their limit is the meeting file cap (sotay.meetings.files) plus the form.
UPLOAD_SUFFIX = "/documents"
FORM_OVERHEAD = 64 * 1024


class ApiBodyLimitMiddleware:
    """A request to /api/ declaring a body longer than `SOTAY_API_MAX_BODY_BYTES` gets a 413 problem.

    A WSGI server hands Django at most CONTENT_LENGTH bytes of the body, so the declared length is the
    length read; a missing or unreadable length is read as none (Django's own limits still apply).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            limit = settings.SOTAY_API_MAX_BODY_BYTES
            if request.method == "POST" and request.path.rstrip("/").endswith(UPLOAD_SUFFIX):
                limit = max(limit, files.max_bytes() + FORM_OVERHEAD)
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                return problem_response(
                    413, f"Nội dung gửi lên quá lớn: tối đa {limit:,} byte.".replace(",", ".")
                )
        return self.get_response(request)
