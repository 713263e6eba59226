"""Benchmark: issue activation codes for every branch of a 3,000-member ward, and render one branch's sheet.

Uses a fresh SQLite database in a temporary folder. Prints seconds; asserts nothing.

    .venv/bin/python bench/activation.py                  # 3,000 members in 30 branches
    .venv/bin/python bench/activation.py --members 6000 --branches 40
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--branches", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sotay-bench-activation-"))
    os.environ["SOTAY_DATA_DIR"] = str(work)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sotay.settings"
    os.environ["SOTAY_DEBUG"] = "1"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory

    call_command("migrate", verbosity=0)
    from sotay.accounts.actions import create_user, grant_role
    from sotay.accounts.activation import eligible_members, issue_activation_codes
    from sotay.accounts.models import Role
    from sotay.accounts.views.activation import _sheet, qr_svg
    from sotay.handbook.sync.actions import sync_handbook
    from sotay.members.models import Member
    from sotay.orgs.models import OrgType
    from tests import factories

    ward = factories.org("79.P9", OrgType.DANG_BO_PHUONG, factories.org("79", OrgType.DANG_BO_TINH, None))
    unit = factories.org("79.P9.U1", OrgType.DANG_BO_CO_SO, ward)
    branches = [factories.org(f"79.P9.U1.B{i}", OrgType.CHI_BO, unit) for i in range(args.branches)]
    start = time.perf_counter()
    for n in range(args.members):
        factories.member(branches[n % len(branches)], birth_date=datetime.date(1950 + n % 50, 1 + n % 12, 1))
    print(f"setup: {args.members} members in {time.perf_counter() - start:.1f}s")
    sync_handbook(root=ward, by=None)
    staff = create_user(by=None, username="bench", password="x" * 12)
    grant_role(by=None, user=staff, role=Role.UNIT_STAFF, org=ward)

    start = time.perf_counter()
    slips = {}
    for branch in branches:
        slips[branch.pk] = issue_activation_codes(branch=branch, members=eligible_members(branch), by=staff)
    issued = sum(len(s) for s in slips.values())
    print(f"issue: {issued} codes for {len(branches)} branches in {time.perf_counter() - start:.2f}s")

    request = RequestFactory().post("/", HTTP_HOST="127.0.0.1")
    request.user = staff
    request.session = {}  # type: ignore[assignment]
    from django.contrib.messages.storage.fallback import FallbackStorage

    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    start = time.perf_counter()
    sheet = slips[branches[0].pk]
    # The first page a process renders pays for imports and template compilation (seconds on a busy
    # machine): render a one-slip sheet first, so the figure is the sheet's own cost.
    start = time.perf_counter()
    _sheet(request, branches[1], slips[branches[1].pk][:1])  # type: ignore[arg-type]
    print(f"warm-up: first page of the process in {time.perf_counter() - start:.2f}s")
    start = time.perf_counter()
    response = _sheet(request, branches[0], sheet)  # type: ignore[arg-type]
    print(
        f"sheet: {len(sheet)} slips rendered in {time.perf_counter() - start:.2f}s "
        f"({len(response.content) // 1024} KiB); members in registry: {Member.objects.count()}"
    )
    # Baseline, same run: segno's defaults (all eight masks scored, its SVG writer) for the same URLs.
    import segno

    base = request.build_absolute_uri("/kich-hoat/")
    start = time.perf_counter()
    for s in sheet:
        segno.make(f"{base}?ma={s.code}", error="m").svg_inline(scale=3)
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    for s in sheet:
        qr_svg(f"{base}?ma={s.code}")
    ours = time.perf_counter() - start
    print(
        f"QR per slip: {ours / len(sheet) * 1000:.1f} ms (qr_svg) vs {baseline / len(sheet) * 1000:.1f} ms "
        "(segno defaults, baseline)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
