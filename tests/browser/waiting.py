"""Waiting on a condition in the page without `page.wait_for_function`.

`wait_for_function` runs its predicate in the page by `eval` whenever the first check is false and it
has to poll there; the pages' Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval') then
refuses it, so a test failed only on a slow machine (the service worker not yet in control at the
first check). `page.evaluate` goes through the DevTools protocol, which the policy does not govern:
poll with it from here instead.
"""

from __future__ import annotations

import time
from typing import Any


def wait_until(page: Any, predicate: str, *, timeout: float = 30.0, interval: float = 0.1) -> None:
    """Evaluate the JS function `predicate` (`() => …` or `async () => …`) until it returns truthy;
    AssertionError after `timeout` seconds, naming it."""
    deadline = time.monotonic() + timeout
    while True:
        if page.evaluate(predicate):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {predicate}")
        time.sleep(interval)
