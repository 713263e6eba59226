"""Benchmark: the member list's search box on a loaded registry (the national one), per query kind, at the
root, a ward and a branch, through the whole page (Django's test client, in process), next to the login
page (no database) timed in the same run.

    DATABASE_URL=postgres://sotay@127.0.0.1:5591/sotay .venv/bin/python bench/member_search_live.py \
        [--baseline DIR] [--rounds 3] [--repeat 5]

`--baseline DIR`: a checkout of the code to compare with (`mkdir DIR && git archive main sotay | tar -x
-C DIR`); rounds alternate between it and this code, each in a child process on the same database, so
both see the same load. Needs the bench's level accounts (`bench-level-root`, `-ward`, `-branch`, made
by bench/load.py). Each search writes one audit row (as the page does). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEVELS = {"root": "bench-level-root", "ward": "bench-level-ward", "branch": "bench-level-branch"}
# What people type into the search box, by kind. `{cccd}` and `{card}` are a member of the branch's
# (so inside every level's subtree).
KINDS = {
    "surname (nguyen)": "nguyen",
    "surname with marks (Trần)": "Trần",
    "name prefix (nguyen van)": "nguyen van",
    "given name (hùng)": "hùng",
    "given name, no marks (hung)": "hung",
    "two middle words (van hung)": "van hung",
    "given then middle (hung van)": "hung van",
    "very common word (thi)": "thi",
    "rare word (trieu)": "trieu",
    "one letter (h)": "h",
    "two letters (ng)": "ng",
    "CCCD (12 digits)": "{cccd}",
    "card number (8 digits)": "{card}",
    "garbage (zzzz)": "zzzz",
    "garbage (%)": "%",
    "garbage (_)": "_",
    "garbage (quotes)": "'\" nguyen'",
    "garbage (300 chars)": "xq" * 150,
}
LOGIN = "login page (no database)"


def child(repeat: int) -> None:
    """Time every kind at every level in this process; print the times as JSON."""
    if not os.environ.get("BENCH_BASELINE"):
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from sotay.accounts.models import RoleAssignment
    from sotay.members.models import Member

    settings.ALLOWED_HOSTS = ["*"]
    users = get_user_model().objects.filter(username__in=LEVELS.values())
    clients: dict[str, Client] = {}
    for level, name in LEVELS.items():
        clients[level] = Client()
        clients[level].force_login(users.get(username=name))
    branch = RoleAssignment.objects.filter(user__username=LEVELS["branch"]).values_list("org", flat=True)[0]
    sample = Member.objects.filter(org_id=branch, card_number__isnull=False).order_by("pk").first()
    assert sample, "the branch has a member with a card"
    values = {"cccd": sample.cccd, "card": sample.card_number}
    anonymous = Client()
    times: dict[str, list[float]] = {}

    def timed(key: str, client: Client, url: str, params: dict[str, str]) -> None:
        start = time.perf_counter()
        response = client.get(url, params)
        times.setdefault(key, []).append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (key, response.status_code)

    anonymous.get("/dang-nhap/")  # the first request loads templates and the static manifest
    for client in clients.values():
        client.get("/dang-vien/", {"q": "an"})
    for _ in range(repeat):
        for kind, text in KINDS.items():
            timed(LOGIN, anonymous, "/dang-nhap/", {})
            for level, client in clients.items():
                timed(f"{kind}|{level}", client, "/dang-vien/", {"q": text.format(**values)})
    print(json.dumps(times))


def p95(xs: list[float]) -> float:
    return sorted(xs)[round(0.95 * (len(xs) - 1))]


def run(code: str, repeat: int) -> dict[str, list[float]]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sotay.settings"}
    if code:
        env |= {"PYTHONPATH": code, "BENCH_BASELINE": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--repeat", str(repeat)],
        env=env,
        cwd=code or ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", default="", help="a checkout of the code before (git archive main sotay)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each one child process per code")
    parser.add_argument("--repeat", type=int, default=5, help="requests per query and level in a round")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.repeat)
        return 0
    codes = {"before": args.baseline, "after": ""} if args.baseline else {"after": ""}
    merged: dict[str, dict[str, list[float]]] = {label: {} for label in codes}
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    for _ in range(args.rounds):
        for label, code in codes.items():
            for key, xs in run(code, args.repeat).items():
                merged[label].setdefault(key, []).extend(xs)
    print("load average after: ", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    n = args.rounds * args.repeat
    print(f"p50 / p95 ms, {n} requests each ({args.rounds} rounds × {args.repeat})")
    header = f"{'query':30s} {'level':6s} " + " ".join(f"{label + ' p50/p95':>16s}" for label in codes)
    print(header)
    logins = " ".join(
        f"{statistics.median(merged[c][LOGIN]):7.1f}/{p95(merged[c][LOGIN]):<8.1f}" for c in codes
    )
    print(f"{LOGIN:37s} {logins}")
    for kind in KINDS:
        for level in LEVELS:
            key = f"{kind}|{level}"
            cells = " ".join(
                f"{statistics.median(merged[c][key]):7.1f}/{p95(merged[c][key]):<8.1f}" for c in codes
            )
            print(f"{kind:30s} {level:6s} {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
