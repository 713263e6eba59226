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
    for label, mix in phases:
        if not mix:
            continue
        rounds = result.get("rounds", 1)
        print(
            f"\n== meeting-day mix, {label}, {where}, {result['mix_seconds']} s"
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
    print("\n== members' p99 (ms): staff load off → on ==")
    for page in MEMBER_PAGES:
        before, after = off.get(page, {}).get("p99", float("nan")), mix.get(page, {}).get("p99", float("nan"))
        print(f"   {page:<12} {before:8.0f} → {after:8.0f}")
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
