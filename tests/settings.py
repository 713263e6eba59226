"""The test suite's settings: the project's, with background tasks run inside the request that enqueues
them (so a test sees a notification as soon as the action returns)."""

import os

os.environ.setdefault("SOTAY_TASKS", "immediate")

from sotay.settings import *  # noqa: F403
