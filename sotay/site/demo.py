"""Loads a demo Đảng bộ (synthetic, never real people) with one account per role."""

from __future__ import annotations

import datetime
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.models import Role, User
from sotay.campaign.actions.campaigns import create_campaign
from sotay.campaign.models import StepKind
from sotay.dashboard.facts import refresh as refresh_facts
from sotay.dashboard.synth import synth_activity
from sotay.handbook import demo as handbook_demo
from sotay.library.demo import load_documents
from sotay.meetings.demo import COMMITTEE_PERSONAS, load_meeting_changes, load_meeting_demo
from sotay.members import actions as member_actions
from sotay.members.models import Member, MemberStatus
from sotay.news.demo import load_news
from sotay.orgs.actions import create_org
from sotay.orgs.legacy import LEGACY_KIND_TO_TYPE
from sotay.orgs.models import AdminCodeSystem, Org, OrgType
from sotay.questions.demo import load_questions
from sotay.site.demo_cases import add_hard_cases
from sotay.study.demo import load_study_demo
from sotay.synth import SynthConfig, generate_members, generate_orgs
from sotay.synth.writer import write_legacy

DEMO_PASSWORD = "demo-SoTay-2025"
STATUS_FROM_LEGACY = {
    "Chính thức": MemberStatus.CHINH_THUC,
    "Dự bị": MemberStatus.DU_BI,
    "Miễn sinh hoạt": MemberStatus.MIEN_SINH_HOAT,
}


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    where: str


def demo_loaded() -> bool:
    return User.objects.filter(username="quantri").exists()


def load_synth_orgs(config: SynthConfig) -> dict[str, Org]:
    """Create the synthetic organisation tree of `config` in the registry; returns code -> Org."""
    by_code: dict[str, Org] = {}
    for row in generate_orgs(config):  # parents come before their children
        by_code[row.code] = create_org(
            by=None,
            code=row.code,
            name=row.name,
            type=LEGACY_KIND_TO_TYPE[row.kind],
            parent=by_code[row.parent_code] if row.parent_code else None,
            admin_unit_code=row.ward_code or "",
            admin_code_system=AdminCodeSystem.Y2025 if row.ward_code else "",
            admin_unit_name=row.ward_name or "",
        )
    return by_code


def _load_members(config: SynthConfig, orgs: dict[str, Org]) -> int:
    count = 0
    for row in (
        r for batch in generate_members(config, generate_orgs(config)) for r in batch.iter_rows(named=True)
    ):
        fields: dict[str, Any] = {
            "code": row["member_code"],
            "full_name": row["ho_ten"],
            "birth_date": row["ngay_sinh"],
            "gender": row["gioi_tinh"],
            "cccd": row["cccd"],
            "card_number": row["so_the"] or None,
            "admission_date": row["ngay_vao_dang"],
            "official_date": row["ngay_chinh_thuc"],
            "ethnicity": row["dan_toc"] or "",
            "religion": row["ton_giao"] or "",
            "hometown": row["que_quan"] or "",
            "residence": row["noi_thuong_tru"] or "",
            "phone": row["so_dien_thoai"] or "",
            "education": row["trinh_do_hoc_van"] or "",
            "political_theory": row["ly_luan_chinh_tri"] or "",
        }
        member_actions.create_member(
            by=None,
            org=orgs[row["ma_to_chuc"]],
            status=STATUS_FROM_LEGACY[row["tinh_trang"]],
            today=config.today,
            **fields,
        )
        count += 1
    return count


