from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.accounts.actions import grant_role
from sotay.accounts.models import Role, User
from sotay.core.errors import ActionError
from sotay.orgs.models import Org


class Command(BaseCommand):
    help = "give an account a role at an organisation (the first system administrator: sysadmin at the root)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("org", help="code (Mã tổ chức) of the organisation the role is held at")

    def handle(self, *args: Any, username: str, role: str, org: str, **options: Any) -> None:
        user = User.objects.filter(username=username).first()
        node = Org.objects.filter(code=org).first()
        if user is None or node is None:
            raise CommandError(f"No account {username!r}." if user is None else f"No organisation {org!r}.")
        try:
            grant_role(by=None, user=user, role=role, org=node)
        except ActionError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(f"{username}: {Role(role).label} tại {node.code}")
