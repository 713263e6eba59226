"""Row links without a `reverse()` per row: a URL pattern is reversed once with a placeholder for the
node's id, and each row fills in its own (a table of 25 units would otherwise reverse 100 times)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = 918273645  # an id no URL of the dashboard contains otherwise


def url_maker(name: str, *args: str) -> Callable[[int], str]:
    """`url_maker("dashboard_list", "chua-kich-hoat")(pk)` == `reverse("dashboard_list", args=[pk, …])`."""
    head, tail = reverse(name, args=[_PLACEHOLDER, *args]).split(str(_PLACEHOLDER), 1)
    return lambda pk: f"{head}{pk}{tail}"