@transaction.atomic
def load_demo(
    *, members: int = 1500, wards: int = 3, seed: int = 2025, defect_rate: float = 0.04
) -> list[DemoAccount]:
    """Create the demo tree, members and accounts in one transaction (all or nothing).

    `defect_rate`: the share of random defects in the ward's export (the hard cases are always there; the
    browser test uses 0 so that every finding is one it knows how to settle)."""
    config = SynthConfig(members=members, wards=wards, seed=seed, today=datetime.date.today())
    orgs = load_synth_orgs(config)
    _load_members(config, orgs)
    city = next(o for o in orgs.values() if o.parent_id is None)
    ward = next(o for o in orgs.values() if o.type in (OrgType.DANG_BO_PHUONG, OrgType.DANG_BO_XA))
    branch = (
        Org.objects.in_subtree(ward)
        .branches()
        .filter(members__status=MemberStatus.CHINH_THUC)
        .order_by("path")
        .first()
    )
    assert branch is not None
    member = Member.objects.filter(org=branch, status=MemberStatus.CHINH_THUC).order_by("code").first()
    assert member is not None
    plan = [
        ("quantri", Role.SYSADMIN, city, None),
        ("bantochuc.tp", Role.UNIT_STAFF, city, None),
        ("bantochuc.phuong", Role.UNIT_STAFF, ward, None),
        ("bithu", Role.BRANCH_SECRETARY, branch, None),
        ("bientap", Role.EDITOR, city, None),
        # The ward's editorial board: writes the ward's news, approves its units' (the city's editor
        # approves the ward's own).
        ("bientap.phuong", Role.EDITOR, ward, None),
        ("dangvien", Role.MEMBER, branch, member),
    ]
    accounts = []
    for username, role, org, linked in plan:
        user = create_user(by=None, username=username, password=DEMO_PASSWORD, member=linked)
        grant_role(by=None, user=user, role=role, org=org)
        accounts.append(DemoAccount(username, Role(role).label, org.name))
    _demo_campaign(config, city, ward, defect_rate)
    handbook_demo.load_handbook_demo(city=city, branch=branch, password=DEMO_PASSWORD)
    load_documents(city=city, ward=ward, branch=branch, today=datetime.date.today())
    users = {
        u.username: u for u in User.objects.filter(username__in=["dangvien", "bithu", "bantochuc.phuong"])
    }
    load_questions(asker=users["dangvien"], branch=branch, answerer=users["bithu"])
    load_study_demo(
        ward=ward,
        branch=branch,
        staff=users["bantochuc.phuong"],
        secretary=users["bithu"],
        member_user=users["dangvien"],
        password=DEMO_PASSWORD,
    )
    assert branch.parent is not None
    load_news(
        city=city,
        ward=ward,
        unit=branch.parent,
        users={
            u.username: u
            for u in User.objects.filter(
                username__in=["bientap", "bientap.phuong", "bantochuc.tp", "bantochuc.phuong"]
            )
        },
    )
    # One member in transit, so the in-transit state shows up in lists and counts.
    other = Org.objects.in_subtree(ward).branches().exclude(pk=branch.pk).order_by("path").first()
    mover = Member.objects.filter(org=branch, status=MemberStatus.CHINH_THUC).exclude(pk=member.pk).first()
    if other is not None and mover is not None:
        member_actions.start_transfer(
            member=mover, to=other, by=None, on=datetime.date.today(), decision_ref="Demo"
        )
    synth_activity(seed=seed)  # handbook adoption for the operations dashboard
    load_meeting_demo()  # after the adoption: members with an account check in on the app
    load_meeting_changes(branch=branch, ward=ward, password=DEMO_PASSWORD)
    refresh_facts(full=True)
    return accounts


def demo_file_path() -> Path:
    return Path(settings.DATA_DIR) / "demo" / "phuong-mau-csdl-3.0.csv"


def _demo_campaign(config: SynthConfig, city: Org, ward: Org, defect_rate: float) -> None:
    """A running campaign over the city, and a messy 3.0 export of one ward to upload in it, with the
    hard cases of `demo_cases` written in."""
    today = datetime.date.today()
    create_campaign(
        root=city,
        name="15 ngày đêm làm sạch, chuẩn hóa dữ liệu đảng viên",
        deadlines={
            StepKind.CLEAN: today + datetime.timedelta(days=5),
            StepKind.MIGRATE: today + datetime.timedelta(days=8),
            StepKind.SYNC: today + datetime.timedelta(days=11),
        },
        by=None,
        check_permission=False,
    )
    with tempfile.TemporaryDirectory(prefix="sotay-demo-") as tmp:
        members = write_legacy(
            config, Path(tmp) / "export", defect_rate=defect_rate, seed=config.seed, clean=defect_rate == 0
        )
        frame = pl.read_csv(members, infer_schema=False)
        ward_rows = frame.filter(pl.col("Mã tổ chức").str.starts_with(ward.code + "."))
        elsewhere = (
            Org.objects.filter(parent=city, type=ward.type).exclude(pk=ward.pk).order_by("path").first()
        )
        target = demo_file_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        add_hard_cases(ward_rows, ward=ward, elsewhere=elsewhere).write_csv(target)


def demo_accounts() -> list[DemoAccount]:
    out = []
    for user in User.objects.filter(
        username__in=[
            "quantri",
            "bantochuc.tp",
            "bantochuc.phuong",
            "bithu",
            "bientap",
            "bientap.phuong",
            "dangvien",
            *handbook_demo.USERNAMES,
            *COMMITTEE_PERSONAS,
        ]
    ):
        for a in user.roles.active().select_related("org"):
            out.append(DemoAccount(user.username, a.get_role_display(), a.org.name))
    return sorted(out, key=lambda a: a.username)
