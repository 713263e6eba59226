"""`sotay load-registry`: a checked export into the registry, all or nothing, and again without duplicates."""

import csv
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sotay.audit.models import AuditEvent
from sotay.core.errors import ActionError
from sotay.members.actions import copy, load, load_frame
from sotay.members.counts import recount
from sotay.members.models import ACTIVE_STATUSES, EventKind, Member, MemberEvent, OrgMemberCount
from sotay.orgs.models import Org, OrgType
from sotay.synth.cli import main as synth_main
from tests import factories


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    assert synth_main(["--members", "400", "--wards", "1", "--seed", "7", "--out", str(out)]) == 0
    return out


def _load(export: Path, *extra: str) -> None:
    call_command(
        "load_registry", str(export / "members.csv"), "--orgs", str(export / "orgs.csv"),
        "--report", str(export / "report"), *extra,
    )  # fmt: skip


def _clean_rows(export: Path) -> int:
    with (export / "report" / "findings.csv").open(encoding="utf-8") as fh:
        bad = {r["row"] for r in csv.DictReader(fh) if r["severity"] == "error" and r["row"]}
    with (export / "members.csv").open(encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.DictReader(fh)) - len(bad)


@pytest.mark.django_db
def test_rows_with_errors_are_refused_with_where_the_findings_are(export):
    with pytest.raises(CommandError, match=r"rows have checker errors.*findings\.csv.*--only-clean"):
        _load(export)
    assert not Member.objects.exists()
    assert not Org.objects.exists()


