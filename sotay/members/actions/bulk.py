"""Many member records in one transaction: promotion of a reviewed import, the members of merged orgs.

Row-by-row actions (`records`) cost a savepoint, three uniqueness queries, an event and an audit row
per member; these write in batches (`bulk_create` / `bulk_update`) with one audit row per call and an
event for every member, and check everything before the first write: all rows or none.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import polars as pl
from django.db import connection, transaction
from django.db.models import BooleanField, Field, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from sotay import vn
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.members import counts
from sotay.members.actions import copy
from sotay.members.models import EventKind, Member, MemberEvent
from sotay.members.validation import CleanRecord, clean_record
from sotay.orgs.models import Org
from sotay.pipeline import schema

if TYPE_CHECKING:
    from sotay.accounts.models import User

BULK = 2000
MAX_LISTED = 50
# Every legacy field the registry stores, branch and status included.
UPDATABLE = schema.REGISTRY_FROM_LEGACY


@dataclass(frozen=True)
class BulkRow:
    """One record to create or update: `values` by registry field (`org` an Org or None when the source's
    `org_text` named no branch of the subtree); `row` numbers it in messages."""

    row: int
    values: dict[str, Any]
    org_text: str = ""
    # Registry fields whose validation a reviewer has already settled (confirmed against the paper file,
    # or only warned about): their errors are not raised again and the value is kept as given, never
    # dropped. Uniqueness against other members is never waived.
    waived: frozenset[str] = frozenset()


IDENTIFIER_LABELS = (("code", "Mã đảng viên"), ("cccd", "Số CCCD"), ("card_number", "Số thẻ đảng viên"))


@dataclass(frozen=True)
class RowProblem:
    """Why a row cannot enter the registry: `field` is a registry field ("" for the row as a whole);
    `held_by` is the unit of another member who already holds the row's code, card or citizen ID."""

    row: int
    field: str
    message: str
    held_by: Org | None = None


DUPLICATE_LABELS = (("code", "Mã đảng viên"), ("cccd", "Số CCCD"), ("card_number", "Số thẻ"))


def duplicate_message(label: str, value: Any, rows: list[int]) -> str:
    """A value given on more than one row (`rows`): the wording of `upsert_members` and of a whole load."""
    return f"{label} {value} ở {len(rows)} dòng ({', '.join(str(n) for n in rows[:5])})."


def _duplicates_within(rows: list[BulkRow]) -> list[str]:
    problems = []
    for field, label in DUPLICATE_LABELS:
        counts = Counter(r.values.get(field) for r in rows if r.values.get(field))
        for value, n in counts.items():
            if n > 1:
                problems.append(
                    duplicate_message(label, value, [r.row for r in rows if r.values.get(field) == value])
                )
    return problems


def refuse(problems: list[str]) -> None:
    """Raise the ActionError listing up to MAX_LISTED `problems` (nothing when there are none)."""
    if problems:
        shown = problems[:MAX_LISTED]
        more = len(problems) - len(shown)
        raise ActionError({"batch": [*shown, *([f"… và {more} vấn đề khác."] if more else [])]})


@transaction.atomic
def upsert_members(
    *,
    rows: list[BulkRow],
    within: Org,
    by: User | None,
    note: str,
    audit_as: tuple[str, int],
    summary: str,
    on: datetime.date,
    screened: Collection[int] = (),
    holders: Holders | None = None,
    fresh: pl.DataFrame | None = None,
) -> dict[str, int]:
    """Create or update every row's member in `within`'s subtree: all of them or none.

    Members are matched by code, then by citizen ID (a re-keyed member); a member the registry holds
    outside `within` is refused (that is a transfer). Raises ActionError listing up to 50 problems
    before anything is written. One audit row (`audit_as` = object type and id, `summary` + counts).
    On PostgreSQL the rows go through COPY into a temporary table and two set-based statements
    (`sotay.members.actions.copy`); elsewhere through batched `bulk_create` / `bulk_update`.
    `screened`: rows the caller found valid column-wise (`sotay.members.validation_frame.screen`, which
    passes only rows `clean_record` would accept unchanged); the others are validated one by one.
    `holders`: the caller's look-up of who holds the rows' identifiers (`find_holders`), when it covers
    these rows (a load looks up its whole file once); else three queries here.
    `fresh` (PostgreSQL): more new members as a frame of the member table's columns (`copy.columns()`),
    which the caller has proven valid (screened), unique within what it loads and held by nobody: they
    are written with the rows, by COPY straight from the frame, and counted in the same audit row.
    """
    if fresh is not None and connection.vendor != "postgresql":
        raise ValueError("upsert_members(fresh=...) writes by COPY: PostgreSQL only.")
    holders = _holders(rows) if holders is None else holders
    existing_of = _existing(rows, holders)
    today = datetime.date.today()
    cleaned_of = {
        r.row: CleanRecord(dict(r.values), {}) if r.row in screened else clean_record(r.values, today=today)
        for r in rows
    }
    code_of = {r.row: r.values.get("code") or "" for r in rows}
    problems = [
        *_duplicates_within(rows),
        *(
            f"Dòng {p.row} ({code_of[p.row]}): {p.message}"
            for p in _check(rows, within, existing_of, cleaned_of, holders)
        ),
    ]
    refuse(problems)
    creates: list[dict[str, Any]] = []
    updates: list[tuple[Member, dict[str, Any]]] = []
    deltas: counts.Deltas = Counter()
    for r in rows:
        fields = _cleaned(r, cleaned_of[r.row])
        existing = existing_of.get(r.row)
        if existing is None:
            creates.append(fields)
            counts.delta(deltas, fields["org"].pk, fields["status"], members=1)
        else:
            transit = 1 if existing.in_transit_to_id else 0
            counts.delta(deltas, existing.org_id, existing.status, members=-1, in_transit=-transit)
            counts.delta(deltas, fields["org"].pk, fields["status"], members=1, in_transit=transit)
            updates.append((existing, fields))
    added = 0
    if fresh is not None:
        added = fresh.height
        for org_id, status, n in fresh.group_by("org_id", "status").len().iter_rows():
            counts.delta(deltas, org_id, status, members=n)
    if connection.vendor == "postgresql":
        copy.write(creates=creates, updates=updates, on=on, note=note, by=by, fresh=fresh)
    else:
        _write_batched(creates=creates, updates=updates, on=on, note=note, by=by)
    counts.apply(deltas)
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type=audit_as[0],
        object_id=audit_as[1],
        org=within,
        summary=f"{summary}: {len(creates) + added} mới, {len(updates)} cập nhật",
    )
    return {"created": len(creates) + added, "updated": len(updates)}


