"""Writes to the organisation tree: create, move a subtree, and the tree's side of a merge (2025-style
reorganisations). A merge also moves members, so the action itself is `sotay.members.actions.merge_orgs`:
this app never imports members."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.core.errors import ActionError
from sotay.orgs.models import (
    ALLOWED_CHILDREN,
    BRANCH_TYPES,
    MAX_DEPTH,
    SEGMENT_WIDTH,
    Org,
    OrgType,
    make_path,
    moved_path,
)
from sotay.orgs.signals import subtree_moved

if TYPE_CHECKING:
    from sotay.accounts.models import User


_TYPES = frozenset(OrgType.values)  # `OrgType.values` builds its list on every call


def _check_child(parent: Org | None, type_: str) -> None:
    if type_ not in _TYPES:
        raise ActionError({"type": [f"Loại tổ chức «{type_}» không hợp lệ."]})
    if parent is None:
        if type_ not in (OrgType.TRUNG_UONG, OrgType.DANG_BO_TINH, OrgType.DANG_BO_KHOI_TW):
            raise ActionError({"parent": ["Chỉ cấp Trung ương hoặc đảng bộ tỉnh mới không có cấp trên."]})
        return
    if type_ not in ALLOWED_CHILDREN[parent.type]:
        raise ActionError(
            {
                "type": [
                    f"{OrgType(parent.type).label} không thể có tổ chức trực thuộc "
                    f"loại {OrgType(type_).label}."
                ]
            }
        )
    if parent.depth + 1 >= MAX_DEPTH:
        raise ActionError({"parent": ["Cây tổ chức quá sâu."]})


@transaction.atomic
def create_org(
    *,
    by: User | None,
    code: str,
    name: str,
    type: str,
    parent: Org | None,
    admin_unit_code: str = "",
    admin_code_system: str = "",
    admin_unit_name: str = "",
    valid_from: datetime.date | None = None,
) -> Org:
    code, name = code.strip(), " ".join(name.split())
    if not code or not name:
        raise ActionError({"code": ["Mã và tên tổ chức là bắt buộc."]})
    if Org.objects.filter(code=code).exists():
        raise ActionError({"code": [f"Mã tổ chức {code} đã tồn tại."]})
    _check_child(parent, type)
    if admin_unit_code and not admin_code_system:
        raise ActionError(
            {"admin_code_system": ["Mã đơn vị hành chính phải đi kèm hệ mã (trước hoặc từ 2025)."]}
        )
    # The path needs the primary key: insert with a unique placeholder, then set it in the same transaction.
    org = Org.objects.create(
        code=code,
        name=name,
        type=type,
        parent=parent,
        path=f"tmp-{code}",
        depth=0 if parent is None else parent.depth + 1,
        admin_unit_code=admin_unit_code,
        admin_code_system=admin_code_system,
        admin_unit_name=admin_unit_name,
        valid_from=valid_from,
    )
    org.path = make_path(parent.path if parent else "", org.pk)
    org.save(update_fields=["path"])
    record(
        actor=by,
        action=AuditAction.CREATE,
        object_type="org",
        object_id=org.pk,
        org=org,
        summary=f"Tạo {code}",
    )
    return org


@transaction.atomic
def move_org(*, org: Org, new_parent: Org, by: User | None) -> Org:
    """Re-attach a subtree under another node: one UPDATE rewrites every descendant's path."""
    org = Org.objects.select_for_update().get(pk=org.pk)
    if new_parent.path.startswith(org.path):
        raise ActionError({"parent": ["Không thể chuyển một tổ chức vào chính cây con của nó."]})
    _check_child(new_parent, org.type)
    old_path, new_path = org.path, make_path(new_parent.path, org.pk)
    depth_shift = new_parent.depth + 1 - org.depth
    deepest = Org.objects.in_subtree(org).order_by("-depth").values_list("depth", flat=True).first() or 0
    if deepest + depth_shift >= MAX_DEPTH:
        raise ActionError({"parent": ["Cây tổ chức quá sâu."]})
    old_parent = org.parent
    Org.objects.in_subtree(org).update(
        path=moved_path(old_path, new_path),
        depth=F("depth") + depth_shift,
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    subtree_moved.send(sender=Org, org=org, old_path=old_path)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        object_type="org",
        object_id=org.pk,
        org=org,
        summary=f"Chuyển {org.code} về {new_parent.code}",
        changes={"parent": [old_parent.code if old_parent else None, new_parent.code]},
    )
    return org


def check_merge(*, source: Org, into: Org) -> Org:
    """Lock `source` and check it can be merged into `into`; raises ActionError. Used by
    `sotay.members.actions.merge.merge_orgs`, which also moves the members (orgs knows nothing of them)."""
    source = Org.objects.select_for_update().get(pk=source.pk)
    if source.pk == into.pk or into.path.startswith(source.path):
        raise ActionError({"into": ["Tổ chức nhận không thể nằm trong tổ chức bị sáp nhập."]})
    if source.valid_to is not None:
        raise ActionError(
            {"sources": [f"{source.name} đã kết thúc hoạt động từ {source.valid_to:%d/%m/%Y}."]}
        )
    if (source.type in BRANCH_TYPES) != (into.type in BRANCH_TYPES):
        raise ActionError({"into": ["Chi bộ chỉ sáp nhập vào chi bộ; đảng bộ chỉ sáp nhập vào đảng bộ."]})
    return source


def hand_over_children(*, source: Org, into: Org, by: User | None) -> None:
    """Move the current children of `source` under `into` (each move audited by `move_org`)."""
    for child in list(source.children.filter(valid_to__isnull=True)):
        move_org(org=child, new_parent=into, by=by)


