"""bench/load.py's data: the synthetic registry in bulk, a meeting day's handbook activity, the bench's
sign-in accounts. Needs Django set up (bench/load.py does it). Synthetic people only; never real data."""

from __future__ import annotations

import argparse
import datetime
import random
import uuid
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

BATCH = 5000
PASSWORD = "bench-SoTay-2026-load"
TOPICS = (
    "Đánh giá kết quả tháng, phương hướng tháng tới",
    "Quán triệt nghị quyết của cấp ủy cấp trên",
    "Công tác phát triển đảng viên",
)


def _config(args: argparse.Namespace) -> Any:
    from sotay.synth import SynthConfig

    today = datetime.date.today()
    if args.national:  # 5.6 M unless --members says otherwise
        return SynthConfig.national(today=today, **({"members": args.members} if args.members else {}))
    return SynthConfig(members=args.members or 30_000, today=today)


def load_fast(args: argparse.Namespace, *, seed: int = 1) -> dict[str, int]:
    """PostgreSQL: the registry and a meeting day's activity COPYed column-wise (bench/load_copy.py),
    then the library's and news' items through their actions, member roles and notifications, facts."""
    import load_copy  # bench/load_copy.py

    from sotay.dashboard.facts import refresh

    now = timezone.now()
    with transaction.atomic():
        done = load_copy.load(_config(args), seed=seed, now=now)
        ensure_national_root()
    with transaction.atomic():
        # Before the member roles: the news items' own fan-out would otherwise notify every account.
        done.rows.update(_content(_levels()))
    with transaction.atomic():  # a table with pending foreign-key checks cannot drop its indexes
        done.rows.update(load_copy.member_roles_and_notifications(now))
    refresh(full=True)
    return dict(done.rows)


def load_registry_bulk(args: argparse.Namespace) -> tuple[int, int]:
    """The organisations and members of bench/dashboard.py's bulk path (HCMC shape, or national)."""
    from dashboard import load_registry  # bench/dashboard.py

    with transaction.atomic():
        loaded = load_registry(_config(args))
        ensure_national_root()
        return loaded


NATIONAL_CODE = "TW"


def ensure_national_root() -> int:
    """A registry of several provinces gets the Trung ương root a national deployment has: created once,
    every other root moved under it by the registry's own actions (`create_org`, `move_org`). Returns how
    many roots were moved (0 when there is one root, or the root is already there)."""
    from sotay.orgs.actions import create_org, move_org
    from sotay.orgs.models import Org, OrgType

    roots = list(Org.objects.filter(parent__isnull=True).exclude(type=OrgType.TRUNG_UONG).order_by("path"))
    nation = Org.objects.filter(parent__isnull=True, type=OrgType.TRUNG_UONG).first()
    if nation is None and len(roots) < 2:
        return 0
    with transaction.atomic():
        if nation is None:
            nation = create_org(
                by=None, code=NATIONAL_CODE, name="Trung ương", type=OrgType.TRUNG_UONG, parent=None
            )
        for root in roots:
            move_org(org=root, new_parent=nation, by=None)
        # The handbook's copies of the branches' paths, as a deployment that had the root from the start
        # holds them (the dashboard's copies are rewritten by its refresh, which the caller runs).
        from django.db.models import F, Q, Value
        from django.db.models.functions import Concat

        from sotay.handbook.models import Entitlement

        Entitlement.objects.filter(~Q(branch_path__startswith=nation.path)).update(
            branch_path=Concat(Value(nation.path), F("branch_path"))
        )
    return len(roots)


