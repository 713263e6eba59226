"""Throughput of the synthetic legacy writer: rows/s and peak RSS for 1 M CSV rows (5.6 M with --national).

    .venv/bin/python bench/synth.py [--national] [--out DIR]

Prints figures; asserts nothing (speed targets live here, not in tests).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sotay.synth import SynthConfig
from sotay.synth.orgs import plan_orgs
from sotay.synth.places import places_for
from sotay.synth.writer import write_legacy


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--national", action="store_true", help="5.6 M members over all 34 provinces")
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: a temporary dir)")
    args = parser.parse_args(argv)
    today = date(2026, 3, 1)
    # Default: 1 M members over HCMC's shape (the tree scales to fit).
    national = SynthConfig.national(today=today)
    config = national if args.national else SynthConfig(members=1_000_000, today=today)
    started = time.perf_counter()
    plan_orgs(config)
    places_for(config.provinces, config.seed)
    setup = time.perf_counter() - started
    with tempfile.TemporaryDirectory(dir=args.out) as tmp:
        started = time.perf_counter()
        path = write_legacy(config, Path(tmp) / "run")
        elapsed = time.perf_counter() - started
        size = path.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"members          {config.members:>12,}")
    print(f"setup (tree)     {setup:>12.1f} s")
    rate = config.members / elapsed
    print(f"write legacy     {elapsed:>12.1f} s   ({rate:,.0f} rows/s, {size / 1e6:,.0f} MB CSV)")
    print(f"peak RSS         {peak_mb:>12,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