def _write_batched(
    *,
    creates: list[dict[str, Any]],
    updates: list[tuple[Member, dict[str, Any]]],
    on: datetime.date,
    note: str,
    by: User | None,
) -> None:
    """The portable write: `bulk_create` / `bulk_update` in batches, then an event per member."""
    new = [Member(**fields, name_key=vn.fold(fields["full_name"])) for fields in creates]
    Member.objects.bulk_create(new, batch_size=BULK)
    changed = []
    for existing, fields in updates:
        for name in UPDATABLE:
            setattr(existing, name, fields[name])
        existing.name_key = vn.fold(existing.full_name)
        changed.append(existing)
    _update_rows(changed)
    created = Member.objects.filter(code__in=[m.code for m in new])
    MemberEvent.objects.bulk_create(
        (
            MemberEvent(
                member=m,
                kind=EventKind.CREATED,
                on=on,
                to_status=m.status,
                to_org_id=m.org_id,
                note=note,
                created_by=by,
            )
            for m in created.only("id", "status", "org_id")
        ),
        batch_size=BULK,
    )
    MemberEvent.objects.bulk_create(
        (MemberEvent(member=m, kind=EventKind.EDITED, on=on, note=note, created_by=by) for m in changed),
        batch_size=BULK,
    )


def _update_rows(members: list[Member]) -> None:
    """One prepared UPDATE by primary key, run for every member (`bulk_update`'s CASE per column and
    row grows quadratically on SQLite)."""
    if not members:
        return
    fields = [
        cast("Field[Any, Any]", Member._meta.get_field(n)) for n in [*UPDATABLE, "name_key", "updated_at"]
    ]
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(str(f.column))} = %s" for f in fields)
    sql = f"UPDATE {q(Member._meta.db_table)} SET {assignments} WHERE id = %s"
    now = timezone.now()
    for m in members:
        m.updated_at = now
    params = [
        [*(f.get_db_prep_save(getattr(m, f.attname), connection) for f in fields), m.pk] for m in members
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _cleaned(r: BulkRow, cleaned: CleanRecord) -> dict[str, Any]:
    values = cleaned.values
    for name in r.waived & cleaned.errors.keys():
        values[name] = r.values[name]  # settled by a reviewer: kept exactly as given
    return values


IDENTIFIERS = ("code", "cccd", "card_number")
# Identifier -> the member holding it, for each of IDENTIFIERS.
Holders = dict[str, dict[str, Member]]


def _holders(rows: list[BulkRow]) -> Holders:
    """The members holding any code, citizen ID or card number of `rows`: three queries, whatever the
    number of rows, shared by the match of existing members and the uniqueness check."""
    return find_holders(
        {field: {cleaned_identifier(field, r.values.get(field)) for r in rows} for field in IDENTIFIERS}
    )


def find_holders(identifiers: dict[str, set[str]]) -> Holders:
    """The members holding any of the `identifiers` (field -> values as `upsert_members` looks them
    up, cleaned): one query per field, whatever the number of values."""
    wanted = {field: sorted(identifiers.get(field, set()) - {""}) for field in IDENTIFIERS}
    # One query per identifier, each an index lookup (an OR of the three made the planner choose a
    # nested loop over the members table while a load grows it) and within SQLite's parameter limit.
    # On PostgreSQL each list is one array parameter (`= ANY`): 10,000 placeholders cost more to build
    # and send than the lookup itself.
    found = [
        m
        for field in IDENTIFIERS
        if wanted[field]
        for m in Member.objects.filter(_one_of(field, wanted[field])).select_related("org")
    ]
    holders: Holders = {field: {} for field in IDENTIFIERS}
    for m in found:
        for field in IDENTIFIERS:
            value = getattr(m, field)
            if value:
                holders[field][str(value)] = m
    return holders


def _one_of(field: str, values: list[str]) -> Q | RawSQL:
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": values})
    column = connection.ops.quote_name(str(cast("Field[Any, Any]", Member._meta.get_field(field)).column))
    table = connection.ops.quote_name(Member._meta.db_table)
    return RawSQL(f"{table}.{column} = ANY(%s)", [values], output_field=BooleanField())


def _existing(rows: list[BulkRow], holders: Holders) -> dict[int, Member]:
    """row -> the member each row updates: matched by code, then by citizen ID (a re-keyed member)."""
    by_code, by_cccd = holders["code"], holders["cccd"]
    out: dict[int, Member] = {}
    for r in rows:
        found = by_code.get(r.values.get("code") or "") or by_cccd.get(
            cleaned_identifier("cccd", r.values.get("cccd"))
        )
        if found is not None:
            out[r.row] = found
    return out


def check_rows(*, rows: list[BulkRow], within: Org) -> list[RowProblem]:
    """Every reason `upsert_members` would refuse these rows, without writing: the registry's validation
    (minus each row's waived fields), a branch outside `within`, and a code, citizen ID or card number
    that another member already holds (naming that member's unit, never their personal data).

    Three queries, whatever the number of rows. The campaign's review queue shows these as findings
    before promotion, and promotion raises them again, so the two never disagree.
    """
    today = datetime.date.today()
    holders = _holders(rows)
    cleaned_of = {r.row: clean_record(r.values, today=today) for r in rows}
    return _check(rows, within, _existing(rows, holders), cleaned_of, holders)


def _check(
    rows: list[BulkRow],
    within: Org,
    existing_of: dict[int, Member],
    cleaned_of: dict[int, CleanRecord],
    holders: Holders,
) -> list[RowProblem]:
    problems: list[RowProblem] = []
    for r in rows:
        cleaned = cleaned_of[r.row]
        for field, messages in cleaned.errors.items():
            if field not in r.waived:
                problems.extend(RowProblem(r.row, field, m) for m in messages)
            elif len(str(r.values.get(field) or "")) > _max_length(field):
                problems.append(
                    RowProblem(
                        r.row, field, f"Giá trị dài hơn {_max_length(field)} ký tự, CSDL 4.0 chưa lưu được."
                    )
                )
        if r.values.get("org") is None:
            problems.append(
                RowProblem(r.row, "org", f"Mã tổ chức «{r.org_text}» không phải chi bộ của {within.name}.")
            )
        if not r.values.get("status"):
            problems.append(RowProblem(r.row, "status", "Tình trạng đảng viên không hợp lệ."))
        existing = existing_of.get(r.row)
        if existing is not None and not existing.org.path.startswith(within.path):
            problems.append(
                RowProblem(
                    r.row,
                    "code" if existing.code == r.values.get("code") else "cccd",
                    f"Đảng viên này đang sinh hoạt ở {existing.org.name}: đây là chuyển sinh hoạt, "
                    "không phải chuyển đổi dữ liệu. Hãy gửi đề nghị chuyển sinh hoạt.",
                    held_by=existing.org,
                )
            )
            continue
        for field, what in (
            ("code", "Mã đảng viên"),
            ("cccd", "Số CCCD"),
            ("card_number", "Số thẻ đảng viên"),
        ):
            value = cleaned_identifier(field, r.values.get(field))
            holder = holders[field].get(value) if value else None
            if holder is None or (existing is not None and holder.pk == existing.pk):
                continue
            problems.append(
                RowProblem(
                    r.row,
                    field,
                    f"{what} {value} đã thuộc một đảng viên khác đang sinh hoạt ở {holder.org.name}. "
                    "Nếu đúng là cùng một người, hãy gửi đề nghị chuyển sinh hoạt; nếu không, hãy đối chiếu "
                    "hồ sơ giấy và sửa lại số.",
                    held_by=holder.org,
                )
            )
    return problems


def _max_length(field: str) -> int:
    return getattr(Member._meta.get_field(field), "max_length", None) or 10**6


# Length of an identifier already in its clean form (`vn.clean_cccd` / `vn.clean_card` return it as is):
# a load looks every identifier up three times, and a checked file holds only clean ones.
_CLEAN_LENGTH = {"cccd": 12, "card_number": 8}


def cleaned_identifier(field: str, value: Any) -> str:
    """An identifier as `upsert_members` looks it up: `vn`'s clean form ("" for none)."""
    if not value:
        return ""
    if (
        isinstance(value, str)
        and len(value) == _CLEAN_LENGTH.get(field)
        and value.isascii()
        and value.isdigit()
    ):
        return value
    if field == "cccd":
        return vn.clean_cccd(str(value))
    if field == "card_number":
        return vn.clean_card(str(value)) or ""
    return str(value)
