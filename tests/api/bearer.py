"""A test client speaking to /api/v1 with a person's bearer token (issued directly: no sign-in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sotay.api.actions import issue_token


def bearer(client: Any, user: Any) -> Callable[..., Any]:
    """`call(method, path, body=None)`: a request with `user`'s token, a JSON body when given."""
    secret = issue_token(user=user, device="thử")[1]

    def call(method: str, path: str, body: Any = None) -> Any:
        extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        if body is not None:
            extra |= {"data": body, "content_type": "application/json"}
        return getattr(client, method)(f"/api/v1{path}", **extra)

    call.secret = secret  # type: ignore[attr-defined]
    return call
