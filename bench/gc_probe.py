"""gunicorn config file that bench/load.py gives its servers (GUNICORN_CMD_ARGS="--config …"): each worker
records its own garbage-collection pauses, so that the report can say how much of a tail latency was the
collector (all of the worker's threads wait while it runs: it holds the GIL).

Every collection of generation 1 or 2, and every generation-0 one over 2 ms, is kept with its start on the
system's monotonic clock (the driver stamps its measured phases with the same clock); the rest are counted.
The worker writes `$SOTAY_BENCH_GC_DIR/<pool>-<pid>.json` after each generation-1 or 2 collection and when
it exits. Wall-clock milliseconds: a pause includes the time the kernel gave the core to someone else.

`SOTAY_BENCH_SWITCH_INTERVAL_MS`, when set, is the workers' GIL switch interval (`sys.setswitchinterval`;
Python's default is 5 ms): an experiment on how long a thread whose query has returned waits for a thread
that is rendering.
"""

from __future__ import annotations

import os
from typing import Any


def post_fork(server: Any, worker: Any) -> None:
    import gc
    import json
    import time
    from pathlib import Path

    switch = os.environ.get("SOTAY_BENCH_SWITCH_INTERVAL_MS", "")
    if switch:
        import sys

        sys.setswitchinterval(float(switch) / 1000)
    folder = os.environ.get("SOTAY_BENCH_GC_DIR", "")
    if not folder:
        return
    name = os.environ.get("SOTAY_BENCH_GC_NAME") or os.environ.get("SOTAY_POOL", "all")
    path = Path(folder) / f"{name}-{os.getpid()}.json"
    record: dict[str, Any] = {"pauses": [], "counts": [0, 0, 0], "ms": [0.0, 0.0, 0.0]}
    started = [0.0]

    def save() -> None:
        path.write_text(json.dumps(record))

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.monotonic()
            return
        gen, ms = info["generation"], (time.monotonic() - started[0]) * 1000
        record["counts"][gen] += 1
        record["ms"][gen] += ms
        if gen or ms > 2:
            record["pauses"].append([started[0], gen, ms])
        if gen:
            save()

    gc.callbacks.append(on_gc)
    worker.sotay_gc_save = save


def worker_exit(server: Any, worker: Any) -> None:
    save = getattr(worker, "sotay_gc_save", None)
    if save:
        save()
