"""Argon2id with the OWASP Password Storage Cheat Sheet's first configuration (m=19 MiB, t=2, p=1).

Django's default (m=100 MiB, p=8) costs 100 MiB per sign-in: when a branch opens the app as its meeting
starts, a burst of sign-ins took a worker from ~270 MB to ~570 MB (bench/load.py, docs/deploy.md). The
same algorithm name ("argon2") keeps every stored hash readable; a hash made with other parameters is
rehashed with these at the member's next sign-in (Django's `must_update`).
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idModerateMemory(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
