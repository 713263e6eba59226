"""Every URL pattern × every persona: nobody outside a subtree gets its data (ADR 0002, ADR 0007).

The patterns are walked from the resolver, so a new view is in the matrix the day it is added. Its URL
arguments are filled with objects of the protected subtree — ward 2 (P2) with its branch, members,
campaign unit, import batch, findings, a duplicate pair and a decision. Personas who must see nothing
of it: staff of the sibling ward, a branch secretary and a member there, a system administrator of the
sibling ward, ward 2's own staff after their role was revoked, an account without a role, and anonymous.
A 200 whose page holds any of ward 2's names or numbers fails, as does a POST that does anything but
refuse (404/405/403/400) or send to a login page. Ward 2's own staff and city staff (an ancestor) must
reach every GET page, which proves the fillers point at real objects.

A pattern with URL arguments needs a filler in `FILLERS` (or, for the admin, `ADMIN_OBJECTS`), or a
line in `UNFILLABLE` saying why not; otherwise `test_every_pattern_is_filled_or_listed` fails. An app's
own patterns may instead be filled by a module `tests/project/matrix_parts/<app>.py` that defines
`FILLERS` (and may define `UNFILLABLE`, `NOT_FOR_STAFF` and `MARKERS`: the names and numbers of the
objects its fillers make in ward 2, which no outsider may see; and `INSIDERS`: persona -> the URL names for
which that persona is inside ward 2, as the city's editor is for content).
"""

from __future__ import annotations

import datetime
import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sotay.accounts.actions import revoke_role
from sotay.accounts.models import ActivationCode, Registration, Role, RoleAssignment, User
from sotay.audit.models import AuditEvent
from sotay.campaign.actions import imports, review
from sotay.campaign.actions.campaigns import create_campaign
from sotay.campaign.models import CampaignUnit, Decision, DuplicatePair, StepKind
from tests import factories
from tests.campaign.conftest import row, write_members
from tests.project import matrix_parts

TODAY = datetime.date.today()


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL name (namespaced), or the route for an unnamed pattern
    route: str
    name: str | None
    kwargs: tuple[str, ...]


def _walk(patterns: list[Any], prefix: str = "", ns: str = "") -> Iterator[Pattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(
                p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else "")
            )
        elif isinstance(p, URLPattern):
            kwargs = tuple(p.pattern.regex.groupindex)
            route = prefix + str(p.pattern)
            name = ns + p.name if p.name else None
            yield Pattern(name or route, route, name, kwargs)


PATTERNS = list(_walk(get_resolver().url_patterns))


@dataclass
class World:
    tree: Any
    ward2_staff: User
    ward2_role: RoleAssignment
    campaign: Any
    unit: CampaignUnit
    batch: Any
    decision: Decision
    pair: DuplicatePair
    member: Any
    registration: Any
    activation_code: Any
    markers: list[str]


