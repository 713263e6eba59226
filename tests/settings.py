"""The test suite's settings: the project's, with background tasks run inside the request that enqueues
them (so a test sees a notification as soon as the action returns)."""

import os

os.environ.setdefault("SOTAY_TASKS", "immediate")

from sotay.settings import *  # noqa: F403

# Every test sees exact counts; tests/members/test_counts_cache.py turns the cache of slow sums on.
SOTAY_COUNT_CACHE_SECONDS = 0
SOTAY_COUNT_ROLLUP_ROWS = 0  # rollups off: no page reads them (tests/members/test_rollup.py turns them on)
CACHES["counts"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counts"}  # noqa: F405
