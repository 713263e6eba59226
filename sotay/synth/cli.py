"""``sotay synth``: write a synthetic legacy export with injected defects and ground truth."""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

from sotay.synth.config import ALL_PROVINCES, HCMC_MEMBERS, NATIONAL_MEMBERS, SynthConfig
from sotay.synth.defects import KINDS
from sotay.synth.writer import write_legacy

EPILOG = f"""\
Defect kinds for --rate (see sotay/synth/defects.py for what each one does and must trigger):
  {", ".join(KINDS)}

Examples:
  sotay synth --members 2000 --wards 2 --out demo/
  sotay synth --members 365911 --out hcmc/ --defect-rate 0.03 --rate cccd_duplicate=0.01
  sotay synth --national --out vn/          ({NATIONAL_MEMBERS:,} members, all 34 provinces)
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"a rate is a share between 0 and 1, got {value}")
    return value


def _rule_rate(text: str) -> tuple[str, float]:
    name, sep, value = text.partition("=")
    if not sep:
        raise argparse.ArgumentTypeError(f"expected RULE=RATE, got {text!r}")
    if name not in KINDS:
        raise argparse.ArgumentTypeError(f"unknown defect kind {name!r} (see the list at the end of --help)")
    return name, _rate(value)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sotay synth",
        description="Write a synthetic legacy member export (members + orgs) shaped like HCMC, with injected "
        "defects and the ground truth a checker must find. Everything is generated: no real people.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--members", type=_positive_int, default=None, help=f"number of members (default {HCMC_MEMBERS:,})"
    )
    parser.add_argument("--out", type=Path, required=True, help="output directory (created; files replaced)")
    parser.add_argument(
        "--format", choices=["csv", "xlsx"], default="csv", help="members file format (default csv)"
    )
    parser.add_argument(
        "--defect-rate", type=_rate, default=0.05, help="share of rows with an error defect (default 0.05)"
    )
    parser.add_argument(
        "--rate",
        type=_rule_rate,
        action="append",
        default=[],
        metavar="KIND=RATE",
        help="set one defect kind's rate (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1): same seed, same files")
    parser.add_argument(
        "--today", type=_day, default=None, help="reference date, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--wards", type=_positive_int, default=None, help="keep only the first K wards of each province"
    )
    parser.add_argument("--national", action="store_true", help="all 34 provinces (default members 5.6 M)")
    parser.add_argument(
        "--no-agencies", action="store_true", help="leave out the 5 province-level agency committees"
    )
    parser.add_argument("--clean", action="store_true", help="no defects and no damage at all")
    return parser


def main(argv: list[str]) -> int:
    """Entry point of ``sotay synth``; returns the exit code.

    Example:
        >>> main(["--members", "-5", "--out", "x"])  # prints the problem to stderr
        2
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return int(exc.code or 0)
    out: Path = args.out
    parent = out.resolve().parent
    probe = out if out.exists() else parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        print(
            f"sotay synth: cannot write to {out}: the directory is missing or not writable", file=sys.stderr
        )
        return 2
    try:
        config = SynthConfig(
            members=args.members or (NATIONAL_MEMBERS if args.national else HCMC_MEMBERS),
            seed=args.seed,
            today=args.today or date.today(),
            wards=args.wards,
            provinces=ALL_PROVINCES if args.national else SynthConfig().provinces,
            agencies=not args.no_agencies,
        )
        started = time.monotonic()
        big = config.members >= 200_000

        def progress(done: int, total: int) -> None:
            if big:
                rate = done / max(time.monotonic() - started, 1e-9)
                print(f"\r{done:,}/{total:,} members ({rate:,.0f}/s)", end="", file=sys.stderr, flush=True)

        path = write_legacy(
            config, out, fmt=args.format, defect_rate=args.defect_rate, rates=dict(args.rate),
            seed=args.seed, clean=args.clean, progress=progress,
        )  # fmt: skip
    except (ValueError, OSError) as exc:
        print(f"\nsotay synth: {exc}", file=sys.stderr)
        return 2
    if big:
        print(file=sys.stderr)
    print(f"wrote {path} and orgs.csv, truth_*.csv, expected_normalized.csv in {out}", file=sys.stderr)
    return 0
