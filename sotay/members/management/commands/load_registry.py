import csv
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay.core.errors import ActionError
from sotay.members.actions.load import error_rows, load_registry
from sotay.orgs.actions import OrgRow
from sotay.orgs.legacy import LEGACY_KIND_TO_TYPE
from sotay.orgs.models import Org
from sotay.pipeline import InputError, check_file

ORG_COLUMNS = ("Mã tổ chức", "Tên tổ chức", "Mã cấp trên", "Loại")


def read_orgs(path: Path) -> list[OrgRow]:
    """The organisations file (legacy-format.md §2) as rows; CommandError for a file a person must fix."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in ORG_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"{path.name}: missing column(s) {', '.join(missing)}.")
            rows = []
            for n, line in enumerate(reader, start=1):
                kind = (line["Loại"] or "").strip()
                if kind not in LEGACY_KIND_TO_TYPE:
                    raise CommandError(f"{path.name}, row {n}: unknown organisation type «{kind}».")
                rows.append(
                    OrgRow(
                        code=(line["Mã tổ chức"] or "").strip(),
                        name=" ".join((line["Tên tổ chức"] or "").split()),
                        parent_code=(line["Mã cấp trên"] or "").strip(),
                        type=LEGACY_KIND_TO_TYPE[kind],
                    )
                )
    except UnicodeDecodeError:
        raise CommandError(f"{path.name} is not UTF-8 text.") from None
    return rows


class Command(BaseCommand):
    help = (
        "load a checked legacy export and its organisations file into the registry "
        "(all-or-nothing; re-running updates, never duplicates)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", type=Path, help="members file (legacy 3.0 layout: .csv, .xlsx, .xls, .ods)"
        )
        parser.add_argument(
            "--orgs", type=Path, required=True, help="organisations file (CSV, legacy layout)"
        )
        parser.add_argument("--sheet", help="sheet of a workbook that holds the members (default: found)")
        parser.add_argument(
            "--report", type=Path, help="folder for the checker's findings (default: FILE's name + .report)"
        )
        parser.add_argument(
            "--only-clean",
            action="store_true",
            help="load the rows without checker errors, leave the rest out",
        )
        parser.add_argument("--batch", type=int, default=10_000, help="rows per batch (one audit row each)")
        parser.add_argument(
            "--under",
            metavar="CODE",
            help="an organisation already in the registry (the Trung ương root of a national registry) "
            "that the file's top organisations (empty «Mã cấp trên») go under",
        )

    def handle(self, *args: Any, file: Path, orgs: Path, sheet: str | None, report: Path | None,
               only_clean: bool, batch: int, under: str | None, **options: Any) -> None:  # fmt: skip
        for path in (file, orgs):
            if not path.is_file():
                raise CommandError(f"{path} does not exist or is not a file.")
        if under is not None and not Org.objects.filter(code=under.strip()).exists():
            raise CommandError(f"--under: no organisation with the code «{under.strip()}» in the registry.")
        report = report or file.with_name(file.name + ".report")
        started = time.perf_counter()
        try:
            result = check_file(
                file, orgs, report, keep_raw=True, report=False, duplicates=False, sheet=sheet,
                progress=lambda line: self.stderr.write(f"  {line}"),
            )  # fmt: skip
        except InputError as exc:
            raise CommandError(f"{exc.message_vi}\n({exc.message})") from None
        checked = time.perf_counter()
        self.stdout.write(f"checked {result.rows:,} rows in {checked - started:.1f} s")
        bad = error_rows(result)
        if bad and not only_clean:
            raise CommandError(
                f"{len(bad):,} of {result.rows:,} rows have checker errors ({result.errors:,} errors); "
                f"nothing was loaded. The findings are in {result.paths.get('findings', report)}. "
                "Fix the file, or load only the clean rows with --only-clean."
            )
        org_rows = read_orgs(orgs)
        if under is not None:  # the file's roots go under an organisation the registry holds
            org_rows = [r if r.parent_code else replace(r, parent_code=under.strip()) for r in org_rows]
        try:
            done = load_registry(
                result=result, org_rows=org_rows, by=None, source=file.name, only_clean=only_clean,
                batch=batch, progress=lambda line: self.stderr.write(f"  {line}"),
            )  # fmt: skip
        except ActionError as exc:
            self.stderr.write("\n".join(exc.messages))
            raise CommandError("nothing was loaded (the registry is as it was).") from None
        loaded = time.perf_counter() - checked
        rows = done.created + done.updated
        self.stdout.write(
            f"loaded {rows:,} members ({done.created:,} new, {done.updated:,} updated) "
            f"in {loaded:.1f} s ({rows / loaded:,.0f} rows/s), {done.batches} batches; "
            f"{done.orgs_created:,} organisations created; {done.skipped:,} rows with errors left out"
            + (f" (see {result.paths.get('findings', report)})" if done.skipped else "")
        )
        if done.drift:
            self.stdout.write(
                f"member counts: {done.drift} rows differed from the members and were corrected"
            )