def _levels() -> dict[str, Any]:
    """One organisation per level: the nation (if the registry has a Trung ương root), a province (the
    first; the "root" of a one-province registry), a ward, a grassroots unit under it, a branch."""
    from sotay.orgs.models import BRANCH_TYPES, Org, OrgType

    nation = Org.objects.filter(parent__isnull=True, type=OrgType.TRUNG_UONG).first()
    provinces = Org.objects.filter(parent=nation) if nation else Org.objects.filter(parent__isnull=True)
    root = provinces.order_by("path").first()
    assert root is not None, "no registry loaded"
    wards = Org.objects.filter(parent=root, type__in=(OrgType.DANG_BO_PHUONG, OrgType.DANG_BO_XA))
    units = Org.objects.filter(type=OrgType.DANG_BO_CO_SO).order_by("path")
    # A ward with a đảng bộ cơ sở under it if there is one (at small scales they sit under agencies only).
    unit = units.filter(parent__in=wards).first() or units.first()
    assert unit is not None, "no đảng bộ cơ sở in the tree"
    ward = unit.parent if unit.parent in wards else wards.order_by("path").first()
    branch = Org.objects.filter(parent=unit, type__in=BRANCH_TYPES).order_by("path").first()
    levels = {"root": root, "ward": ward, "unit": unit, "branch": branch}
    return {"nation": nation, **levels} if nation else levels


def _meetings(now: datetime.datetime, rng: random.Random) -> dict[str, int]:
    """Today's meeting for ~70% of branches, under way (started 30 minutes ago), published, with three
    agenda items and a document; ~40% of the invited members already checked in."""
    from sotay.meetings.models import (
        AgendaItem,
        Attendance,
        Document,
        Meeting,
        MeetingKind,
        MeetingState,
        Presence,
    )
    from sotay.members.models import HANDBOOK_STATUSES, Member
    from sotay.orgs.models import BRANCH_TYPES, Org

    start = now - datetime.timedelta(minutes=30)
    branches = Org.objects.filter(type__in=BRANCH_TYPES).values_list("pk", flat=True)
    held = [b for b in branches if rng.random() < 0.7]
    title = f"Sinh hoạt thường kỳ tháng {now:%m/%Y}"
    Meeting.objects.bulk_create(
        [
            Meeting(
                branch_id=b, kind=MeetingKind.REGULAR, title=title, starts_at=start,
                ends_at=start + datetime.timedelta(hours=2), place="Nhà văn hóa khu phố",
                state=MeetingState.PUBLISHED, published_at=start - datetime.timedelta(days=5),
            )
            for b in held
        ],
        batch_size=BATCH,
    )  # fmt: skip
    meeting_of = dict(Meeting.objects.filter(starts_at=start).values_list("branch_id", "pk"))
    agenda, documents = [], []
    for pk in meeting_of.values():
        agenda += [
            AgendaItem(meeting_id=pk, position=i, title=t, presenter="Bí thư chi bộ")
            for i, t in enumerate(TOPICS, 1)
        ]
        documents.append(
            Document(
                meeting_id=pk, title="Dự thảo báo cáo tháng", original_name="du-thao-bao-cao.pdf",
                stored_name=uuid.uuid4().hex, content_type="application/pdf", size=1200,
            )
        )  # fmt: skip
    AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
    Document.objects.bulk_create(documents, batch_size=BATCH)
    rows, present = [], 0
    invited = Member.objects.filter(org_id__in=meeting_of.keys(), status__in=HANDBOOK_STATUSES)
    for pk, org_id in invited.values_list("pk", "org_id").iterator(chunk_size=BATCH):
        if rng.random() < 0.4:
            rows.append(
                Attendance(meeting_id=meeting_of[org_id], member_id=pk, presence=Presence.PRESENT, by_qr=True)
            )
        if len(rows) >= BATCH:
            present += len(Attendance.objects.bulk_create(rows))
            rows = []
    present += len(Attendance.objects.bulk_create(rows))
    return {"meetings today": len(meeting_of), "agenda items": len(agenda), "checked in": present}