@pytest.fixture
def world(tree, binh, settings, tmp_path) -> World:
    """Ward 2 with everything a URL can name; ward 1 gets a member too (the personas live there)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    hanh = factories.member(tree.unit2, full_name="Đỗ Thị Hạnh", gender="Nữ")
    ward2_staff = factories.user("bantochuc2b", role=Role.UNIT_STAFF, at=tree.ward2)
    deadlines = {kind: TODAY + datetime.timedelta(days=5 + i) for i, kind in enumerate(StepKind)}
    campaign = create_campaign(
        root=tree.city, name="15 ngày đêm", deadlines=deadlines, by=None, check_permission=False
    )
    unit = CampaignUnit.objects.get(campaign=campaign, org=tree.ward2)
    source = write_members(
        tmp_path / "phuong2.csv",
        [
            row("B1", "Vũ Văn Khải", "05/03/1962", "Nam", "079062000201", "79.P2.U2", card="00000201"),
            row("B2", "Vu Van Khai", "05/03/1962", "Nam", "079062000201", "79.P2.U2", card="00000201"),
            row("B3", "Hoàng Thị Mai", "09/01/1965", "Nam", "079165000202", "79.P2.U2", card="00000202"),
            row("B4", "Trịnh Văn Lộc", "31/02/1975", "Nam", "079075000203", "79.P2.U2", card="00000203"),
        ],
    )
    batch = imports.import_file(unit=unit, source=source, original_name="p2.csv", by=ward2_staff).batch
    finding = batch.findings.filter(rule="date_invalid").first() or batch.findings.first()
    review.edit_value(
        record=finding.record, field="birth_date", text="28/02/1975", by=ward2_staff, finding=finding
    )
    pair = DuplicatePair.objects.filter(batch=batch).first()
    assert pair is not None, "the fixture needs a duplicate pair"
    # A registration waiting at ward 2's branch (its member's name is among the markers).
    registration = Registration.objects.create(
        member=binh, branch=tree.unit2, phone="0912000201", password_hash="!"
    )
    activation_code = ActivationCode.objects.create(
        member=binh,
        branch=tree.unit2,
        code_hash="0" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return World(
        tree=tree,
        ward2_staff=ward2_staff,
        ward2_role=RoleAssignment.objects.get(user=ward2_staff),
        campaign=campaign,
        unit=unit,
        batch=batch,
        decision=Decision.objects.filter(record__batch=batch).first(),
        pair=pair,
        member=binh,
        registration=registration,
        activation_code=activation_code,
        markers=[
            binh.full_name,
            binh.cccd,
            binh.code,
            hanh.full_name,
            hanh.cccd,
            tree.ward2.name,
            tree.unit2.name,
            "Vũ Văn Khải",
            "Hoàng Thị Mai",
            "Trịnh Văn Lộc",
            "079062000201",
            "079165000202",
            ward2_staff.username,
            "p2.csv",
            *PART_MARKERS,
        ],
    )


def _ward2_transfer(w: World) -> int:
    """An open transfer inside ward 2 (its unit to a second branch of the ward), made once."""
    from sotay.members.actions import start_transfer
    from sotay.members.models import Transfer
    from sotay.orgs.models import Org, OrgType

    branch = Org.objects.filter(code="79.P2.B9").first() or factories.org(
        "79.P2.B9", OrgType.CHI_BO_CO_SO, w.tree.ward2, "Chi bộ cơ sở Chín"
    )
    transfer = Transfer.objects.filter(member=w.member).first() or start_transfer(
        member=w.member, to=branch, by=None, on=TODAY
    )
    return transfer.pk


# URL arguments per pattern, from the protected subtree (ward 2).
FILLERS: dict[str, Callable[[World], dict[str, Any]]] = {
    "member_detail": lambda w: {"pk": w.member.pk},
    "member_edit": lambda w: {"pk": w.member.pk},
    "member_status": lambda w: {"pk": w.member.pk, "action": "mien-sinh-hoat"},
    "transfer_start": lambda w: {"pk": w.member.pk},
    "transfer_receive": lambda w: {"pk": _ward2_transfer(w)},
    "transfer_cancel": lambda w: {"pk": _ward2_transfer(w)},
    "org_children": lambda w: {"pk": w.tree.ward2.pk},
    "handbook_sync": lambda w: {"pk": w.tree.ward2.pk},
    "campaign_detail": lambda w: {"pk": w.campaign.pk},
    "campaign_export": lambda w: {"pk": w.campaign.pk},
    "campaign_snapshot": lambda w: {"pk": w.campaign.pk},
    "unit_responsible": lambda w: {"pk": w.campaign.pk, "unit_pk": w.unit.pk},
    "unit_home": lambda w: {"pk": w.unit.pk},
    "unit_upload": lambda w: {"pk": w.unit.pk},
    "unit_choose_sheet": lambda w: {"pk": w.unit.pk},
    "unit_recheck": lambda w: {"pk": w.unit.pk},
    "unit_promote": lambda w: {"pk": w.unit.pk},
    "unit_reconciliation": lambda w: {"pk": w.unit.pk},
    "unit_reconcile": lambda w: {"pk": w.unit.pk},
    "unit_queue": lambda w: {"pk": w.unit.pk},
    "queue_bulk_accept": lambda w: {"pk": w.unit.pk},
    "finding_decide": lambda w: {"pk": w.unit.pk, "finding_pk": w.batch.findings.first().pk},
    "decision_revert": lambda w: {"pk": w.unit.pk, "decision_pk": w.decision.pk},
    "unit_duplicates": lambda w: {"pk": w.unit.pk},
    "pair_decide": lambda w: {"pk": w.unit.pk, "pair_pk": w.pair.pk},
    "admin:auth_user_password_change": lambda w: {"id": w.ward2_staff.pk},
    "registration_decide": lambda w: {"pk": w.registration.pk},
    "branch_codes": lambda w: {"pk": w.tree.unit2.pk},
    "code_revoke": lambda w: {"pk": w.activation_code.pk},
}
# The admin's object pages, by model: one of ward 2's objects of that model.
ADMIN_OBJECTS: dict[str, Callable[[World], Any]] = {
    "accounts_user": lambda w: w.ward2_staff.pk,
    "accounts_roleassignment": lambda w: w.ward2_role.pk,
    "orgs_org": lambda w: w.tree.ward2.pk,
    "otp_totp_totpdevice": lambda w: TOTPDevice.objects.get_or_create(user=w.ward2_staff, name="w2")[0].pk,
    "audit_auditevent": lambda w: (
        AuditEvent.objects.filter(org_path__startswith=w.tree.ward2.path).first().pk
    ),
}
# Patterns whose arguments are not filled, and why.
UNFILLABLE = {
    "admin:otp_totp_totpdevice_config": "django-otp device page; admin is root-only",
    "admin:otp_totp_totpdevice_qrcode": "django-otp device page; admin is root-only",
    "admin:view_on_site": "redirects to an object's own page, which the matrix covers",
    "admin:app_list": "its argument is an app label, not an object (the admin is checked as a whole)",
    "quan-tri/(?P<url>.*)$": "the admin's catch-all (redirects to login or 404)",
    **{
        f"admin:axes_{m}_{a}": "axes' lockout records hold no member data; admin is root-only anyway"
        for m in ("accessattempt", "accesslog", "accessfailurelog")
        for a in ("history", "delete", "change")
    },
    **{
        f"quan-tri/axes/{m}/<path:object_id>/": "axes' records (see above)"
        for m in ("accessattempt", "accesslog", "accessfailurelog")
    },
}
PART_MARKERS: list[str] = []
PART_NOT_FOR_STAFF: set[str] = set()
# Personas who are inside ward 2 for some of a part's patterns (the city's editor manages ward 2's content).
PART_INSIDERS: dict[str, set[str]] = {}
# POSTs that act on the caller's own data only (mark my notifications read), with the reason; their
# own tests prove that nobody else's rows change.
OWN_ONLY: dict[str, str] = {}
for _part in pkgutil.iter_modules(matrix_parts.__path__):
    _module = importlib.import_module(f"{matrix_parts.__name__}.{_part.name}")
    _twice = set(FILLERS) & set(_module.FILLERS)
    assert not _twice, f"matrix_parts/{_part.name}.py fills patterns filled elsewhere: {_twice}"
    FILLERS.update(_module.FILLERS)
    UNFILLABLE.update(getattr(_module, "UNFILLABLE", {}))
    PART_MARKERS.extend(getattr(_module, "MARKERS", []))
    PART_NOT_FOR_STAFF.update(getattr(_module, "NOT_FOR_STAFF", set()))
    for _persona, _keys in getattr(_module, "INSIDERS", {}).items():
        PART_INSIDERS.setdefault(_persona, set()).update(_keys)
    OWN_ONLY.update(getattr(_module, "OWN_ONLY", {}))

_ADMIN_OBJECT = re.compile(r"^admin:(?P<model>\w+?)_(history|delete|change)$")
_ADMIN_UNNAMED = re.compile(r"^quan-tri/(?P<app>\w+)/(?P<model>\w+)/<path:object_id>/$")


def _fill(p: Pattern, w: World) -> dict[str, Any] | None:
    if not p.kwargs:
        return {}
    if p.key in FILLERS:
        return FILLERS[p.key](w)
    if (m := _ADMIN_OBJECT.match(p.key)) and m["model"] in ADMIN_OBJECTS:
        return {"object_id": ADMIN_OBJECTS[m["model"]](w)}
    if (m := _ADMIN_UNNAMED.match(p.key)) and f"{m['app']}_{m['model']}" in ADMIN_OBJECTS:
        return {"object_id": ADMIN_OBJECTS[f"{m['app']}_{m['model']}"](w)}
    return None


def _url(p: Pattern, kwargs: dict[str, Any]) -> str:
    if p.name:
        return reverse(p.name, kwargs=kwargs)
    path = p.route
    for key, value in kwargs.items():
        path = re.sub(rf"<(\w+:)?{key}>", str(value), path)
    return "/" + path


def test_url_names_are_unique():
    """Templates reverse names bare: two apps with one name would send one app's links to the other."""
    names = [p.name for p in PATTERNS if p.name]
    assert not {n for n in names if names.count(n) > 1}


