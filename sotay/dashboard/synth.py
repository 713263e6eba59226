"""Synthetic handbook adoption for demos and benchmarks: registrations, codes, accounts, sign-ins.

Each ward-level unit (a child of the root) draws an adoption rate so that the league table shows the
spread the seeds report (units around 50% and 80%); each branch varies around its unit's rate. Members
who already have an account are left alone, so running it twice adds nothing for them.

Writes in bulk (a generator, not a person's act): one audit row per run. Never for real data.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from sotay.accounts.models import ActivationCode, Registration, User
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.members.models import HANDBOOK_STATUSES, Member
from sotay.orgs.models import SEGMENT_WIDTH, Org
from sotay.usage.models import AppInstall, DailyActivity, DeviceKind, Platform

BATCH = 5000
DEVICES = (DeviceKind.ANDROID, DeviceKind.ANDROID, DeviceKind.IOS)


@dataclass
class Activity:
    accounts: int = 0
    registrations: int = 0
    codes: int = 0


def _rate(rng: random.Random) -> float:
    """A unit's share of members who sign in: most units between 30% and 95%, a few laggards."""
    return rng.choice((0.15, 0.35, 0.45, 0.55, 0.6, 0.7, 0.78, 0.85, 0.9, 0.95))


def _save(users: list[User], rng: random.Random, now: datetime.datetime) -> int:
    """Create the accounts, and for those who signed in the days they used the handbook (on the
    installed app for about 60% of them, the others in a browser) and their installs."""
    User.objects.bulk_create(users, batch_size=BATCH)
    saved = {u.username: u.pk for u in User.objects.filter(username__in=[u.username for u in users])}
    activity, installs = [], []
    for u in users:
        if u.last_login is None:
            continue
        pk = saved[u.username]
        app = rng.random() < 0.6
        platform = Platform.APP if app else Platform.BROWSER
        last = timezone.localdate(u.last_login)
        for back in {0, *(rng.randrange(0, 20) for _ in range(rng.randrange(3)))}:
            activity.append(
                DailyActivity(user_id=pk, day=last - datetime.timedelta(days=back), platform=platform)
            )
        if app:
            installs.append(
                AppInstall(
                    user_id=pk, device=rng.choice(DEVICES), first_at=u.date_joined, last_at=u.last_login
                )
            )
    DailyActivity.objects.bulk_create(activity, batch_size=BATCH, ignore_conflicts=True)
    AppInstall.objects.bulk_create(installs, batch_size=BATCH, ignore_conflicts=True)
    return len(users)


@transaction.atomic
def synth_activity(
    *, root: Org | None = None, seed: int = 0, now: datetime.datetime | None = None
) -> Activity:
    """Adoption for the members under `root` (default: every root of the tree)."""
    rng = random.Random(seed)
    now = now or timezone.now()
    roots = [root] if root else list(Org.objects.filter(parent__isnull=True))
    unusable = make_password(None)
    done = Activity()
    for top in roots:
        width = len(top.path) + SEGMENT_WIDTH
        unit_rate: dict[str, float] = {}
        qs = (
            Member.objects.in_subtree(top)
            .filter(status__in=HANDBOOK_STATUSES, user__isnull=True)
            .values_list("pk", "code", "full_name", "org_id", "org__path")
            .order_by("org__path", "pk")
        )
        users: list[User] = []
        registrations: list[Registration] = []
        codes: list[ActivationCode] = []
        branch_rate: dict[int, float] = {}
        for pk, code, name, org_id, path in qs.iterator(chunk_size=BATCH):
            unit = path[:width]
            if unit not in unit_rate:
                unit_rate[unit] = _rate(rng)
            if org_id not in branch_rate:
                branch_rate[org_id] = min(max(unit_rate[unit] + rng.gauss(0, 0.07), 0.0), 1.0)
            p = branch_rate[org_id]
            roll = rng.random()
            if roll < p:
                # Signed in at least once; most of them in the last 30 days.
                last = now - datetime.timedelta(days=rng.expovariate(1 / 12), minutes=rng.randrange(1440))
                joined = last - datetime.timedelta(days=rng.randrange(1, 60))
                users.append(
                    User(
                        username=f"dv-{code}",
                        full_name=name,  # as an account opened for the member gets it
                        password=unusable,
                        member_id=pk,
                        last_login=last,
                        date_joined=joined,
                    )
                )
            elif roll < p + 0.04:
                users.append(
                    User(
                        username=f"dv-{code}",
                        full_name=name,
                        password=unusable,
                        member_id=pk,
                        date_joined=now,
                    )
                )
            elif roll < p + 0.08:
                registrations.append(
                    Registration(member_id=pk, branch_id=org_id, phone="", password_hash=unusable)
                )
            elif roll < p + 0.12:
                digest = hashlib.sha256(f"synth:{seed}:{pk}".encode()).hexdigest()
                codes.append(
                    ActivationCode(
                        member_id=pk,
                        branch_id=org_id,
                        code_hash=digest,
                        expires_at=now + datetime.timedelta(days=30),
                    )
                )
            if len(users) >= BATCH:
                done.accounts += _save(users, rng, now)
                users = []
        done.accounts += _save(users, rng, now)
        done.registrations += len(Registration.objects.bulk_create(registrations, batch_size=BATCH))
        done.codes += len(ActivationCode.objects.bulk_create(codes, batch_size=BATCH))
    record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="synthetic_activity",
        summary=(
            f"Tạo hoạt động giả lập: {done.accounts} tài khoản, {done.registrations} đăng ký, {done.codes} mã"
        ),
    )
    return done
