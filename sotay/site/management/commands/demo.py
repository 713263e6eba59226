from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from sotay.handbook import demo as handbook_demo
from sotay.site.demo import DEMO_PASSWORD, demo_accounts, demo_file_path, demo_loaded, load_demo


class Command(BaseCommand):
    help = "load a synthetic demo Đảng bộ with one account per role (once), and print the accounts"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1500, help="members to generate (default 1500)")
        parser.add_argument("--wards", type=int, default=3, help="ward committees to generate (default 3)")
        parser.add_argument("--url", default="http://127.0.0.1:8000/", help="where the app will be served")

    def handle(self, *args: Any, members: int, wards: int, url: str, **options: Any) -> None:
        if members < 1 or wards < 1:
            self.stderr.write("--members and --wards must be at least 1.")
            raise SystemExit(2)
        if demo_loaded():
            self.stdout.write("Demo data is already loaded.")
        else:
            self.stdout.write(f"Loading the demo Đảng bộ ({members} synthetic members)…")
            load_demo(members=members, wards=wards)
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for account in demo_accounts():
            self.stdout.write(f"  {account.username:<18} {account.role} — {account.where}")
        self.stdout.write("")
        self.stdout.write("\n".join(handbook_demo.describe()))
        self.stdout.write(
            "A cleaning campaign is running. Sign in as bantochuc.phuong, open Chiến dịch, "
            "and upload the ward's "
            f"messy 3.0 export: {demo_file_path()}"
        )
        if settings.SOTAY_STAFF_2FA:
            self.stdout.write(
                "Staff two-factor sign-in is ON (SOTAY_STAFF_2FA): unit staff and administrators enrol an "
                "authenticator app at their first sign-in."
            )
        else:
            self.stdout.write(
                "Staff two-factor sign-in is OFF for the demo (SOTAY_STAFF_2FA=0), so every role opens with "
                "the password above. Production turns it on."
            )
        self.stdout.write(f"Open {url} and sign in.")
