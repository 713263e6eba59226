from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sotay.dashboard.facts import refresh
from sotay.dashboard.synth import synth_activity
from sotay.orgs.models import Org


class Command(BaseCommand):
    help = "generate synthetic handbook adoption (accounts, sign-ins, registrations, codes) for the demo"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--root", default="", help="organisation code of the subtree (default: all)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, root: str = "", seed: int = 0, **options: Any) -> None:
        org = None
        if root:
            org = Org.objects.filter(code=root).first()
            if org is None:
                raise CommandError(f"Không có tổ chức mã «{root}».")
        done = synth_activity(root=org, seed=seed)
        run = refresh(full=True)
        self.stdout.write(
            f"{done.accounts} tài khoản, {done.registrations} đăng ký, {done.codes} mã; "
            f"số liệu: {run.branches} chi bộ"
        )