def test_every_pattern_is_filled_or_listed(world):
    missing = [p.key for p in PATTERNS if p.kwargs and p.key not in UNFILLABLE and _fill(p, world) is None]
    assert not missing, f"add a filler (or a reason in UNFILLABLE) for: {missing}"
    stale = set(UNFILLABLE) - {p.key for p in PATTERNS}
    assert not stale, f"UNFILLABLE names patterns that no longer exist: {stale}"


def _targets(world: World) -> list[tuple[Pattern, str]]:
    out = []
    for p in PATTERNS:
        kwargs = _fill(p, world)
        if kwargs is not None and p.key not in UNFILLABLE:
            out.append((p, _url(p, kwargs)))
    return out


def _outsiders(tree, world: World) -> dict[str, User | None]:
    revoked = factories.user("dathuhoi", role=Role.UNIT_STAFF, at=tree.ward2)
    revoke_role(by=None, assignment=RoleAssignment.objects.get(user=revoked))
    hoa = factories.member(tree.branch1, full_name="Nguyễn Văn Hòa")
    return {
        "sibling_unit_staff": factories.user("bantochuc1", role=Role.UNIT_STAFF, at=tree.ward1),
        "sibling_branch_secretary": factories.user("bithu1", role=Role.BRANCH_SECRETARY, at=tree.branch1),
        "sibling_member": factories.user("hoa", role=Role.MEMBER, at=tree.branch1, member=hoa),
        "sibling_ward_sysadmin": factories.user("quantriphuong1", role=Role.SYSADMIN, at=tree.ward1),
        "editor": factories.user("bientap", role=Role.EDITOR, at=tree.city),
        "revoked_role": revoked,
        "no_role": factories.user("chuaphanquyen"),
        "anonymous": None,
    }


