"""Benchmark: what one full garbage collection costs in a booted app worker, before and after the boot's
objects are frozen out of the collector (`gc.freeze()`, as sotay/wsgi.py does), in the same run.

Boots the app as a gunicorn worker does (imports sotay/wsgi.py: settings, the WSGI handler, every URL
pattern and so every view and what they import), gives the frozen objects back to the collector and
times `gc.collect()` of the oldest generation --repeat times (the baseline), freezes again, and times it
again. CPython's full collection holds the GIL: while it runs, every
thread of the worker waits. Prints objects tracked and milliseconds (least and median of the repeats).
bench/load.py measures the pauses that happen under load (bench/gc_probe.py).

    .venv/bin/python bench/worker_gc.py
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def full_collections(repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    import sotay.wsgi  # noqa: F401  # boots as a gunicorn worker does, and freezes what it made

    print(f"booted in {time.perf_counter() - started:.1f} s")
    gc.unfreeze()  # the baseline: the boot's objects back in the collector, as before the freeze
    rows = [("as booted (baseline)", len(gc.get_objects()), full_collections(args.repeat))]
    gc.freeze()
    rows.append(("boot frozen (sotay/wsgi.py)", len(gc.get_objects()), full_collections(args.repeat)))
    print(f"{'full collection':<30} {'tracked':>9} {'least ms':>9} {'median ms':>10}")
    for label, tracked, times in rows:
        print(f"{label:<30} {tracked:9,} {min(times):9.2f} {statistics.median(times):10.2f}")
    print(f"frozen: {gc.get_freeze_count():,} objects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
