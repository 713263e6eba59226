"""HTTP helpers every app's views share (no app imported here: `core` is the foundation)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    """Show each Vietnamese message of a refused action on the next page."""
    for message in exc.messages:
        messages.error(request, message)
