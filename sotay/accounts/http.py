"""The request type of views behind `login_required`: the user is a real User; htmx details are attached."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from sotay.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
