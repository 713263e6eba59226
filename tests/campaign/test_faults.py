"""A fault in the middle of an import or a promotion leaves the data as it was."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from sotay.audit.models import AuditEvent
from sotay.campaign.actions import imports, promote
from sotay.campaign.models import DuplicatePair, Finding, ImportBatch, StagedRecord
from sotay.members.models import Member, MemberEvent
from tests.campaign.test_flow import _resolve_everything

ROOT = Path(__file__).resolve().parents[2]


def _counts():
    return (
        ImportBatch.objects.count(),
        StagedRecord.objects.count(),
        Finding.objects.count(),
        DuplicatePair.objects.count(),
        Member.objects.count(),
        MemberEvent.objects.count(),
    )


def test_exception_in_the_middle_of_an_import_leaves_nothing(
    ward1_unit, messy_file, unit_staff, monkeypatch, settings
):
    before, audits = _counts(), AuditEvent.objects.count()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(DuplicatePair.objects, "bulk_create", boom)  # after records and findings are written
    with pytest.raises(RuntimeError):
        imports.import_file(unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff)
    assert _counts() == before
    assert AuditEvent.objects.count() == audits
    store = Path(settings.MEDIA_ROOT) / "imports"
    assert not store.exists() or not any(store.rglob("*.csv"))  # the stored copy is removed too


def test_exception_in_the_middle_of_a_promotion_leaves_the_registry_as_it_was(
    ward1_unit, messy_file, unit_staff, monkeypatch
):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="p1.csv", by=unit_staff
    ).batch
    _resolve_everything(batch, unit_staff)
    before = (Member.objects.count(), MemberEvent.objects.count())

    def fail_after_the_writes(*args, **kwargs):
        # Members and their creation events are written (by COPY on PostgreSQL, bulk_create elsewhere);
        # then the count update fails, as a lost connection would.
        assert Member.objects.count() > before[0]
        raise RuntimeError("connection lost")

    monkeypatch.setattr("sotay.members.counts.apply", fail_after_the_writes)
    with pytest.raises(RuntimeError):
        promote.promote_batch(batch=batch, by=unit_staff)
    assert (Member.objects.count(), MemberEvent.objects.count()) == before
    batch.refresh_from_db()
    assert batch.state == "checked"


KILL_SCRIPT = r"""
import os, signal, sys
from pathlib import Path
os.environ["DJANGO_SETTINGS_MODULE"] = "sotay.settings"
import django
django.setup()
from django.core.management import call_command
from sotay.campaign.models import CampaignUnit, StagedRecord
from sotay.campaign.actions import imports

mode, source = sys.argv[1], Path(sys.argv[2])
if mode == "setup":
    call_command("migrate", verbosity=0)
    from tests.personas import Tree
    from tests import factories
    from sotay.orgs.models import OrgType
    from sotay.campaign.actions.campaigns import create_campaign
    import datetime
    city = factories.org("79", OrgType.DANG_BO_TINH, None)
    ward = factories.org("79.P1", OrgType.DANG_BO_PHUONG, city)
    unit = factories.org("79.P1.U1", OrgType.DANG_BO_CO_SO, ward)
    factories.org("79.P1.U1.B1", OrgType.CHI_BO, unit)
    factories.org("79.P1.U1.B2", OrgType.CHI_BO, unit)
    d = datetime.date.today()
    deadlines = {"clean": d, "migrate": d, "sync": d}
    create_campaign(root=city, name="x", deadlines=deadlines, by=None, check_permission=False)
elif mode == "kill":
    real = StagedRecord.objects.bulk_create
    def die(*args, **kwargs):
        real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # killed with the records written, before the commit
    StagedRecord.objects.bulk_create = die
    imports.import_file(unit=CampaignUnit.objects.get(), source=source, original_name="p1.csv", by=None)
elif mode == "count":
    from sotay.campaign.models import ImportBatch
    print(ImportBatch.objects.count(), StagedRecord.objects.count())
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the subprocess uses its own SQLite database")
def test_killed_process_during_an_import_leaves_nothing(tmp_path, messy_file):
    script = tmp_path / "kill.py"
    script.write_text(KILL_SCRIPT)
    env = {
        **os.environ,
        "SOTAY_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": "",
    }

    def run(mode):
        # Output to files, not pipes: a killed process must not leave a reader waiting for EOF.
        out, err = tmp_path / f"{mode}.out", tmp_path / f"{mode}.err"
        with out.open("w") as o, err.open("w") as e:
            done = subprocess.run(
                [sys.executable, str(script), mode, str(messy_file)],
                env=env,
                cwd=ROOT,
                stdout=o,
                stderr=e,
                timeout=300,
            )
        return subprocess.CompletedProcess(done.args, done.returncode, out.read_text(), err.read_text())

    assert run("setup").returncode == 0
    killed = run("kill")
    assert killed.returncode == -9, killed.stderr
    counted = run("count")
    assert counted.stdout.split() == ["0", "0"], counted.stderr