@pytest.mark.django_db
def test_clean_rows_load_with_an_event_each_one_audit_row_per_batch_and_exact_counts(export):
    _load(export, "--only-clean", "--batch", "100")
    loaded = Member.objects.count()
    assert loaded == _clean_rows(export) > 300
    assert MemberEvent.objects.filter(kind=EventKind.CREATED).count() == loaded
    assert not MemberEvent.objects.exclude(kind=EventKind.CREATED).exists()
    assert AuditEvent.objects.filter(object_type="member_load").count() == -(-loaded // 100)
    assert recount() == []
    assert Org.objects.filter(code__endswith="001").exists()


@pytest.mark.django_db
def test_a_second_run_updates_the_same_members_and_never_duplicates(export):
    _load(export, "--only-clean")
    first = dict(Member.objects.values_list("code", "pk"))
    orgs = Org.objects.count()
    _load(export, "--only-clean")
    assert dict(Member.objects.values_list("code", "pk")) == first
    assert Org.objects.count() == orgs
    assert MemberEvent.objects.filter(kind=EventKind.EDITED).count() == len(first)
    assert recount() == []


@pytest.mark.django_db
def test_a_province_file_loads_under_the_national_root(export):
    """A national registry has a Trung ương root; each province's export names its province as a root
    (empty «Mã cấp trên»). --under hangs it under the national root; the counts are summed over it."""
    from sotay.members.counts import subtree_totals
    from sotay.orgs.actions import create_org

    nation = create_org(by=None, code="TW", name="Trung ương", type=OrgType.TRUNG_UONG, parent=None)
    _load(export, "--only-clean", "--under", "TW")
    province = Org.objects.get(parent__isnull=False, type=OrgType.DANG_BO_TINH)
    assert province.parent == nation
    assert province.path.startswith(nation.path)
    assert list(Org.objects.filter(parent__isnull=True)) == [nation]
    active = Member.objects.filter(status__in=ACTIVE_STATUSES).count()
    assert subtree_totals([nation])[nation.pk].active == active > 300
    assert recount() == []
    # The same file again without --under names the province as a root: refused, nothing changed.
    members = Member.objects.count()
    with pytest.raises(CommandError, match="nothing was loaded"):
        _load(export, "--only-clean")
    assert Member.objects.count() == members
    assert Org.objects.get(pk=province.pk).parent == nation


@pytest.mark.django_db
def test_under_an_unknown_organisation_is_refused_before_anything_is_read(export):
    with pytest.raises(CommandError, match="no organisation with the code «TW»"):
        _load(export, "--only-clean", "--under", "TW")
    assert not Org.objects.exists()


@pytest.mark.django_db
def test_a_refused_last_batch_leaves_the_registry_as_it_was(export):
    with pytest.raises(CommandError):
        _load(export)  # writes the report: the last clean row's code
    with (export / "report" / "findings.csv").open(encoding="utf-8") as fh:
        bad = {r["row"] for r in csv.DictReader(fh) if r["severity"] == "error"}
    with (export / "report" / "normalized.csv").open(encoding="utf-8") as fh:
        code = [r["member_code"] for r in csv.DictReader(fh) if r["row"] not in bad][-1]
    # A member of another tree already holds that code: that row is a transfer, not a load.
    province = factories.org("01", OrgType.DANG_BO_TINH, None, "Đảng bộ Thành phố Hà Nội")
    outsider = factories.member(factories.org("01.1", OrgType.CHI_BO_CO_SO, province), code=code)
    before = (
        Member.objects.count(),
        Org.objects.count(),
        MemberEvent.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(CommandError, match="nothing was loaded"):
        _load(export, "--only-clean", "--batch", "50")
    after = (
        Member.objects.count(),
        Org.objects.count(),
        MemberEvent.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    assert Member.objects.get(code=code) == outsider


def _indexes() -> set[str]:
    """The indexes and foreign keys of the tables a first load fills (both are dropped and made again)."""
    tables = ["orgs_org", "members_member", "members_memberevent"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s)", [tables])
        indexes = {row[0] for row in cursor.fetchall()}
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        return indexes | {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes rebuilt after a load: PostgreSQL")
def test_a_first_load_rebuilds_the_indexes_and_a_failed_one_leaves_them_all(export, monkeypatch):
    indexes = _indexes()
    assert "member_name_words_gin" in indexes
    assert "member_org_status_idx" in indexes
    assert "members_member_cccd_key" in indexes
    assert any(name.startswith("members_member_org_id_") and "_fk_" in name for name in indexes)
    _load(export, "--only-clean", "--batch", "100")
    assert _indexes() == indexes
    Member.objects.all().delete()  # events go with their members
    assert not MemberEvent.objects.exists()
    loaded_batches = []

    def fail_on_the_third_batch(*args, **kwargs):
        loaded_batches.append(1)
        if len(loaded_batches) == 3:
            raise ActionError({"batch": ["Thử lỗi ở lô thứ ba."]})
        return real(*args, **kwargs)

    real = load.upsert_members
    monkeypatch.setattr(load, "upsert_members", fail_on_the_third_batch)
    with pytest.raises(CommandError, match="nothing was loaded"):
        _load(export, "--only-clean", "--batch", "100")
    assert len(loaded_batches) == 3
    assert not Member.objects.exists()
    assert _indexes() == indexes


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN pending lists: PostgreSQL")
def test_a_load_into_a_registry_with_members_keeps_every_index_and_restores_the_settings(export, monkeypatch):
    province = factories.org("01", OrgType.DANG_BO_TINH, None, "Đảng bộ Thành phố Hà Nội")
    held = factories.member(factories.org("01.1", OrgType.CHI_BO_CO_SO, province))
    indexes = _indexes()

    def no_rebuild(*args, **kwargs):
        raise AssertionError("a registry that holds members keeps its indexes")

    monkeypatch.setattr(copy, "indexes_built_after", no_rebuild)
    cleaned = []
    real = copy.gin_batched

    @contextmanager
    def recorded(tables):
        with real(tables) as names:
            yield names
        cleaned.extend(names)

    monkeypatch.setattr(copy, "gin_batched", recorded)
    _load(export, "--only-clean", "--batch", "100")
    assert set(cleaned) == {"member_name_words_gin"}
    assert _indexes() == indexes
    assert Member.objects.count() == _clean_rows(export) + 1
    assert MemberEvent.objects.filter(kind=EventKind.CREATED).exclude(member=held).count() == _clean_rows(
        export
    )
    assert Member.objects.get(pk=held.pk) == held
    assert recount() == []
    with connection.cursor() as cursor:
        for setting in ("gin_pending_list_limit", "work_mem", "maintenance_work_mem"):
            cursor.execute(f"SHOW {setting}")
            shown = cursor.fetchone()[0]
            cursor.execute("SELECT reset_val, unit FROM pg_settings WHERE name = %s", [setting])
            reset, unit = cursor.fetchone()
            assert shown == (f"{int(reset) // 1024}MB" if unit == "kB" else reset)


def _registry() -> tuple[dict[str, dict], list[tuple], int]:
    fields = [
        f.attname for f in Member._meta.concrete_fields if f.attname not in ("id", "created_at", "updated_at")
    ]
    members = {m["code"]: m for m in Member.objects.values(*fields)}
    events = sorted(
        MemberEvent.objects.values_list(
            "member__code", "kind", "on", "from_status", "to_status", "from_org_id", "to_org_id", "note"
        )
    )
    return members, events, AuditEvent.objects.filter(object_type="member_load").count()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="rows straight from the frame: PostgreSQL")
def test_rows_written_from_the_frame_equal_those_of_the_per_row_path(export, monkeypatch):
    written = []
    real = load.upsert_members

    def recorded(*args, **kwargs):
        written.append(kwargs["fresh"])
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "upsert_members", recorded)
    _load(export, "--only-clean", "--batch", "100")
    assert sum(fresh.height for fresh in written if fresh is not None) > 300
    from_frame = _registry()
    assert len(from_frame[0]) == _clean_rows(export)
    Member.objects.all().delete()
    OrgMemberCount.objects.all().delete()
    AuditEvent.objects.filter(object_type="member_load").delete()
    written.clear()
    monkeypatch.setattr(load_frame, "fresh", lambda frame, *args: pl.Series("fresh", [False] * frame.height))
    _load(export, "--only-clean", "--batch", "100")
    assert written
    assert all(fresh is None for fresh in written)
    assert _registry() == from_frame
    assert recount() == []


def test_free_text_is_stripped_of_what_str_strip_strips():
    assert set(load_frame._WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}
