"""Benchmark: how late an ordinary (nice 0) thread wakes up while low-priority processes keep every core
busy — the question behind the staff pool's CPU priority (docs/adr/0008-production-server.md).

One process per core spins in a loop at the priority under test; this process meanwhile sleeps 2 ms and
then does a little work, --samples times, and records how much later than asked each sleep ended. The
baseline (no spinning processes) runs in the same run, first and last. Figures are milliseconds.

    .venv/bin/python bench/wakeup.py
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

SETTINGS = {
    "none (baseline)": None,
    "nice 10": "os.nice(10)",
    "nice 19": "os.nice(19)",
    "idle class": "os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))",
}


def lateness(samples: int) -> list[float]:
    late = []
    for _ in range(samples):
        asked = time.perf_counter()
        time.sleep(0.002)
        late.append((time.perf_counter() - asked - 0.002) * 1000)
        total = 0
        for i in range(3000):  # a request's worth of work between two waits, roughly
            total += i
    return sorted(late)


def run(setting: str, samples: int) -> list[float]:
    code = SETTINGS[setting]
    hogs = []
    if code:
        spin = f"import os\n{code}\nwhile True:\n    pass\n"
        hogs = [subprocess.Popen([sys.executable, "-c", spin]) for _ in range(os.cpu_count() or 1)]
        time.sleep(0.5)
    try:
        return lateness(samples)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=3000)
    args = parser.parse_args()
    names = [name for name in SETTINGS if name != "idle class" or hasattr(os, "SCHED_IDLE")]
    order = [*names, names[0]]  # the baseline again last: the machine may drift meanwhile
    print(f"{'spinning beside it':<20} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name in order:
        late = run(name, args.samples)
        p99 = late[min(len(late) - 1, round(0.99 * (len(late) - 1)))]
        print(f"{name:<20} {late[len(late) // 2]:8.3f} {p99:8.3f} {late[-1]:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
