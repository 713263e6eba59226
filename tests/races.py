"""Two submits at once, on PostgreSQL: the second arrives while the first one's transaction is still open.

Each runs on its own thread and database connection. What each returned, or the exception it raised, is
given back in order (first, second); a test then asserts that only one of them wrote.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

# How long the first transaction stays open after its write: the second starts within it.
HOLD_SECONDS = 0.5


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time (IMMEDIATE transactions); the race is PostgreSQL's")


def at_once(first: Callable[[], Any], second: Callable[[], Any]) -> list[Any]:
    """Run `first` in a transaction held open for HOLD_SECONDS after it returns, and `second` as soon
    as `first` has returned (before its commit). Returns [first's result, second's result], either
    one the exception it raised instead."""
    written = threading.Event()
    results: list[Any] = [None, None]

    def run(index: int) -> None:
        try:
            if index == 0:
                with transaction.atomic():
                    results[0] = first()
                    written.set()
                    time.sleep(HOLD_SECONDS)
            else:
                if not written.wait(10):
                    raise TimeoutError("the first submit did not finish")
                results[1] = second()
        except Exception as e:  # given back to the test
            results[index] = e
            written.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results
