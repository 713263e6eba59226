"""Errors of the API as RFC 9457 problem details (`application/problem+json`, a Vietnamese `detail`).

Every operation declares the problems it can answer with `problems(...)`; `declare_problem_media_type`
rewrites those declarations in the OpenAPI schema to the problem media type, so that a client (and
schemathesis) can check status, content type and body of every error.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from sotay.core.http import PROBLEM, problem_response

__all__ = ["PROBLEM", "Problem", "problem_response", "problems"]


class Problem(Schema):
    """An error (RFC 9457): `detail` says in Vietnamese what went wrong and what to do."""

    type: str = Field("about:blank", description="Loại lỗi (luôn là about:blank: xem `status`).")
    title: str = Field(description="Tên chuẩn của mã trạng thái HTTP (tiếng Anh).")
    status: int = Field(ge=400, le=599, description="Mã trạng thái HTTP.")
    detail: str = Field(description="Mô tả lỗi bằng tiếng Việt.")


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """The `response=` entries of the errors an operation can answer with."""
    return dict.fromkeys(statuses, Problem)


def declare_problem_media_type(schema: dict[str, Any]) -> dict[str, Any]:
    """The 4xx/5xx responses of every operation in `schema` carry `application/problem+json`."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content")
                if int(status) >= 400 and content and PROBLEM not in content:
                    response["content"] = {PROBLEM: next(iter(content.values()))}
    return schema
