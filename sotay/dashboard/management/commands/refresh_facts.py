from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from sotay.dashboard.facts import refresh


class Command(BaseCommand):
    help = "recompute the dashboard's per-branch facts (only changed branches, or --full)"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--full", action="store_true", help="rewrite every branch, not only changed ones")

    def handle(self, *args: Any, full: bool = False, **options: Any) -> None:
        run = refresh(full=full)
        took = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
        self.stdout.write(f"{run.get_kind_display()}: {run.branches} chi bộ, {took:.1f} s")
