"""A sign-in counts as the day's use (the middleware counts sessions that outlive a day)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from sotay.usage.middleware import mark_used


@receiver(user_logged_in, dispatch_uid="usage_sign_in")
def on_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_used(request, user)
