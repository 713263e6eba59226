"""What one audited read costs to write: an audit row committed synchronously (as every change is) and
with `synchronous_commit = off` (as reads are, sotay.audit.log.record; ADR 0009), on the database that
DATABASE_URL names (PostgreSQL: run it against a cluster with fsync on, or the figure means nothing).

    DATABASE_URL=postgres://... .venv/bin/sotay migrate
    DATABASE_URL=postgres://... .venv/bin/python bench/audit_reads.py --rows 2000
"""

import argparse
import os
import statistics
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="audit rows per mode (default 2000)")
    args = parser.parse_args()
    django.setup()
    from django.db import connection

    from sotay.audit import log
    from sotay.audit.models import AuditAction, AuditEvent

    print(f"database: {connection.vendor}, {args.rows} rows per mode, one commit per row")
    for label, action in (
        ("change (synchronous commit)", AuditAction.UPDATE),
        ("read (asynchronous)", AuditAction.VIEW),
    ):
        times = []
        for i in range(args.rows):
            start = time.perf_counter()
            log.record(actor=None, action=action, object_type="bench", object_id=i, summary="bench")
            times.append(time.perf_counter() - start)
        times.sort()
        total = sum(times)
        p99 = times[int(len(times) * 0.99) - 1]
        print(
            f"{label:30} {args.rows / total:8.0f} rows/s   median {statistics.median(times) * 1000:.2f} ms"
            f"   p99 {p99 * 1000:.2f} ms"
        )
    AuditEvent.objects.filter(object_type="bench").delete()


if __name__ == "__main__":
    main()
