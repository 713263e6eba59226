"""Benchmark: the maintained member counts summed over a subtree (`sotay.members.counts`), as a staff home
page and the organisation tree read them: one root (a province) next to every root together (a national
view), on a loaded registry, the counts cache emptied before each sum so that every sum is computed.

    DATABASE_URL=postgres://sotay@127.0.0.1:5591/sotay .venv/bin/python bench/member_counts.py [--repeat 5]

Prints the median and least time of each; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _timed(label: str, fn: Callable[[], Any], repeat: int) -> None:
    from django.core.cache import caches

    times = []
    for _ in range(repeat):
        caches["counts"].clear()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    print(f"{label:<44} median {statistics.median(times):8.1f} ms   least {min(times):8.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ["SOTAY_DEBUG"] = "0"
    import django

    django.setup()
    from sotay.members.counts import subtree_totals
    from sotay.orgs.models import Org

    roots = list(Org.objects.filter(parent__isnull=True).order_by("path"))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {len(roots)} roots")
    _timed(f"one root ({roots[0].name})", lambda: subtree_totals(roots[:1]), args.repeat)
    _timed(f"all {len(roots)} roots together", lambda: subtree_totals(roots), args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
