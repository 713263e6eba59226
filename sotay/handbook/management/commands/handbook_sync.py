from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.handbook.sync.actions import sync_handbook
from sotay.orgs.models import Org


class Command(BaseCommand):
    help = "publish an organisation's subtree to the handbook (only the differences; safe to repeat)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="code of the organisation whose subtree to sync")

    def handle(self, *args: Any, org: str, **options: Any) -> None:
        root = Org.objects.filter(code=org).first()
        if root is None:
            raise CommandError(f"No organisation with code {org!r}.")
        run = sync_handbook(root=root, by=None)
        self.stdout.write(
            f"{root.code}: granted {run.granted}, updated {run.updated}, revoked {run.revoked}, "
            f"unchanged {run.unchanged}, rejected {run.rejected}; "
            f"cursor {run.cursor_before} → {run.cursor_after}"
        )
