"""Request types for views behind `login_required` (the user is a real User; htmx details are attached)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from sotay.accounts.models import User


def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    """Show each Vietnamese message of a refused action on the next page."""
    for message in exc.messages:
        messages.error(request, message)


class AuthedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
