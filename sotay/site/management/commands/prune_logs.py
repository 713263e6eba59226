from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sotay.site.retention import prune_logs


class Command(BaseCommand):
    help = "delete audit-log and handbook change-log rows older than their retention (run daily)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--audit-days",
            type=int,
            default=settings.SOTAY_AUDIT_RETENTION_DAYS,
            help="keep audit rows this many days (default SOTAY_AUDIT_RETENTION_DAYS; 0 keeps all)",
        )
        parser.add_argument(
            "--changes-days",
            type=int,
            default=settings.SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS,
            help="keep handbook changes this many days (default SOTAY_HANDBOOK_CHANGES_RETENTION_DAYS)",
        )

    def handle(self, *args: Any, audit_days: int, changes_days: int, **options: Any) -> None:
        pruned = prune_logs(
            now=timezone.now(), audit_days=max(audit_days, 0), changes_days=max(changes_days, 0)
        )
        self.stdout.write(
            f"deleted {pruned.audit_events} audit rows and {pruned.handbook_changes} handbook changes"
        )