def close_org(*, org: Org, successor: Org, on: datetime.date) -> None:
    """End `org` on `on` with `successor`; the caller's action writes the audit row."""
    org.valid_to = on
    org.successor = successor
    org.save(update_fields=["valid_to", "successor"])


def path_segments(path: str) -> list[int]:
    return [int(path[i : i + SEGMENT_WIDTH]) for i in range(0, len(path), SEGMENT_WIDTH)]


@dataclass(frozen=True)
class OrgRow:
    """One line of a legacy organisations file: code, name, the parent's code ("" for a root), type."""

    code: str
    name: str
    parent_code: str
    type: str


BULK = 2000


@transaction.atomic
def load_orgs(*, rows: list[OrgRow], by: User | None) -> dict[str, Org]:
    """Create the organisations of `rows` the registry does not hold yet, level by level (a parent before
    its children), and return code -> Org for every row. A parent may be in the file or already in the
    registry. An organisation already held must have the same parent (moving one is `move_org`). One
    audit row per level created. Raises ActionError, writing nothing, for an unknown parent, a cycle, a
    type its parent cannot have, or a changed parent."""
    by_code = {r.code: r for r in rows}
    held: dict[str, Org] = {}
    codes = list(by_code)
    for start in range(0, len(codes), BULK):
        for org in Org.objects.filter(code__in=codes[start : start + BULK]).select_related("parent"):
            held[org.code] = org
    # Parents named by the file but not in it: organisations the registry holds (a ward's file under its
    # province, a province's under the Trung ương root).
    outside = sorted({r.parent_code for r in rows if r.parent_code and r.parent_code not in by_code})
    above = {org.code: org for org in Org.objects.filter(code__in=outside)} if outside else {}
    problems: list[str] = []
    for code, org in held.items():
        wanted = by_code[code].parent_code
        if (org.parent.code if org.parent else "") != wanted:
            problems.append(f"Tổ chức {code} đã có trong hệ thống với cấp trên khác «{wanted}».")
    levels = _levels([r for r in rows if r.code not in held], set(held) | set(above), problems)
    if problems:
        raise ActionError({"orgs": problems[:50]})
    out = dict(held)
    for level in levels:
        new = []
        for r in level:
            parent = (out.get(r.parent_code) or above.get(r.parent_code)) if r.parent_code else None
            _check_child(parent, r.type)
            depth = parent.depth + 1 if parent else 0
            new.append(
                Org(code=r.code, name=r.name, type=r.type, parent=parent, path=f"tmp-{r.code}", depth=depth)
            )
        (_insert_with_paths if connection.vendor == "postgresql" else _insert_then_paths)(new)
        out.update((org.code, org) for org in new)
        record(
            actor=by,
            action=AuditAction.CREATE,
            object_type="org",
            org=new[0].parent,
            summary=f"Nạp cây tổ chức: {len(new)} tổ chức cấp {new[0].depth + 1}",
        )
    return out


def _insert_with_paths(orgs: list[Org]) -> None:
    """PostgreSQL: primary keys taken from the sequence first, so each path is final when inserted;
    the rows go in by COPY (a multi-row INSERT is parsed and planned afresh for every 2,000)."""
    for org, pk in zip(orgs, _next_ids(len(orgs)), strict=True):
        org.pk = pk
        org.path = make_path(org.parent.path if org.parent else "", pk)
    # The attribute values as they are: every column is text, a number, a date or a key, which COPY
    # takes without Django's per-field preparation (2.4 s of 3.8 s for a city's 19,403 organisations).
    now = timezone.now()
    names = [f.attname for f in Org._meta.concrete_fields]
    q = connection.ops.quote_name
    columns = ", ".join(q(str(f.column)) for f in Org._meta.concrete_fields)
    sql = f"COPY {q(Org._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as stream:
        for org in orgs:
            org._state.adding = False
            org.created_at = now
            stream.write_row([getattr(org, name) for name in names])


def _insert_then_paths(orgs: list[Org]) -> None:
    """Elsewhere: insert with a placeholder path, then write each path once the key is known."""
    Org.objects.bulk_create(orgs, batch_size=BULK)
    for org in orgs:
        org.path = make_path(org.parent.path if org.parent else "", org.pk)
    _write_paths(orgs)


def _next_ids(n: int) -> list[int]:
    """`n` primary keys from the organisation table's sequence (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Org._meta.db_table, n],
        )
        return [row[0] for row in cursor.fetchall()]


def _write_paths(orgs: list[Org]) -> None:
    """One prepared UPDATE by primary key for each organisation (`bulk_update` builds a CASE over the
    whole batch, which took 22 s for the 19,403 organisations of a city)."""
    table = connection.ops.quote_name(Org._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET path = %s WHERE id = %s", [(o.path, o.pk) for o in orgs])


def _levels(rows: list[OrgRow], held: set[str], problems: list[str]) -> list[list[OrgRow]]:
    """`rows` by depth below what is `held`: each level's parents are held or in an earlier level."""
    known = set(held)
    pending = rows
    levels: list[list[OrgRow]] = []
    while pending:
        level = [r for r in pending if not r.parent_code or r.parent_code in known]
        if not level:
            shown = ", ".join(sorted(r.code for r in pending)[:10])
            problems.append(
                f"Cấp trên không có trong tệp tổ chức hay trong hệ thống (hoặc lặp vòng): {shown}."
            )
            break
        levels.append(level)
        known.update(r.code for r in level)
        pending = [r for r in pending if r.code not in known]
    return levels
