from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.campaign.actions.imports import ImportRefused, import_file
from sotay.campaign.models import CampaignUnit


class Command(BaseCommand):
    help = (
        "import a unit's legacy export (CSV/XLSX) into its campaign review queue (all-or-nothing, idempotent)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="members file in the legacy 3.0 layout (.csv UTF-8, .xlsx, .xls or .ods)"
        )
        parser.add_argument(
            "--org", required=True, help="code (Mã tổ chức) of the campaign unit the file belongs to"
        )
        parser.add_argument(
            "--campaign", type=int, help="campaign id (default: the newest campaign with that unit)"
        )
        parser.add_argument(
            "--sheet", help="sheet of a workbook to import (default: the sheet holding the members header)"
        )

    def handle(
        self, *args: Any, file: Path, org: str, campaign: int | None, sheet: str | None = None, **options: Any
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file} does not exist or is not a file.")
        units = CampaignUnit.objects.filter(org__code=org).select_related("campaign", "org")
        if campaign is not None:
            units = units.filter(campaign_id=campaign)
        unit = units.order_by("-campaign__created_at").first()
        if unit is None:
            raise CommandError(
                f"No campaign has a unit with code {org!r}. Create the campaign first (web: Chiến dịch), "
                "or check the code with `sotay manage shell`."
            )
        try:
            outcome = import_file(unit=unit, source=file, original_name=file.name, by=None, sheet=sheet)
        except ImportRefused as exc:
            raise CommandError(f"{file.name} was not imported: {exc.message_en}") from None
        batch = outcome.batch
        if not outcome.created:
            self.stdout.write(
                f"{file.name} was already imported for {unit.org.name} (batch {batch.pk}); nothing changed."
            )
            return
        errors = batch.findings.filter(severity="error").count()
        warnings = batch.findings.filter(severity="warning").count()
        self.stdout.write(
            f"Imported {batch.rows} rows for {unit.org.name} "
            f"(campaign «{unit.campaign.name}», batch {batch.pk}): "
            f"{errors} errors, {warnings} warnings, {batch.pairs.count()} probable duplicate pairs to review."
        )
