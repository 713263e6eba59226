import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.handbook.sync.feed import MAX_CURSOR, changes_after
from sotay.orgs.models import Org


class Command(BaseCommand):
    help = "print the handbook change log after a cursor, one JSON object per line (next cursor on stderr)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--after", type=int, required=True, help="cursor: print changes with a larger id")
        parser.add_argument(
            "--limit", type=int, default=1000, help="at most this many changes (default 1000)"
        )
        parser.add_argument(
            "--org",
            default="",
            help="organisation code: only its subtree, as its feed shows it (default: all)",
        )

    def handle(self, *args: Any, after: int, limit: int, org: str, **options: Any) -> None:
        if not 0 <= after <= MAX_CURSOR or limit < 1:
            raise CommandError(f"--after must be from 0 to {MAX_CURSOR} and --limit at least 1.")
        root = None
        if org:
            root = Org.objects.filter(code=org).first()
            if root is None:
                raise CommandError(f"No organisation with code {org!r}.")
        changes, following = changes_after(after, roots=[root] if root else None, limit=limit)
        for change in changes:
            self.stdout.write(json.dumps(change, ensure_ascii=False))
        # The command line is a trusted operator, but the read of personal data is still logged.
        record(
            actor=None,
            action=AuditAction.EXPORT,
            object_type="handbook_changes",
            org=root,
            summary=f"Xuất thay đổi Sổ tay sau #{after}: {len(changes)} dòng",
            changes={"cursor": [after, following]},
        )
        self.stderr.write(f"next: {following}")
