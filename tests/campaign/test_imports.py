"""Importing a unit's file: the file is read and staged once per upload."""

import pytest

from sotay.campaign.actions import imports
from sotay.pipeline.internals import engine, reader


@pytest.fixture
def reads(monkeypatch):
    """Records every read of a file by the checker's reader, whichever entry point is used."""
    calls: list[str] = []
    stage, read = reader.stage_table, reader.read_table

    def counting_stage(path, target, **kwargs):
        calls.append(f"stage {path.name}")
        return stage(path, target, **kwargs)

    def counting_read(path, **kwargs):
        calls.append(f"read {path.name}")
        return read(path, **kwargs)

    monkeypatch.setattr(engine, "stage_table", counting_stage)
    monkeypatch.setattr(reader, "stage_table", counting_stage)
    monkeypatch.setattr(reader, "read_table", counting_read)
    import sotay.pipeline as pipeline

    monkeypatch.setattr(pipeline, "read_table", counting_read)
    return calls


def test_an_upload_is_read_and_staged_once(ward1_unit, messy_file, unit_staff, reads):
    outcome = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="phuong1.csv", by=unit_staff
    )
    assert outcome.created
    assert outcome.batch.records.count() == 4
    members_reads = [c for c in reads if c.endswith(messy_file.name)]
    assert members_reads == [f"stage {messy_file.name}"]


def test_the_staged_record_keeps_every_legacy_column(ward1_unit, messy_file, unit_staff):
    batch = imports.import_file(
        unit=ward1_unit, source=messy_file, original_name="phuong1.csv", by=unit_staff
    ).batch
    a1 = batch.records.get(member_code="A1")
    assert a1.org_code
    assert a1.admission_date is not None
