"""Login throttling on django-axes: an account is locked per (username, address), an address per all
its failures.

- (username, address): `AXES_FAILURE_LIMIT` failures lock that pair only, so an attacker elsewhere
  cannot lock a member out of their own account.
- address alone: `SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT` failures over any usernames lock the address
  (one password sprayed over many usernames).

axes compares one failure count with one limit; `get_failures` scales the address count so that the
comparison holds for both limits. A successful sign-in clears the pair's failures only, never the
address's (or one valid account would wipe a spray's trail).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest

# The order of settings.AXES_LOCKOUT_PARAMETERS.
PAIR, ADDRESS = 0, 1


class AccountAndAddressHandler(AxesDatabaseHandler):
    """axes' database handler with separate limits for (username, address) and for the address."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        sums = [
            qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for qs in self.get_user_attempts(request, credentials)
        ]
        limit = get_failure_limit(request, credentials)
        address_limit = max(int(settings.SOTAY_LOGIN_ADDRESS_FAILURE_LIMIT), 1)
        # address * limit // address_limit >= limit exactly when address >= address_limit.
        scaled = sums[ADDRESS] * limit // address_limit if len(sums) > ADDRESS else 0
        return max(sums[PAIR] if sums else 0, scaled)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        attempts = self.filter_user_attempts(request, credentials)[PAIR]
        count, _ = attempts.delete()
        return int(count)
