"""The top levels' staff pages timed in-process: this code's member-count functions against a
baseline's (`git show REF:sotay/members/counts.py`, default main), interleaved, next to the login page.

    DATABASE_URL=postgres://sotay@127.0.0.1:5591/sotay .venv/bin/python bench/city_pages.py 20 [REF] \
        [--level nation|root] [--no-cache]

Needs the bench's staff account `bench-level-LEVEL` (bench/load.py: `root` is a province, `nation` the
Trung ương root of a national registry); the pages are those of the organisation of its role.
--no-cache times every sum (SOTAY_COUNT_CACHE_SECONDS = 0): what a page costs when its kept sum expired.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from types import ModuleType

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

import sotay.members.counts as current  # noqa: E402
import sotay.members.tree as tree  # noqa: E402
import sotay.members.views as member_views  # noqa: E402
import sotay.site.views as site_views  # noqa: E402


def pages(pk: int) -> list[tuple[str, str]]:
    return [
        ("login (no database)", "/dang-nhap/"),
        ("home", "/"),
        ("org tree", "/to-chuc/"),
        ("org children", f"/to-chuc/{pk}/truc-thuoc/"),
        ("member list", f"/dang-vien/?org={pk}"),
        ("member list, letter T", f"/dang-vien/?org={pk}&letter=T"),
    ]


def baseline(ref: str) -> ModuleType:
    src = subprocess.run(
        ["git", "show", f"{ref}:sotay/members/counts.py"], check=True, capture_output=True, text=True
    )
    path = os.path.join(tempfile.mkdtemp(), "baseline_counts.py")
    with open(path, "w") as f:
        f.write(src.stdout)
    spec = importlib.util.spec_from_file_location("baseline_counts", path)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_counts"] = module
    spec.loader.exec_module(module)
    return module


def use(counts: ModuleType) -> None:
    tree.active_by_child = counts.active_by_child  # type: ignore[attr-defined]
    tree.subtree_totals = counts.subtree_totals  # type: ignore[attr-defined]  (the tree's root rows)
    member_views.subtree_totals = counts.subtree_totals  # type: ignore[attr-defined]
    site_views.subtree_totals = counts.subtree_totals  # type: ignore[attr-defined]


def p95(xs: list[float]) -> float:
    return sorted(xs)[round(0.95 * (len(xs) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("rounds", type=int, nargs="?", default=20)
    parser.add_argument("ref", nargs="?", default="main", help="the baseline's commit (default main)")
    parser.add_argument("--level", default="root", help="bench-level-LEVEL's pages (root, nation)")
    parser.add_argument("--no-cache", action="store_true", help="every sum computed (no kept sums)")
    args = parser.parse_args()
    old = baseline(args.ref)
    settings.ALLOWED_HOSTS = ["*"]
    if args.no_cache:
        settings.SOTAY_COUNT_CACHE_SECONDS = 0
    user = get_user_model().objects.get(username=f"bench-level-{args.level}")
    from sotay.accounts.models import RoleAssignment

    org = RoleAssignment.objects.filter(user=user).values_list("org_id", flat=True).first()
    assert org is not None, f"bench-level-{args.level} has no role"
    staff, anon = Client(), Client()
    staff.force_login(user)
    print(f"level {args.level} (organisation {org}), cache {'off' if args.no_cache else 'on'}")
    print("load average before:", os.getloadavg())
    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.rounds):
        for mode, counts in (("old", old), ("new", current)):
            use(counts)
            for name, url in pages(org):
                client = anon if url == "/dang-nhap/" else staff
                start = time.perf_counter()
                response = client.get(url)
                times.setdefault((name, mode), []).append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
    print(f"{'page':24s} {'old p50':>8s} {'old p95':>8s} {'new p50':>8s} {'new p95':>8s}")
    for name, _ in pages(org):
        o, n = times[(name, "old")], times[(name, "new")]
        row = [statistics.median(o), p95(o), statistics.median(n), p95(n)]
        print(f"{name:24s} " + " ".join(f"{x:8.1f}" for x in row))
    print("load average after:", os.getloadavg())


if __name__ == "__main__":
    main()