def _content(levels: dict[str, Any]) -> dict[str, int]:
    """The library's and the news' demo items, through their own actions (a few dozen)."""
    from sotay.accounts.actions import create_user, grant_role
    from sotay.accounts.models import Role, User
    from sotay.library.demo import load_documents
    from sotay.news.demo import load_news
    from sotay.orgs.models import Org

    root, ward, branch = levels["root"], levels["ward"], levels["branch"]
    users: dict[str, User] = {}
    for name, role, org in (
        ("bientap", Role.EDITOR, root),
        ("bientap.phuong", Role.EDITOR, ward),
        ("bantochuc.tp", Role.UNIT_STAFF, root),
        ("bantochuc.phuong", Role.UNIT_STAFF, ward),
    ):
        users[name] = create_user(by=None, username=f"bench-{name}", password=PASSWORD)
        grant_role(by=None, user=users[name], role=role, org=org)
    docs = load_documents(city=root, ward=ward, branch=branch, today=datetime.date.today())
    inside = Org.objects.filter(parent=ward).order_by("path").first() or ward  # the ward's editors' reach
    news = load_news(city=root, ward=ward, unit=inside, users=users)
    return {"library documents": docs, "news items": news}


def _member_roles_and_notifications(now: datetime.datetime) -> dict[str, int]:
    """Each synthetic account's member role (as activation grants it) and two notifications: today's
    meeting invitation and the pinned news item."""
    from sotay.accounts.models import Role, RoleAssignment, User
    from sotay.meetings.models import Meeting
    from sotay.news.models import NewsItem
    from sotay.notifications.models import Notification

    meeting_of = dict(Meeting.objects.filter(starts_at__date=now.date()).values_list("branch_id", "pk"))
    news = NewsItem.objects.order_by("-published_at").values_list("pk", "title").first()
    roles, notes, n_roles, n_notes = [], [], 0, 0
    accounts = User.objects.filter(member__isnull=False, username__startswith="dv-")
    for pk, org_id in accounts.values_list("pk", "member__org_id").iterator(chunk_size=BATCH):
        roles.append(RoleAssignment(user_id=pk, role=Role.MEMBER, org_id=org_id))
        if org_id in meeting_of:
            url = f"/sinh-hoat/{meeting_of[org_id]}/"
            notes.append(
                Notification(
                    user_id=pk, kind="meetings.published", title="Giấy mời sinh hoạt chi bộ", url=url
                )
            )
        if news:
            notes.append(
                Notification(user_id=pk, kind="news.published", title=news[1], url=f"/tin-tuc/{news[0]}/")
            )
        if len(notes) >= BATCH:
            n_roles += len(RoleAssignment.objects.bulk_create(roles))
            n_notes += len(Notification.objects.bulk_create(notes))
            roles, notes = [], []
    n_roles += len(RoleAssignment.objects.bulk_create(roles))
    n_notes += len(Notification.objects.bulk_create(notes))
    return {"member roles": n_roles, "notifications": n_notes}


def load_activity(*, seed: int) -> dict[str, int]:
    from sotay.dashboard.facts import refresh
    from sotay.dashboard.synth import synth_activity

    rng = random.Random(seed)
    now = timezone.now()
    done: dict[str, int] = {}
    with transaction.atomic():
        made = synth_activity(seed=seed, now=now)
        done["accounts"] = made.accounts
        done.update(_meetings(now, rng))
        # Before the member roles: the news items' own fan-out would otherwise notify every account one by
        # one; the notifications are written in bulk below.
        done.update(_content(_levels()))
        done.update(_member_roles_and_notifications(now))
    refresh(full=True)
    return done


def _staff(name: str, role: str, org: Any) -> str:
    from sotay.accounts.actions import create_user, grant_role
    from sotay.accounts.models import User

    user = User.objects.filter(username=name).first() or create_user(
        by=None, username=name, password=PASSWORD
    )
    grant_role(by=None, user=user, role=role, org=org)
    return name


