"""The error that actions raise for bad input: a Vietnamese message per field, nothing written."""

from django.core.exceptions import ValidationError


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
