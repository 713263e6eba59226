"""No text this product stores may hold a NUL character: PostgreSQL refuses it (a 500 where a view
passed it on), and no person types one. A request carrying one — in its query string, its form fields
or its JSON body — is answered before any view reads it: a 400 page in Vietnamese, or a 422 problem
from the API, as for any other invalid input. Uploaded files are not text and are not looked at.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sotay.core.http import API_PREFIX, problem_response

NUL = "\x00"
SAID = "Dữ liệu gửi lên chứa ký tự rỗng (NUL, mã 0), không hợp lệ. Hãy gõ lại nội dung rồi gửi lại."


def _in_query_dict(values: Any) -> bool:
    return any(NUL in key or any(NUL in v for v in values.getlist(key)) for key in values)


def _in_json(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_in_json(k) or _in_json(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_in_json(v) for v in value)
    return False


def carries_nul(request: HttpRequest) -> bool:
    if _in_query_dict(request.GET):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    content_type = request.content_type or ""
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        if request.path.startswith(API_PREFIX):
            # django-ninja reads the raw body itself, which Django refuses once the form was parsed
            # from the stream: read (and keep) the body first; the form is then parsed from it.
            request.body  # noqa: B018
        return _in_query_dict(request.POST)
    if content_type == "application/json" and b"\\u0000" in request.body:
        try:  # only then: the escape may also be a backslash followed by "u0000", which is fine
            return _in_json(json.loads(request.body))
        except ValueError:
            return False  # not JSON: the API says so itself
    return False


class NulCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            if request.path.startswith(API_PREFIX):
                return problem_response(422, SAID)
            return render(request, "400.html", {"said": SAID}, status=400)
        return self.get_response(request)
