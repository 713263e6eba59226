"""Benchmark: a whole HCMC-sized cleaning campaign through import, promotion and reconciliation.

Prints import rows/s, promotion and reconciliation time, and the review-queue page time for a unit
with at least 10,000 findings. Uses a fresh SQLite database in a temporary folder, or the PostgreSQL
database named by DATABASE_URL (it must be empty: the script migrates it).

    .venv/bin/python bench/campaign.py                       # 365,911 members, 173 units
    .venv/bin/python bench/campaign.py --members 40000       # a quicker run
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=365_911)
    parser.add_argument(
        "--queue-rows", type=int, default=14_000, help="rows of the messy unit file for the queue"
    )
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sotay-bench-campaign-"))
    os.environ.setdefault("SOTAY_DATA_DIR", str(work / "data"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sotay.settings"
    os.environ["SOTAY_DEBUG"] = "1"
    import django

    django.setup()
    import polars as pl
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from sotay.accounts.actions import create_user, grant_role
    from sotay.accounts.models import Role
    from sotay.campaign.actions import imports, promote
    from sotay.campaign.actions.campaigns import create_campaign
    from sotay.campaign.models import CampaignUnit, StepKind
    from sotay.site.demo import load_synth_orgs
    from sotay.synth import SynthConfig
    from sotay.synth.writer import write_legacy

    settings.MEDIA_ROOT = work / "media"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print(f"database: {connection.vendor}; work folder {work}")
    call_command("migrate", verbosity=0)
    today = datetime.date.today()
    config = SynthConfig(members=args.members, seed=args.seed, today=today)

    t = time.perf_counter()
    members_csv = write_legacy(config, work / "export", clean=True)
    print(f"synthetic export: {args.members:,} rows in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    orgs = load_synth_orgs(config)
    root = next(o for o in orgs.values() if o.parent_id is None)
    print(f"organisation tree: {len(orgs):,} nodes loaded in {time.perf_counter() - t:.1f} s")

    d = {StepKind.CLEAN: today, StepKind.MIGRATE: today, StepKind.SYNC: today}
    campaign = create_campaign(root=root, name="bench", deadlines=d, by=None, check_permission=False)
    units = {u.org.code: u for u in CampaignUnit.objects.filter(campaign=campaign).select_related("org")}
    print(f"campaign: {len(units)} units")

    frame = pl.read_csv(members_csv, infer_schema=False)
    frame = frame.with_columns(
        pl.col("Mã tổ chức").str.split(".").list.slice(0, 2).list.join(".").alias("_unit")
    )
    unit_files = []
    for (code,), part in frame.group_by(["_unit"]):
        path = work / "units" / f"{code}.csv"
        path.parent.mkdir(exist_ok=True)
        part.drop("_unit").with_columns(
            pl.Series("STT", [str(i) for i in range(1, part.height + 1)])
        ).write_csv(path)
        unit_files.append((units[str(code)], path, part.height))

    t = time.perf_counter()
    batches = []
    for unit, path, _ in unit_files:
        batches.append(imports.import_file(unit=unit, source=path, original_name=path.name, by=None).batch)
    imported = time.perf_counter() - t
    rows = sum(n for _, _, n in unit_files)
    print(
        f"import + check: {rows:,} rows in {imported:.1f} s = {rows / imported:,.0f} rows/s "
        f"({len(batches)} files)"
    )

    t = time.perf_counter()
    for batch in batches:
        promote.promote_batch(batch=batch, by=None)
    promoted = time.perf_counter() - t
    print(f"promotion to the registry: {promoted:.1f} s ({rows / promoted:,.0f} rows/s, re-check included)")

    t = time.perf_counter()
    unexplained = sum(promote.reconcile_batch(batch=b, by=None)["unexplained_count"] for b in batches)
    print(
        f"reconciliation 3.0 vs 4.0: {time.perf_counter() - t:.1f} s, {unexplained} unexplained differences"
    )

    # The review queue of one unit holding a messy file with many findings.
    unit = units[min(units)]
    messy = SynthConfig(members=args.queue_rows, wards=1, agencies=False, seed=args.seed + 1, today=today)
    messy_csv = write_legacy(messy, work / "messy", defect_rate=0.45, rates={"name_not_normalized": 0.4})
    batch = imports.import_file(unit=unit, source=messy_csv, original_name="messy.csv", by=None).batch
    findings = batch.findings.count()
    staff = create_user(by=None, username="bench", password="bench-password-123")
    grant_role(by=None, user=staff, role=Role.UNIT_STAFF, org=unit.org)
    client = Client()
    client.force_login(staff)
    timings: dict[str, list[float]] = {}
    rule = batch.findings.values_list("rule", flat=True).first()
    for label, url in (
        ("first page", f"/chien-dich/don-vi/{unit.pk}/hang-doi/"),
        ("one rule", f"/chien-dich/don-vi/{unit.pk}/hang-doi/?rule={rule}"),
        ("page 50", f"/chien-dich/don-vi/{unit.pk}/hang-doi/?page=50"),
    ):
        for _ in range(6):
            t = time.perf_counter()
            response = client.get(url)
            timings.setdefault(label, []).append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, response.status_code
    shown = ", ".join(f"{k} {statistics.median(v[1:]):.0f} ms" for k, v in timings.items())
    print(f"review queue with {findings:,} findings in the unit (median of 5): {shown}")
    print(f"peak RSS {_rss_mib():,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
