"""Demo personas for the handbook: two sibling branches in one ward and a branch of the sibling ward,
each with a member and a secretary; registrations waiting, activation codes issued, corrections at
every step — so that a person can try every boundary by hand. Called once by `sotay.site.demo`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sotay.accounts.actions import create_user, grant_role
from sotay.accounts.activation import issue_activation_codes
from sotay.accounts.models import Role, User
from sotay.accounts.registrations import submit_registration
from sotay.corrections.actions import (
    apply_correction,
    forward_correction,
    reject_correction,
    submit_correction,
)
from sotay.corrections.models import Correction
from sotay.handbook.sync.actions import sync_handbook
from sotay.members.models import Member, MemberStatus
from sotay.orgs.models import Org, OrgType

# username → (role, where): where is "a1" / "a2" (sibling branches of the first ward), "b1" (a branch of
# the sibling ward), "wa" / "wb" (the wards). The base demo already has dangvien and bithu at a1 and
# bantochuc.phuong at wa.
PERSONAS = {
    "dangvien.cb2": (Role.MEMBER, "a2"),
    "bithu.cb2": (Role.BRANCH_SECRETARY, "a2"),
    "dangvien.p2": (Role.MEMBER, "b1"),
    "bithu.p2": (Role.BRANCH_SECRETARY, "b1"),
    "bantochuc.phuong2": (Role.UNIT_STAFF, "wb"),
}
USERNAMES = tuple(PERSONAS)


@dataclass(frozen=True)
class Places:
    a1: Org
    a2: Org | None
    b1: Org | None
    wa: Org
    wb: Org | None


def _places(city: Org, a1: Org) -> Places:
    """The base branch, a sibling branch of it, and a branch of a sibling ward (None where the demo tree
    is too small: `sotay demo --wards 1`)."""
    wards = list(
        Org.objects.filter(parent=city, type__in=(OrgType.DANG_BO_PHUONG, OrgType.DANG_BO_XA)).order_by(
            "path"
        )
    )
    wa = next(w for w in wards if a1.path.startswith(w.path))
    wb = next((w for w in wards if w.pk != wa.pk), None)
    in_wa = (
        Org.objects.in_subtree(wa)
        .branches()
        .exclude(pk=a1.pk)
        .filter(members__status=MemberStatus.CHINH_THUC)
    )
    a2 = in_wa.filter(parent=a1.parent).order_by("path").first() or in_wa.order_by("path").first()
    b1 = None
    if wb is not None:
        b1 = (
            Org.objects.in_subtree(wb)
            .branches()
            .filter(members__status=MemberStatus.CHINH_THUC)
            .distinct()
            .order_by("path")
            .first()
        )
    return Places(a1, a2, b1, wa, wb if b1 is not None else None)


def _free_members(branch: Org, n: int) -> list[Member]:
    """Official members of `branch` without an account and not being transferred."""
    return list(
        Member.objects.filter(
            org=branch, status=MemberStatus.CHINH_THUC, user__isnull=True, in_transit_to__isnull=True
        ).order_by("code")[:n]
    )


def load_handbook_demo(*, city: Org, branch: Org, password: str) -> None:
    """Seed the personas and their work. `branch` is the base demo's branch (dangvien, bithu)."""
    places = _places(city, branch)
    sync_handbook(root=city, by=None)  # entitlements: registration and the member role need them
    users: dict[str, User] = {}
    for username, (role, where) in PERSONAS.items():
        org: Org | None = getattr(places, where)
        if org is None:
            continue
        member = _free_members(org, 1)[0] if role == Role.MEMBER else None
        users[username] = create_user(by=None, username=username, password=password, member=member)
        grant_role(by=None, user=users[username], role=role, org=org)
    # Registrations waiting for each committee.
    for org, n in ((places.a1, 2), (places.a2, 1), (places.b1, 1)):
        if org is None:
            continue
        for i, m in enumerate(_free_members(org, n)):
            submit_registration(
                cccd=m.cccd,
                birth_date=m.birth_date,
                phone=f"09{m.pk:08d}"[-10:],
                branch_code=org.code,
                password=password,
                address=f"demo-{org.pk}-{i}",
            )
    # Activation codes issued (not shown again: a secretary reissues to print a sheet).
    staff = User.objects.get(username="bantochuc.phuong")
    for org, n, by in ((places.a1, 3, staff), (places.b1, 2, users.get("bantochuc.phuong2"))):
        if org is None:
            continue
        pending = Member.objects.filter(org=org, registrations__state="pending")
        waiting = set(pending.values_list("pk", flat=True))
        picked = [m for m in _free_members(org, n + 3) if m.pk not in waiting][:n]
        issue_activation_codes(branch=org, members=picked, by=by)
    # Corrections at every step.
    _corrections(User.objects.get(username="dangvien"), User.objects.get(username="bithu"), staff)
    if "dangvien.p2" in users:
        _corrections(users["dangvien.p2"], users["bithu.p2"], users["bantochuc.phuong2"])
    if (cb2 := users.get("dangvien.cb2")) is not None and cb2.member is not None:
        submit_correction(member=cb2.member, by=cb2, field="hometown", value="Xã Yên Lạc, Vĩnh Phúc")


def _corrections(member_user: User, secretary: User, staff: User) -> None:
    member = member_user.member
    assert member is not None

    def report(field: str, value: str, note: str = "") -> Correction:
        if getattr(member, field) == value:  # the synthetic record may hold it already
            value = {"political_theory": "Cao cấp", "education": "10/10"}.get(field, value + " (mới)")
        return submit_correction(member=member, by=member_user, field=field, value=value, note=note)

    report("hometown", "Xã Hải Hậu, Nam Định", "Theo giấy khai sinh")  # waiting for the committee
    forward_correction(correction=report("residence", "Số 12 ngõ 5 phố Đội Cấn"), by=secretary)
    applied = report("political_theory", "Trung cấp", "Đã học xong lớp trung cấp năm ngoái")
    forward_correction(correction=applied, by=secretary)
    apply_correction(correction=applied, by=staff)
    reject_correction(
        correction=report("education", "12/12"),
        by=secretary,
        reason="Bằng tốt nghiệp ghi hệ 10/10; xin mang bản chính đến buổi sinh hoạt chi bộ để đối chiếu.",
    )


def describe() -> list[str]:
    """What `make demo` prints about these personas."""
    return [
        "Handbook: dangvien/bithu and dangvien.cb2/bithu.cb2 (a sibling branch) are in one ward;",
        "dangvien.p2/bithu.p2 and bantochuc.phuong2 are in the sibling ward. Registrations wait in each",
        "committee's queue (Duyệt đăng ký), activation codes are issued, and corrections (Báo sai thông tin)",
        "stand at every step: waiting for the committee, forwarded, applied and rejected.",
    ]
