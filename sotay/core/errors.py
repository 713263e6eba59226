"""The error that actions raise for bad input: a Vietnamese message per field, nothing written."""

from django.core.exceptions import ValidationError


class ActionError(ValidationError):
    """Refused input. `message_dict` (or `messages`) holds the Vietnamese messages shown to the user."""
