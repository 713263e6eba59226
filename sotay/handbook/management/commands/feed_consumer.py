from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.core.errors import ActionError
from sotay.handbook.models import CONSUMER_FIELDS, FeedConsumer
from sotay.handbook.sync.consumers import create_consumer, revoke_consumer
from sotay.orgs.models import Org


class Command(BaseCommand):
    help = (
        "accounts of other systems that read the handbook change feed: "
        "`create NAME --org CODE [--fields f1,f2]`, `revoke ID`, `list`"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["create", "revoke", "list"])
        parser.add_argument("name", nargs="?", default="", help="create: the system's name; revoke: its id")
        parser.add_argument("--org", default="", help="create: organisation code of the subtree it reads")
        parser.add_argument(
            "--fields",
            default=",".join(f for f in CONSUMER_FIELDS if f not in {"cccd", "phone", "card_number"}),
            help=f"create: payload fields granted, comma-separated, from {', '.join(CONSUMER_FIELDS)} "
            "(default: all but the identifiers cccd, phone, card_number)",
        )

    def handle(self, *args: Any, what: str, name: str, org: str, fields: str, **options: Any) -> None:
        if what == "list":
            for c in FeedConsumer.objects.select_related("root").order_by("id"):
                state = f"thu hồi {c.revoked_at:%d/%m/%Y}" if c.revoked_at else "đang dùng"
                self.stdout.write(f"{c.pk}\t{c.name}\t{c.root.code}\t{','.join(c.fields)}\t{state}")
            return
        if what == "revoke":
            consumer = FeedConsumer.objects.filter(pk=int(name)).first() if name.isdigit() else None
            if consumer is None:
                raise CommandError(f"No consumer account with id {name!r} (see `feed_consumer list`).")
            revoke_consumer(consumer=consumer, by=None)
            self.stdout.write(f"revoked {consumer.pk} {consumer.name}")
            return
        root = Org.objects.filter(code=org).first()
        if root is None:
            raise CommandError(f"No organisation with code {org!r}: give --org CODE.")
        try:
            consumer, token = create_consumer(
                name=name, root=root, fields=[f.strip() for f in fields.split(",") if f.strip()], by=None
            )
        except ActionError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"consumer {consumer.pk} {consumer.name} reads {root.code}: {','.join(consumer.fields)}"
        )
        self.stdout.write("token (shown once; send it as `Authorization: Bearer <token>`):")
        self.stdout.write(token)
