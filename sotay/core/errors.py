"""The error that actions raise for bad input: a Vietnamese message per field, nothing written."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ActionError(ValidationError):
    """Refused input. `message_dict` (or `messages`) holds the Vietnamese messages shown to the user."""


def required_text(value: str, *, field: str, empty: str, max_length: int) -> str:
    """`value` stripped; refused with `empty` when blank and with a length message when over `max_length`."""
    text = (value or "").strip()
    if not text:
        raise ActionError({field: [empty]})
    if len(text) > max_length:
        raise ActionError({field: [f"Nội dung dài quá {max_length} ký tự."]})
    return text


class FieldErrors:
    """Every refused field of a form at once, not one per submit: run each field's check inside
    `collect()`, then `raise_any()` raises what they refused together (nothing raised: all passed).

    >>> errors = FieldErrors()
    >>> with errors.collect():
    ...     required_text("", field="subject", empty="Hãy nhập tiêu đề.", max_length=10)
    >>> with errors.collect():
    ...     required_text(" ", field="body", empty="Hãy nhập nội dung.", max_length=10)
    >>> sorted(errors.errors)
    ['body', 'subject']
    """

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    @contextmanager
    def collect(self) -> Iterator[None]:
        try:
            yield
        except ActionError as e:
            found = e.message_dict if hasattr(e, "error_dict") else {NON_FIELD_ERRORS: e.messages}
            for field, messages in found.items():
                self.errors.setdefault(field, []).extend(messages)

    def raise_any(self) -> None:
        if self.errors:
            raise ActionError(self.errors)
