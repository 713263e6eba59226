"""Speed of `sotay check` on synthetic exports: HCMC (366k rows) and national (5.6 M rows).

Each check runs as its own `sotay check` process, so wall time includes start-up and every output file
(report.xlsx too), and peak RSS is that process's own (os.wait4). In the same run the DuckDB floor is
measured on the same CSV: `SELECT count(*)` and one `lower()` over a column, i.e. the least any tool
must spend reading the file.

Targets (2 shared cores): 366k rows <= 20 s, 5.6 M rows <= 4 min, peak RSS <= 6 GiB.

The HCMC file is also checked as an .xlsx workbook made from the same CSV (`check_quality.to_workbook`:
plain digits as numbers, the rest text; cached beside the CSV), to time the Excel path. The national file
does not fit in one sheet (Excel's limit is 1,048,576 rows).

    .venv/bin/python bench/check_speed.py                    # HCMC only
    .venv/bin/python bench/check_speed.py --sizes hcmc national
"""

import argparse
import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"hcmc": 365_911, "national": 5_600_000}
TARGETS = {"hcmc": 20.0, "national": 240.0}
RSS_TARGET_GIB = 6.0
TODAY = dt.date(2026, 3, 1)


def generate(name: str, folder: Path) -> Path:
    """Synthetic export with the default defect rates (cached in `folder`)."""
    members = folder / "members.csv"
    if members.exists():
        return members
    from sotay.synth.config import SynthConfig
    from sotay.synth.writer import write_legacy

    config = SynthConfig(today=TODAY) if name == "hcmc" else SynthConfig.national(today=TODAY)
    started = time.monotonic()
    print(f"generating {name} ({config.members:,} members) in {folder} ...", flush=True)
    write_legacy(config, folder)
    print(f"  generated in {time.monotonic() - started:.0f} s", flush=True)
    return members


def _rss_gib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return 0.0


def run(argv: list[str]) -> tuple[float, float, float, int]:
    """Run a command; return (wall seconds, CPU seconds, peak RSS GiB, exit status).

    The command's progress lines (stderr) mark its phases; RSS is sampled every 0.2 s and the peak of
    each phase is printed, to show where the memory goes.
    """
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    phases: list[list[object]] = [["start-up and reading", 0.0, started]]
    lock = threading.Lock()

    def read_progress() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            with lock:
                phases.append([line.strip(), 0.0, time.monotonic()])

    def sample() -> None:
        while proc.poll() is None:
            rss = _rss_gib(proc.pid)
            with lock:
                phases[-1][1] = max(float(phases[-1][1]), rss)  # type: ignore[arg-type]
            time.sleep(0.2)

    threads = [threading.Thread(target=read_progress), threading.Thread(target=sample)]
    for thread in threads:
        thread.start()
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    for thread in threads:
        thread.join()
    if proc.returncode:
        print(output)
    else:
        print("  " + "\n  ".join(output.strip().splitlines()[-14:]))
    print("  phases (seconds from start, peak RSS seen while in the phase):")
    for text, rss, at in phases:
        print(f"    {float(at) - started:6.1f} s  {float(rss):5.2f} GiB  {text}")  # type: ignore[arg-type]
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024**2, proc.returncode  # ru_maxrss is in KiB on Linux


FLOOR = """
import sys, time, duckdb
path = sys.argv[1]
con = duckdb.connect()
con.execute("SET enable_progress_bar = false")
t = time.monotonic()
n = con.execute("SELECT count(*) FROM read_csv(?, all_varchar = true)", [path]).fetchone()[0]
t_count = time.monotonic() - t
t = time.monotonic()
con.execute('SELECT count(lower("Họ và tên")) FROM read_csv(?, all_varchar = true)', [path]).fetchone()
print(f"{n} {t_count:.2f} {time.monotonic() - t:.2f}")
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["hcmc"])
    parser.add_argument("--data", type=Path, default=ROOT / "var" / "bench", help="cache of generated files")
    parser.add_argument("--no-excel", action="store_true", help="skip the Excel path on the HCMC file")
    args = parser.parse_args(argv)
    sotay = str(Path(sys.executable).parent / "sotay")
    for name in args.sizes:
        folder = args.data / name
        members = generate(name, folder)
        rows = sum(1 for _ in members.open("rb")) - 1
        size_mb = members.stat().st_size / 1e6
        print(f"\n== {name}: {members} ({size_mb:,.0f} MB, about {rows:,} lines)")
        floor = subprocess.run([sys.executable, "-c", FLOOR, str(members)], capture_output=True, text=True)
        n, t_count, t_lower = floor.stdout.split()
        print(f"DuckDB floor: count(*) {t_count} s, lower(Họ và tên) {t_lower} s over {int(n):,} rows")
        out = args.data / f"out-{name}"
        command = [sotay, "check", str(members), "--orgs", str(folder / "orgs.csv"), "--out", str(out)]
        load = os.getloadavg()[0]
        wall, cpu, rss, status = run([*command, "--today", TODAY.isoformat()])
        ok = status == 0 and wall <= TARGETS[name] and rss <= RSS_TARGET_GIB
        print(
            f"sotay check: {wall:.1f} s wall ({cpu:.1f} s CPU; load average {load:.1f} on 2 cores at start), "
            f"peak RSS {rss:.2f} GiB, {int(n) / wall:,.0f} rows/s "
            f"(target {TARGETS[name]:.0f} s, {RSS_TARGET_GIB:.0f} GiB): {'ok' if ok else 'MISSED'}"
        )
        if name == "hcmc" and not args.no_excel:
            workbook = folder / "members.xlsx"
            if not workbook.exists():
                sys.path.insert(0, str(Path(__file__).parent))
                from check_quality import to_workbook

                started = time.monotonic()
                to_workbook(members, workbook, titled=False)
                print(f"(wrote {workbook.name} in {time.monotonic() - started:.0f} s)")
            command[2] = str(workbook)
            load = os.getloadavg()[0]
            wall, cpu, rss, status = run([*command, "--today", TODAY.isoformat()])
            print(
                f"sotay check (Excel path, {workbook.stat().st_size / 1e6:,.0f} MB .xlsx): {wall:.1f} s wall "
                f"({cpu:.1f} s CPU; load average {load:.1f} at start), peak RSS {rss:.2f} GiB, "
                f"{int(n) / wall:,.0f} rows/s, status {status}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
