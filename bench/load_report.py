"""Prints bench/load.py's figures (from bench/load_users.py's JSON) and checks issue 12's goals."""

from __future__ import annotations

from typing import Any

MEMBER_PAGES = ("home", "profile", "meeting", "check-in")
BASELINE = "login (no database)"


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def print_report(
    result: dict[str, Any],
    peaks: dict[int, int],
    loads: list[tuple[float, ...]],
    ratio_goal: float,
    p99_goal: float,
    p95_goal: float,
    last: dict[int, int] | None = None,
) -> None:
    last = last or {}
    members, secretaries, staff = result["users"]
    print(
        f"\nsimulated users: {members} members, {secretaries} secretaries, {staff} staff"
        f" (signed in: {result['signed_in']})"
    )
    print("\n== each page alone (capacity), next to the login page ==")
    print(f"{'page':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'× login':>8}")
    solo = result["solo"]
    base = solo[BASELINE]["rps"] or 1e-9
    for page, f in solo.items():
        print(
            f"{page:<26} {f['rps']:8.1f} {f['p50']:8.0f} {f['p99']:8.0f} {f['errors']:7d}"
            f" {f['rps'] / base:8.2f}"
        )
    print("\n== where each request's CPU went, pages alone (ms per request; from /proc, all processes) ==")
    print(f"{'page':<26} {'app':>8} {'database':>8} {'driver':>8} {'other':>8} {'total':>8}")
    for page, f in solo.items():
        cpu, n = f.get("cpu"), f.get("requests", 0)
        if not cpu or not n:
            continue
        parts = [cpu[k] * 1000 / n for k in ("app", "db", "driver", "other")]
        print(f"{page:<26} " + " ".join(f"{x:8.2f}" for x in parts) + f" {sum(parts):8.2f}")
    offered = result.get("offered", {})
    if offered:
        print(
            f"\nmix load: members offer {offered['target']:.1f} req/s"
            f" = {offered['fraction']:.2f} × the member"
            f" mix's capacity alone ({offered['capacity']:.1f} req/s), mean think {offered['think']:.2f} s;"
            f" secretaries 1.5 × that think time; staff back to back with a short think time"
        )
    where = "two pools (staff pages on the staff pool)" if result.get("pools") else "one pool"
    phases = [("staff off", result.get("mix_off") or {}), ("staff on", result["mix"])]
    phases.append(("staff on B", result.get("mix_b") or {}))
    for label, mix in phases:
        if not mix:
            continue
        rounds = result.get("rounds", 1)
        second = (
            "the members' load to the second members pool, --members-b"
            if result.get("b_pool") == "members"
            else "the second staff pool, --staff-b"
        )
        title = f"{label} ({second})" if label == "staff on B" else label
        print(
            f"\n== meeting-day mix, {title}, {where}, {result['mix_seconds']} s"
            + (f" in {rounds} rounds, alternating with the other mix" if rounds > 1 else "")
            + " =="
        )
        discarded = (result.get("discarded") or {}).get(f"mix:{label}")
        if discarded is not None:
            print(
                f"   ({discarded} requests of the warm-ups discarded: {result['warmup_seconds']} s before"
                " the first round, 2 s before each later one)"
                if rounds > 1
                else f"   ({discarded} requests of a {result['warmup_seconds']} s warm-up discarded first)"
            )
        print(f"{'page':<26} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
        for page, f in sorted(mix.items(), key=lambda kv: -kv[1]["requests"]):
            print(
                f"{page:<26} {f['requests']:8d} {f['rps']:8.1f} {f['p50']:8.0f} {f['p99']:8.0f}"
                f" {f['errors']:7d}"
            )
        total = sum(f["requests"] for f in mix.values())
        print(f"{'all':<26} {total:8d} {total / result['mix_seconds']:8.1f}")
    mix = result["mix"]
    off = result.get("mix_off") or {}
    mix_b = result.get("mix_b") or {}
    b = " → on, members on pool B ==" if result.get("b_pool") == "members" else " → on B =="
    print("\n== members' p99 (ms): staff load off → on" + (b if mix_b else " =="))
    for page in MEMBER_PAGES:
        before, after = off.get(page, {}).get("p99", float("nan")), mix.get(page, {}).get("p99", float("nan"))
        line = f"   {page:<12} {before:8.0f} → {after:8.0f}"
        if mix_b:
            line += f" → {mix_b.get(page, {}).get('p99', float('nan')):8.0f}"
        print(line)
    print_mix_cpu(result)
    print_pauses(result)
    print("\n== RSS per gunicorn worker: peak (VmHWM, sign-ins included) and at the end of the load ==")
    print("   (each sign-in hashes with Argon2id at 19 MiB, sotay/accounts/hashers.py: 4 threads signing in")
    print("    at once take ~80 MB more for the moment)")
    for pid, kb in sorted(peaks.items()):
        print(f"worker {pid:<8} peak {kb / 1024:6.0f} MB   end {last.get(pid, 0) / 1024:6.0f} MB")
    print(
        "load average (1, 5, 15 min) before / after the load: "
        + " / ".join(", ".join(f"{x:.2f}" for x in la) for la in loads)
    )
    print("\n== single user: p50 / p95 per page and level (ms) ==")
    slow = []
    for level, pages in result["single"].items():
        print(f"-- {level}")
        for page, f in pages.items():
            flag = "" if f["status"] == 200 else f"  (status {f['status']})"
            print(f"   {page:<30} {f['p50']:8.1f} {f['p95']:8.1f}{flag}")
            if f["p95"] > p95_goal:
                slow.append(f"{level} / {page} ({f['p95']:.0f} ms)")
    print("\n== goals (issue 12) ==")
    for page in MEMBER_PAGES:
        r = solo[page]["rps"] / base
        print(
            f"{_verdict(r >= ratio_goal)}  {page}: alone {r:.2f} × the login page's throughput"
            f" (goal ≥ {ratio_goal})"
        )
    for page in MEMBER_PAGES:
        f = mix.get(page, {"p99": float("inf"), "errors": 0})
        print(
            f"{_verdict(f['p99'] <= p99_goal)}  {page}: p99 {f['p99']:.0f} ms in the mix with staff load"
            f" (goal ≤ {p99_goal:.0f} ms)"
        )
    worst = max((mix.get(page, {}).get("p99", float("inf")) for page in MEMBER_PAGES), default=float("inf"))
    print(
        f"{_verdict(worst <= p99_goal)}  staff pages never push member p99 above {p99_goal:.0f} ms"
        f" ({where}: worst member p99 with staff load {worst:.0f} ms)"
    )
    errors = {page: f["errors"] for page, f in mix.items() if f["errors"]}
    for page, f in off.items():
        errors[page] = errors.get(page, 0) + f["errors"]
        if not errors[page]:
            del errors[page]
    for page, f in [*off.items(), *mix.items()]:
        for message in f.get("messages", []):
            print(f"      {page}: {message}")
    print(f"{_verdict(not errors)}  errors in the mix: {sum(errors.values())} {errors or ''}")
    print(
        f"{_verdict(not slow)}  single user, every page p95 ≤ {p95_goal:.0f} ms"
        + (f": over it: {'; '.join(slow)}" if slow else "")
    )


def print_mix_cpu(result: dict[str, Any]) -> None:
    """The cores each mix kept busy: what the staff load costs, in CPU, next to the mix without it."""
    cpu, seconds = result.get("mix_cpu") or {}, result["mix_seconds"]
    if not cpu or not seconds:
        return
    groups = ("app", "db", "driver", "other")
    print("\n== cores busy during the mixes (CPU seconds / the mix's seconds; from /proc, all processes) ==")
    print(f"{'mix':<26} " + " ".join(f"{g:>8}" for g in ("app", "database", "driver", "other", "total")))
    for label, parts in cpu.items():
        cores = [parts.get(g, 0.0) / seconds for g in groups]
        print(f"{label:<26} " + " ".join(f"{c:8.2f}" for c in cores) + f" {sum(cores):8.2f}")


def pauses_in(record: dict[str, Any], windows: list[list[float]]) -> dict[str, float]:
    """One worker's garbage-collection pauses (bench/gc_probe.py) that began inside the measured windows:
    count and longest by generation (generation 0 only those over 2 ms), and the total."""
    out = {"g1": 0.0, "g2": 0.0, "g1_max": 0.0, "g2_max": 0.0, "g0_long": 0.0, "total_ms": 0.0}
    for start, gen, ms in record.get("pauses", []):
        if not any(a <= start <= b for a, b in windows):
            continue
        out["total_ms"] += ms
        if gen == 0:
            out["g0_long"] += 1
        else:
            out[f"g{gen}"] += 1
            out[f"g{gen}_max"] = max(out[f"g{gen}_max"], ms)
    return out


def print_pauses(result: dict[str, Any]) -> None:
    """Where a tail latency may come from besides the server's work: the app workers' garbage-collection
    pauses, and the load driver's own delays (it shares the cores and times the answers)."""
    windows, workers, driver = result.get("windows", {}), result.get("gc", {}), result.get("driver", {})
    phases = [p for p in ("mix:staff off", "mix:staff on", "mix:staff on B") if p in windows]
    if not phases:
        return
    print("\n== pauses during the mixes: app workers' garbage collections (bench/gc_probe.py), the driver ==")
    print(f"{'':<26} {'gen 1':>6} {'longest':>8} {'gen 2':>6} {'longest':>8} {'gen 0>2ms':>9} {'all ms':>7}")
    for phase in phases:
        for pool in sorted({name.split("-", 1)[0] for name in workers}):
            rows = [pauses_in(r, windows[phase]) for n, r in workers.items() if n.startswith(pool + "-")]
            print(
                f"{phase[4:] + ', ' + pool + ' pool':<26}"
                f" {sum(r['g1'] for r in rows):6.0f} {max(r['g1_max'] for r in rows):8.1f}"
                f" {sum(r['g2'] for r in rows):6.0f} {max(r['g2_max'] for r in rows):8.1f}"
                f" {sum(r['g0_long'] for r in rows):9.0f} {sum(r['total_ms'] for r in rows):7.0f}"
            )
    for phase in phases:
        d = driver.get(phase)
        if d:
            print(
                f"   driver, {phase[4:]}: event loop late by p50 {d['lag_p50']:.1f} / p99 {d['lag_p99']:.1f}"
                f" / max {d['lag_max']:.1f} ms; {d['gc_count']} collections, longest {d['gc_max']:.1f} ms"
            )