def _meetings_to_today(today: datetime.date) -> None:
    """A reused database loaded on an earlier local day: that day's meetings move to today, so that the
    members still have a meeting under way to open and check in to."""
    from django.db.models import F

    from sotay.meetings.models import Meeting

    if Meeting.objects.filter(starts_at__date=today).exists():
        return
    last = Meeting.objects.order_by("-starts_at").values_list("starts_at", flat=True).first()
    if last is None:
        return
    # Under way again: started half an hour ago (but today), as when it was loaded.
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    shift = max(timezone.now() - datetime.timedelta(minutes=30), midnight) - last
    day = timezone.localtime(last).date()
    Meeting.objects.filter(starts_at__date=day).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
    )


@transaction.atomic
def bench_users(args: argparse.Namespace) -> dict[str, Any]:
    """The accounts the load signs in with (one shared password, hashed once), and what they open."""
    from sotay.accounts.models import Role, User
    from sotay.meetings.models import Meeting

    levels = _levels()
    today = timezone.localdate()
    _meetings_to_today(today)
    meeting_of = dict(Meeting.objects.filter(starts_at__date=today).values_list("branch_id", "pk"))
    rng = random.Random(7)
    candidates = list(
        User.objects.filter(username__startswith="dv-", member__org_id__in=meeting_of.keys())
        .order_by("pk")
        .values_list("pk", "username", "member__org_id")
    )
    chosen = rng.sample(candidates, min(args.member_users + 1, len(candidates)))
    User.objects.filter(pk__in=[c[0] for c in chosen]).update(password=make_password(PASSWORD))
    members = [{"username": u, "meeting": meeting_of[org]} for _, u, org in chosen]
    secretaries = []
    for i, (_, _, org) in enumerate(chosen[: args.secretary_users]):
        name = _staff(
            f"bench-bithu-{i}", Role.BRANCH_SECRETARY, Meeting.objects.get(pk=meeting_of[org]).branch
        )
        from sotay.members.models import HANDBOOK_STATUSES, Member

        marks = list(
            Member.objects.filter(org_id=org, status__in=HANDBOOK_STATUSES).values_list("pk", flat=True)[:20]
        )
        secretaries.append({"username": name, "meeting": meeting_of[org], "members": marks})
    staff = [_staff(f"bench-staff-{i}", Role.UNIT_STAFF, levels["root"]) for i in range(args.staff_users)]
    from sotay.orgs.models import BRANCH_TYPES, Org

    # The branch level: a branch of the unit that meets today, if one does.
    branch = (
        Org.objects.filter(parent=levels["unit"], type__in=BRANCH_TYPES, pk__in=meeting_of.keys()).first()
        or levels["branch"]
    )
    levels["branch"] = branch
    branch_meeting = (
        meeting_of.get(branch.pk)
        or Meeting.objects.filter(branch=branch).values_list("pk", flat=True).first()
    )
    single = {
        **(
            {"nation": _staff("bench-level-nation", Role.UNIT_STAFF, levels["nation"])}
            if "nation" in levels
            else {}
        ),
        "root": _staff("bench-level-root", Role.UNIT_STAFF, levels["root"]),
        "ward": _staff("bench-level-ward", Role.UNIT_STAFF, levels["ward"]),
        "unit": _staff("bench-level-unit", Role.UNIT_STAFF, levels["unit"]),
        "branch": _staff("bench-level-branch", Role.BRANCH_SECRETARY, branch),
    }
    from sotay.members.models import Member

    # A member inside each level's subtree, for the member detail page.
    sample = {
        level: Member.objects.in_subtree(org).order_by("org__path", "pk").values_list("pk", flat=True).first()
        for level, org in levels.items()
    }
    return {
        "password": PASSWORD,
        "members": members[1:],
        "secretaries": secretaries,
        "staff": staff,
        "levels": {k: v.pk for k, v in levels.items()},
        "single": single,
        "single_member": members[0],
        "branch_meeting": branch_meeting,
        "sample_member": sample,
    }
