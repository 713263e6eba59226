import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sotay.members.counts import recount


class Command(BaseCommand):
    help = (
        "recompute the per-organisation member counts from the member table and report any drift "
        "(run nightly; exits 1 when a count was wrong)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="also correct the rows that drifted")

    def handle(self, *args: Any, repair: bool, **options: Any) -> None:
        drift = recount(repair=repair)
        for d in drift[:50]:
            if d.wrong_path and d.stored == d.actual:
                self.stdout.write(
                    f"org {d.org_id} {d.status}: the row's copy of the organisation's path is stale"
                )
                continue
            self.stdout.write(
                f"org {d.org_id} {d.status}: stored {d.stored[0]} ({d.stored[1]} in transit), "
                f"actual {d.actual[0]} ({d.actual[1]} in transit)"
            )
        if not drift:
            self.stdout.write("member counts match the registry")
            return
        self.stdout.write(f"{len(drift)} count rows drifted" + ("; repaired" if repair else ""))
        if not repair:
            sys.exit(1)
