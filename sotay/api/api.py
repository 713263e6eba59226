"""The API at /api/v1/: django-ninja with bearer tokens, problem-details errors, cursor pagination.

Bearer only: a browser session is not accepted, so no CSRF question arises (docs/api.md).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.security import HttpBearer

from sotay.api import (
    dashboard_files,  # noqa: F401  (the dashboard's refresh and Excel files on its router)
    meetings_committee,  # noqa: F401  (the committee's operations on the meetings router)
    study_committee,  # noqa: F401  (the committee's operations on the study router)
)
from sotay.api.actions import hash_token, note_token_use
from sotay.api.corrections import router as corrections_router
from sotay.api.dashboard import router as dashboard_router
from sotay.api.feed import router as feed_router
from sotay.api.inbox import router as inbox_router
from sotay.api.library import router as library_router
from sotay.api.meetings import router as meetings_router
from sotay.api.models import ApiToken
from sotay.api.news import router as news_router
from sotay.api.notes import router as notes_router
from sotay.api.problems import declare_problem_media_type, problem_response
from sotay.api.questions import router as questions_router
from sotay.api.records import router as records_router
from sotay.api.reference import Reference
from sotay.api.staff import router as staff_router
from sotay.api.study import router as study_router
from sotay.api.tokens import router as tokens_router
from sotay.core.errors import ActionError


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if len(token) > 200:
            return None
        row = ApiToken.objects.live().select_related("user").filter(token_hash=hash_token(token)).first()
        if row is None or not row.user.is_active:
            return None
        note_token_use(token=row)
        request.user = row.user
        request.api_token = row  # type: ignore[attr-defined]
        return row.user


class SotayAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        return declare_problem_media_type(super().get_openapi_schema(**kwargs))  # type: ignore[return-value]

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The view's name: stable when a view moves between modules (and it is its URL name)."""
        return operation.view_func.__name__


api = SotayAPI(
    title="Sổ tay API",
    version="1",
    description="API của Sổ tay đảng viên: mã truy cập theo thiết bị, phạm vi theo cây tổ chức.",
    urls_namespace="api",
    auth=BearerToken(),
    docs=Reference(),
    docs_url="/docs",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(404, "Không tìm thấy (hoặc nằm ngoài phạm vi của bạn).")


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(401, "Cần mã truy cập hợp lệ (Authorization: Bearer …).")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    where = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors} - {""})
    suffix = f": {', '.join(where)[:200]}" if where else ""
    return problem_response(422, f"Dữ liệu gửi lên không hợp lệ{suffix}.")


# django-ninja's own messages, in the language of the API's other errors.
NINJA_MESSAGES = {"Cannot parse request body": "Nội dung gửi lên không phải JSON hợp lệ."}


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    return problem_response(exc.status_code, NINJA_MESSAGES.get(message.split(" (")[0], message))


@api.exception_handler(ActionError)
def _refused(request: HttpRequest, exc: ActionError) -> HttpResponse:
    """An action refused the input: its Vietnamese messages, and nothing was written."""
    return problem_response(422, " ".join(exc.messages)[:1000] or "Dữ liệu không hợp lệ.")


api.add_router("", tokens_router)
api.add_router("", records_router)
api.add_router("", staff_router)
api.add_router("/handbook", feed_router)
api.add_router("", inbox_router)
api.add_router("", meetings_router)
api.add_router("", corrections_router)
api.add_router("", questions_router)
api.add_router("", notes_router)
api.add_router("", library_router)
api.add_router("", news_router)
api.add_router("", study_router)
api.add_router("", dashboard_router)