LOGIN_PAGES = ("/dang-nhap/", "/quan-tri/login/")
# Session pages: signing in (an already signed-in user is sent home) and out redirect by design.
SESSION_PATTERNS = {"login", "logout", "admin:logout"}


def _close(response: Any) -> None:
    """Close a response (a streamed file holds its file open until then) without the request_finished
    signal's close_old_connections, which would close the test's own connection inside its transaction
    on PostgreSQL (the test client holds it off the same way around each request)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _leaks(body: str, markers: list[str]) -> list[str]:
    return [m for m in markers if m and m in body]


def test_nobody_outside_the_subtree_gets_its_data(client, tree, world):
    failures: list[str] = []
    targets = _targets(world)
    for persona, user in _outsiders(tree, world).items():
        for p, url in targets:
            if p.key in PART_INSIDERS.get(persona, ()):
                continue
            for method in ("get", "post"):
                client.logout()
                if user is not None:
                    client.force_login(user)
                response = getattr(client, method)(url)
                status = response.status_code
                body = (
                    b"".join(response.streaming_content if response.streaming else [response.content]).decode(
                        errors="replace"
                    )
                    if status == 200
                    else ""
                )
                _close(response)
                where = f"{persona} {method.upper()} {url} ({p.key}) -> {status}"
                if status == 200 and (leaked := _leaks(body, world.markers)):
                    failures.append(f"{where}: shows {leaked}")
                elif status >= 500:
                    failures.append(where)
                elif (
                    method == "post"
                    and 300 <= status < 400
                    and p.key not in SESSION_PATTERNS
                    and p.key not in OWN_ONLY
                    and not response["Location"].startswith(LOGIN_PAGES)
                ):
                    failures.append(f"{where}: acted (redirect to {response['Location']})")
    assert not failures, "\n".join(failures)


# GET pages the in-scope personas still cannot open, and why (so that a wrong filler is noticed).
NOT_FOR_STAFF = {
    "my_profile",
    "my_data_export",
    "login",
}


@pytest.mark.parametrize("who", ["own_unit_staff", "ancestor_staff"])
def test_the_subtrees_own_staff_and_its_ancestors_reach_every_page(client, tree, world, who):
    user = (
        world.ward2_staff
        if who == "own_unit_staff"
        else factories.user("bantochuctp", role=Role.UNIT_STAFF, at=tree.city)
    )
    unreachable = []
    for p, url in _targets(world):
        if p.key.startswith(("admin:", "quan-tri/")) or p.key in NOT_FOR_STAFF | PART_NOT_FOR_STAFF:
            continue  # the admin is for the root system administrator only (test_admin_site.py)
        client.force_login(user)
        response = client.get(url)
        _close(response)
        status = response.status_code
        if status in (404, 500):
            unreachable.append(f"{p.key} {url} -> {status}")
    assert not unreachable, "\n".join(unreachable)
