"""The benches' synthetic registry and handbook activity, column-wise and COPYed into PostgreSQL.

One pass over `sotay.synth`'s member batches (polars): each batch becomes the rows of the member table
and of everything that hangs off a member — accounts (one unusable password hash shared, as
`synth_activity` does), days of use, installs, registrations, activation codes, today's attendance —
generated with numpy from the same rates as `sotay.dashboard.synth.synth_activity` (a rate per
ward-level unit, a branch around it, 4 % accounts never used, 4 % registrations, 4 % codes), with ids
assigned here, and written with `COPY … FROM STDIN`. Organisations get known ids and paths; the
derived rows (agenda, documents, entitlements, member counts; member roles and notifications in
`member_roles_and_notifications`) are one INSERT … SELECT each.

The secondary indexes, unique and foreign-key constraints of the tables written are dropped before
and rebuilt after the load, by their own definitions (`pg_get_indexdef`, `pg_get_constraintdef`), so
the schema ends as the migrations made it. PostgreSQL only; bench/load_sqlite.py writes the same
rows (`frames`) into SQLite. Synthetic people only.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

RATES = np.array([0.15, 0.35, 0.45, 0.55, 0.6, 0.7, 0.78, 0.85, 0.9, 0.95])  # synth_activity's _rate
HELD = 0.7  # share of branches whose meeting is under way today
PRESENT = 0.4  # share of a meeting's invited members already checked in (by QR)
IN_TRANSIT = 0.004  # share of active members moving to another branch
NOT_ENTITLED = 33  # one eligible member in 33 is not yet synced to the handbook (member id % 33 == 0)
TOPICS = (
    "Đánh giá kết quả tháng, phương hướng tháng tới",
    "Quán triệt nghị quyết của cấp ủy cấp trên",
    "Công tác phát triển đảng viên",
)
TABLES = (
    "orgs_org",
    "members_member",
    "accounts_user",
    "accounts_roleassignment",
    "accounts_registration",
    "accounts_activationcode",
    "usage_dailyactivity",
    "usage_appinstall",
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_document",
    "meetings_attendance",
    "handbook_entitlement",
    "notifications_notification",
    "members_orgmembercount",
)


@dataclass
class Loaded:
    """What the load wrote, and (with `tally`) the figures it meant per branch, for the test."""

    rows: Counter[str] = field(default_factory=Counter)
    tally: bool = False
    per_org: dict[int, Counter[str]] = field(default_factory=dict)


def _cursor() -> Any:
    from django.db import connection

    connection.ensure_connection()
    return connection.connection.cursor()  # the psycopg cursor: COPY


def complete(model: Any, frame: pl.DataFrame, now: datetime.datetime) -> pl.DataFrame:
    """The frame with every concrete column of the model but the primary key: a column it lacks gets
    the field's default (or `now` for auto_now fields); a required one without a default is an error."""
    fill = []
    for f in model._meta.concrete_fields:
        if f.column in frame.columns or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        else:
            value = f.get_default()  # "" for a text field without a default
            if value is None and not f.null:
                raise ValueError(f"{model.__name__}.{f.name}: no value")
        fill.append(pl.lit(value).alias(f.column))
    return frame.with_columns(fill) if fill else frame


def copy_frame(model: Any, frame: pl.DataFrame, now: datetime.datetime) -> int:
    """COPY a frame into the model's table (`complete` fills the columns it lacks)."""
    frame = complete(model, frame, now)
    buffer = io.BytesIO()
    frame.write_csv(buffer, include_header=False, null_value="\\N", datetime_format="%Y-%m-%dT%H:%M:%S%.6f%z")
    columns = ", ".join(f'"{c}"' for c in frame.columns)
    with (
        _cursor() as cursor,
        cursor.copy(
            f"COPY \"{model._meta.db_table}\" ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        ) as copy,
    ):
        copy.write(buffer.getvalue())
    return frame.height


def drop_indexes(tables: tuple[str, ...] = TABLES) -> list[str]:
    """Drop the foreign keys, unique constraints and secondary indexes of `tables` (primary keys stay);
    return the statements that rebuild them, unique ones and indexes first, foreign keys last."""
    with _cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('u', 'f') ORDER BY conrelid, conname",
            [list(tables)],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid "
            "AND c.contype IN ('p', 'u', 'x')) "
            "ORDER BY 1",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for table, name, _kind, _ in sorted(constraints, key=lambda c: c[2] != "f"):  # foreign keys first
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    unique = [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, k, d in constraints if k == "u"]
    foreign = [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, k, d in constraints if k == "f"]
    return unique + [d for _, d in indexes] + foreign


def schema_signature(tables: tuple[str, ...] = TABLES) -> list[tuple[str, ...]]:
    """Every constraint and index definition of `tables` (the test compares it before and after)."""
    with _cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) UNION ALL SELECT tablename, indexname, indexdef "
            "FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1, 2, 3",
            [list(tables), list(tables)],
        )
        return [tuple(r) for r in cursor.fetchall()]


def _sql(statement: str, params: list[Any] | None = None) -> int:
    with _cursor() as cursor:
        cursor.execute(statement, params)
        return int(cursor.rowcount)


class _Tree:
    """The organisations with their ids (1…n in generation order), paths, ward-level unit and today's
    meeting (for ~70 % of branches)."""

    def __init__(self, config: Any, rng: np.random.Generator) -> None:
        from sotay.orgs.legacy import LEGACY_KIND_TO_TYPE
        from sotay.orgs.models import BRANCH_TYPES, SEGMENT_WIDTH
        from sotay.synth import generate_orgs

        self.rows = generate_orgs(config)
        n = len(self.rows)
        self.id_of: dict[str, int] = {}
        ids, paths, depths, parents, types, units = [], [], [], [], [], []
        unit_of_path: dict[str, int] = {}
        for pk, row in enumerate(self.rows, start=1):
            parent = self.id_of.get(row.parent_code) if row.parent_code else None
            path = (paths[parent - 1] if parent else "") + str(pk).zfill(SEGMENT_WIDTH)
            self.id_of[row.code] = pk
            ids.append(pk)
            paths.append(path)
            depths.append(depths[parent - 1] + 1 if parent else 0)
            parents.append(parent)
            types.append(LEGACY_KIND_TO_TYPE[row.kind])
            units.append(unit_of_path.setdefault(path[: 2 * SEGMENT_WIDTH], len(unit_of_path)))
        self.frame = pl.DataFrame(
            {
                "id": ids,
                "code": [r.code for r in self.rows],
                "name": [r.name for r in self.rows],
                "type": types,
                "parent_id": pl.Series(parents, dtype=pl.Int64),
                "path": paths,
                "depth": pl.Series(depths, dtype=pl.Int16),
            }
        )
        self.is_branch = np.array([t in BRANCH_TYPES for t in types])
        # synth_activity: a rate per ward-level unit, each branch around it (σ 0.07), clipped to [0, 1].
        unit_rate = rng.choice(RATES, size=len(unit_of_path))
        self.rate = np.clip(unit_rate[np.array(units)] + rng.normal(0, 0.07, n), 0.0, 1.0)
        held = self.is_branch & (rng.random(n) < HELD)
        self.meeting = np.zeros(n + 1, dtype=np.int64)  # org id → today's meeting id (0: none)
        self.meeting[1:][held] = np.arange(1, int(held.sum()) + 1)
        self.branch_ids = np.flatnonzero(self.is_branch) + 1


def _fold_cached(names: pl.Series, cache: dict[str, str]) -> pl.Series:
    from sotay import vn

    out = []
    for name in names.to_list():
        key = cache.get(name)
        if key is None:
            key = cache[name] = vn.fold(name)
        out.append(key)
    return pl.Series(out)


def _members(
    batch: pl.DataFrame, first: int, tree: _Tree, rng: np.random.Generator, cache: dict[str, str], now: Any
) -> pl.DataFrame:
    from sotay.members.models import MemberStatus

    statuses = {
        "Chính thức": MemberStatus.CHINH_THUC.value,
        "Dự bị": MemberStatus.DU_BI.value,
        "Miễn sinh hoạt": MemberStatus.MIEN_SINH_HOAT.value,
    }
    n = batch.height
    org = batch["ma_to_chuc"].replace_strict(tree.id_of, return_dtype=pl.Int64)
    moving = rng.random(n) < IN_TRANSIT
    target = tree.branch_ids[rng.integers(0, len(tree.branch_ids), n)]
    names = batch["ho_ten"].fill_null("Không tên")
    admitted = batch["ngay_vao_dang"].fill_null(datetime.date(2000, 1, 1))
    return pl.DataFrame(
        {
            "id": np.arange(first, first + n, dtype=np.int64),
            "code": batch["member_code"],
            "full_name": names,
            "name_key": _fold_cached(names, cache),
            "birth_date": batch["ngay_sinh"].fill_null(datetime.date(1970, 1, 1)),
            "gender": batch["gioi_tinh"],
            "cccd": batch["cccd"],
            "card_number": batch["so_the"].replace("", None),
            "admission_date": admitted,
            "official_date": batch["ngay_chinh_thuc"],
            "ethnicity": batch["dan_toc"].fill_null(""),
            "religion": batch["ton_giao"].fill_null(""),
            "hometown": batch["que_quan"].fill_null(""),
            "residence": batch["noi_thuong_tru"].fill_null(""),
            "phone": batch["so_dien_thoai"].fill_null(""),
            "education": batch["trinh_do_hoc_van"].fill_null(""),
            "political_theory": batch["ly_luan_chinh_tri"].fill_null(""),
            "status": batch["tinh_trang"].replace_strict(statuses, default=MemberStatus.CHINH_THUC.value),
            "status_since": admitted,
            "org_id": org,
            "in_transit_to_id": pl.Series(np.where(moving, target, 0)).replace(0, None),
            "created_at": pl.repeat(now, n, eager=True),
            "updated_at": pl.repeat(now, n, eager=True),
        }
    )


def _days(values: np.ndarray) -> np.ndarray:
    return (values * 86_400_000_000).astype("timedelta64[us]")


def _activity(
    members: pl.DataFrame, first_user: int, tree: _Tree, rng: np.random.Generator, ctx: dict[str, Any]
) -> dict[str, pl.DataFrame]:
    """synth_activity's draws for one batch of members, column-wise: accounts signed in (rate p of the
    member's branch) or never used (next 4 %), pending registrations (4 %), unused codes (4 %); days of
    use and installs for those who signed in; today's attendance (PRESENT of the invited)."""
    from sotay.meetings.models import Presence
    from sotay.members.models import HANDBOOK_STATUSES
    from sotay.usage.models import DeviceKind, Platform

    now, unusable, seed = ctx["now"], ctx["unusable"], ctx["seed"]
    n = members.height
    pk = members["id"].to_numpy()
    org = members["org_id"].to_numpy()
    eligible = members["status"].is_in([str(s) for s in HANDBOOK_STATUSES]).to_numpy()
    p = tree.rate[org - 1]
    roll = rng.random(n)
    signed = eligible & (roll < p)
    unused = eligible & (roll >= p) & (roll < p + 0.04)
    registering = eligible & (roll >= p + 0.04) & (roll < p + 0.08)
    coded = eligible & (roll >= p + 0.08) & (roll < p + 0.12)
    account = signed | unused
    n_users = int(account.sum())
    now64 = np.datetime64(now.replace(tzinfo=None), "us")
    last = (
        now64
        - _days(rng.exponential(12, n))
        - (rng.integers(0, 1440, n) * 60_000_000).astype("timedelta64[us]")
    )
    joined = np.where(signed, last - _days(rng.integers(1, 60, n)), now64)
    app = rng.random(n) < 0.6
    users = pl.DataFrame(
        {
            "id": np.arange(first_user, first_user + n_users, dtype=np.int64),
            "username": ("dv-" + members["code"]).filter(account),
            "full_name": members["full_name"].filter(account),
            "password": pl.repeat(unusable, n_users, eager=True),
            "member_id": pk[account],
            "last_login": pl.Series(np.where(signed, last, np.datetime64("NaT", "us"))[account]),
            "date_joined": pl.Series(joined[account]),
        }
    ).with_columns(pl.col("last_login", "date_joined").dt.replace_time_zone("UTC"))
    user_of = np.zeros(n, dtype=np.int64)
    user_of[account] = users["id"].to_numpy()
    # Days of use: the day of the last sign-in and up to two of the 19 before it (synth_activity's set).
    local_last = (
        pl.Series(last[signed])
        .dt.replace_time_zone("UTC")
        .dt.convert_time_zone(ctx["tz"])
        .dt.date()
        .to_numpy()
    )
    extra = rng.integers(0, 3, n)[signed]
    backs = rng.integers(0, 20, (2, len(local_last)))
    platform = np.where(app[signed], Platform.APP.value, Platform.BROWSER.value)
    days = [(user_of[signed], local_last, platform)]
    for k in (1, 2):
        keep = extra >= k
        days.append(
            (
                user_of[signed][keep],
                local_last[keep] - backs[k - 1][keep].astype("timedelta64[D]"),
                platform[keep],
            )
        )
    daily = (
        pl.DataFrame(
            {
                "user_id": np.concatenate([d[0] for d in days]),
                "day": np.concatenate([d[1] for d in days]).astype("datetime64[D]"),
                "platform": np.concatenate([d[2] for d in days]),
            }
        )
        .with_columns(pl.col("day").cast(pl.Date))
        .unique(["user_id", "day", "platform"])
    )
    installed = signed & app
    devices = np.array([DeviceKind.ANDROID.value, DeviceKind.ANDROID.value, DeviceKind.IOS.value])
    installs = pl.DataFrame(
        {
            "user_id": user_of[installed],
            "device": devices[rng.integers(0, 3, int(installed.sum()))],
            "first_at": pl.Series(joined[installed]),
            "last_at": pl.Series(last[installed]),
        }
    ).with_columns(pl.col("first_at", "last_at").dt.replace_time_zone("UTC"))
    registrations = pl.DataFrame(
        {
            "member_id": pk[registering],
            "branch_id": org[registering],
            "phone": pl.repeat("", int(registering.sum()), eager=True),
            "password_hash": pl.repeat(unusable, int(registering.sum()), eager=True),
            "created_at": pl.repeat(now, int(registering.sum()), eager=True),
        }
    )
    codes = pl.DataFrame(
        {
            "member_id": pk[coded],
            "branch_id": org[coded],
            "code_hash": [hashlib.sha256(f"synth:{seed}:{m}".encode()).hexdigest() for m in pk[coded]],
            "created_at": pl.repeat(now, int(coded.sum()), eager=True),
            "expires_at": pl.repeat(now + datetime.timedelta(days=30), int(coded.sum()), eager=True),
        }
    )
    meeting = tree.meeting[org]
    present = eligible & (meeting > 0) & (rng.random(n) < PRESENT)
    attendance = pl.DataFrame(
        {
            "meeting_id": meeting[present],
            "member_id": pk[present],
            "presence": pl.repeat(Presence.PRESENT.value, int(present.sum()), eager=True),
            "by_qr": pl.repeat(True, int(present.sum()), eager=True),
            "marked_at": pl.repeat(now, int(present.sum()), eager=True),
        }
    )
    return {
        "users": users,
        "daily": daily,
        "installs": installs,
        "registrations": registrations,
        "codes": codes,
        "attendance": attendance,
        "_masks": pl.DataFrame(
            {
                "org_id": org,
                "signed": signed,
                "account": account,
                "installed": installed,
                "registering": registering,
                "coded": coded,
                "present": present,
            }
        ),
    }


def _meetings(tree: _Tree, start: datetime.datetime) -> pl.DataFrame:
    from sotay.meetings.models import MeetingKind, MeetingState

    branch = np.flatnonzero(tree.meeting[1:]) + 1
    n = len(branch)
    return pl.DataFrame(
        {
            "id": tree.meeting[branch],
            "branch_id": branch,
            "kind": pl.repeat(MeetingKind.REGULAR.value, n, eager=True),
            "title": pl.repeat(f"Sinh hoạt thường kỳ tháng {start:%m/%Y}", n, eager=True),
            "starts_at": pl.repeat(start, n, eager=True),
            "ends_at": pl.repeat(start + datetime.timedelta(hours=2), n, eager=True),
            "place": pl.repeat("Nhà văn hóa khu phố", n, eager=True),
            "state": pl.repeat(MeetingState.PUBLISHED.value, n, eager=True),
            "published_at": pl.repeat(start - datetime.timedelta(days=5), n, eager=True),
        }
    )


def _derived(now: datetime.datetime, start: datetime.datetime) -> Counter[str]:
    """Agenda and a document for each of today's meetings, the handbook entitlements of eligible
    members (payload as `sotay.handbook.sync.payload.build_payload` makes it) and the member counts."""
    from sotay.members.models import HANDBOOK_STATUSES

    done: Counter[str] = Counter()
    done["agenda items"] = _sql(
        "INSERT INTO meetings_agendaitem (meeting_id, position, title, presenter) "
        "SELECT m.id, t.pos, t.title, 'Bí thư chi bộ' FROM meetings_meeting m "
        "CROSS JOIN (VALUES (1, %s), (2, %s), (3, %s)) AS t(pos, title) WHERE m.starts_at = %s",
        [*TOPICS, start],
    )
    done["meeting documents"] = _sql(
        "INSERT INTO meetings_document (meeting_id, title, original_name, stored_name, content_type, size, "
        "created_at) SELECT id, 'Dự thảo báo cáo tháng', 'du-thao-bao-cao.pdf', md5('synth-doc-' || id), "
        "'application/pdf', 1200, %s FROM meetings_meeting WHERE starts_at = %s",
        [now, start],
    )
    done["entitlements"] = _sql(
        "INSERT INTO handbook_entitlement (member_id, branch_id, branch_path, active, payload, payload_hash, "
        "granted_at, updated_at) SELECT m.id, m.org_id, o.path, true, p.payload, "
        "encode(sha256(convert_to(p.payload::text, 'UTF8')), 'hex'), %s, %s "
        "FROM members_member m JOIN orgs_org o ON o.id = m.org_id "
        "CROSS JOIN LATERAL (SELECT jsonb_build_object("
        "'member_code', m.code, 'full_name', m.full_name, 'birth_date', m.birth_date, 'gender', m.gender, "
        "'admission_date', m.admission_date, 'official_date', m.official_date, 'card_number', m.card_number, "
        "'branch_code', o.code, 'branch_name', o.name, 'cccd', m.cccd, 'phone', NULLIF(m.phone, '')"
        ") AS payload) p WHERE m.status = ANY(%s) AND m.id %% %s <> 0",
        [now, now, [str(s) for s in HANDBOOK_STATUSES], NOT_ENTITLED],
    )
    done["member count rows"] = _sql(
        "INSERT INTO members_orgmembercount (org_id, path, status, members, in_transit) "
        "SELECT m.org_id, o.path, m.status, count(*), count(m.in_transit_to_id) "
        "FROM members_member m JOIN orgs_org o ON o.id = m.org_id GROUP BY 1, 2, 3"
    )
    for table in ("orgs_org", "members_member", "accounts_user", "meetings_meeting"):
        _sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    return done


def _tally(per_org: dict[int, Counter[str]], members: pl.DataFrame, masks: pl.DataFrame) -> None:
    """The figures this batch means per organisation, named as BranchDay's."""
    from sotay.members.models import HANDBOOK_STATUSES, MemberStatus

    eligible = pl.col("status").is_in([str(s) for s in HANDBOOK_STATUSES])
    frame = members.select(
        "org_id",
        eligible.alias("eligible"),
        (pl.col("status") == MemberStatus.MIEN_SINH_HOAT.value).alias("exempted"),
        pl.col("in_transit_to_id").is_not_null().alias("in_transit"),
        (eligible & (pl.col("id") % NOT_ENTITLED != 0)).alias("entitled"),
        (pl.col("phone") == "").alias("no_phone"),
    ).with_columns(
        masks.select(
            pl.col("account").alias("activated"),
            pl.col("signed").alias("signed_in"),
            pl.col("installed"),
            (pl.col("account") | pl.col("registering") | pl.col("coded")).alias("reached"),
            pl.col("registering").alias("pending_registrations"),
            pl.col("coded").alias("codes_unused"),
            pl.col("present").alias("checked_in"),
        )
    )
    sums = frame.group_by("org_id").agg(pl.len().alias("active"), pl.exclude("org_id").sum())
    for row in sums.iter_rows(named=True):
        per_org.setdefault(row.pop("org_id"), Counter()).update(row)


def frames(
    config: Any, *, seed: int, now: datetime.datetime, done: Loaded
) -> Iterator[tuple[Any, pl.DataFrame]]:
    """The rows of the load, model by model, in the order they are written (organisations, today's
    meetings, then each batch of members and their activity): the one source of rows of the
    PostgreSQL (COPY) and the SQLite (bench/load_sqlite.py) paths. With `done.tally`, `done.per_org`
    gets what each batch means per branch (`_tally`)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from sotay.accounts.models import ActivationCode, Registration, User
    from sotay.meetings.models import Attendance, Meeting
    from sotay.members.models import Member
    from sotay.orgs.models import Org
    from sotay.synth import generate_members
    from sotay.usage.models import AppInstall, DailyActivity

    rng = np.random.default_rng(seed)
    start = now - datetime.timedelta(minutes=30)
    tree = _Tree(config, rng)
    yield Org, tree.frame
    yield Meeting, _meetings(tree, start)
    ctx = {"now": now, "unusable": make_password(None), "seed": seed, "tz": settings.TIME_ZONE}
    cache: dict[str, str] = {}
    first_member = first_user = 1
    for number, batch in enumerate(generate_members(config, tree.rows, batch_size=100_000)):
        batch_rng = np.random.default_rng([seed, number])
        members = _members(batch, first_member, tree, batch_rng, cache, now)
        yield Member, members
        made = _activity(members, first_user, tree, batch_rng, ctx)
        for key, model in (
            ("users", User),
            ("daily", DailyActivity),
            ("installs", AppInstall),
            ("registrations", Registration),
            ("codes", ActivationCode),
            ("attendance", Attendance),
        ):
            yield model, made[key]
        if done.tally:
            _tally(done.per_org, members, made["_masks"])
        first_member += members.height
        first_user += made["users"].height


ROW_NAMES = {
    "orgs_org": "organisations",
    "meetings_meeting": "meetings today",
    "members_member": "members",
    "accounts_user": "users",
    "usage_dailyactivity": "daily",
    "usage_appinstall": "installs",
    "accounts_registration": "registrations",
    "accounts_activationcode": "codes",
    "meetings_attendance": "attendance",
}


def load(config: Any, *, seed: int, now: datetime.datetime, tally: bool = False) -> Loaded:
    """Organisations, members and a meeting day's activity for `config` (an empty database)."""
    from sotay.audit.log import record
    from sotay.audit.models import AuditAction

    done = Loaded(tally=tally)
    rebuild = drop_indexes()
    for model, frame in frames(config, seed=seed, now=now, done=done):
        done.rows[ROW_NAMES[model._meta.db_table]] += copy_frame(model, frame, now)
    done.rows.update(_derived(now, now - datetime.timedelta(minutes=30)))
    for statement in rebuild:
        _sql(statement)
    _sql("ANALYZE " + ", ".join(TABLES))
    record(
        actor=None,
        action=AuditAction.CREATE,
        object_type="synthetic_activity",
        summary=(
            f"Nạp dữ liệu giả lập (COPY): {done.rows['members']} đảng viên, {done.rows['users']} tài khoản"
        ),
    )
    return done


def member_roles_and_notifications(now: datetime.datetime) -> Counter[str]:
    """Each synthetic account's member role (as activation grants it) and two notifications: today's
    meeting invitation (if its branch meets) and the latest news item (if any)."""
    from sotay.accounts.models import Role
    from sotay.news.models import NewsItem

    tables = ("accounts_roleassignment", "notifications_notification")
    rebuild = drop_indexes(tables)
    done: Counter[str] = Counter()
    done["member roles"] = _sql(
        "INSERT INTO accounts_roleassignment (user_id, role, org_id, created_at) "
        "SELECT u.id, %s, m.org_id, %s FROM accounts_user u JOIN members_member m ON m.id = u.member_id "
        "WHERE u.username LIKE 'dv-%%'",
        [Role.MEMBER.value, now],
    )
    done["notifications"] = _sql(
        "INSERT INTO notifications_notification (kind, title, body, url, dedupe, created_at, user_id) "
        "SELECT 'meetings.published', 'Giấy mời sinh hoạt chi bộ', '', '/sinh-hoat/' || g.id || '/', '', %s, "
        "u.id FROM accounts_user u JOIN members_member m ON m.id = u.member_id "
        "JOIN meetings_meeting g ON g.branch_id = m.org_id AND g.starts_at::date = %s::date "
        "WHERE u.username LIKE 'dv-%%'",
        [now, now],
    )
    news = NewsItem.objects.order_by("-published_at").values_list("pk", "title").first()
    if news:
        done["notifications"] += _sql(
            "INSERT INTO notifications_notification (kind, title, body, url, dedupe, created_at, user_id) "
            "SELECT 'news.published', %s, '', %s, '', %s, id FROM accounts_user WHERE username LIKE 'dv-%%'",
            [news[1], f"/tin-tuc/{news[0]}/", now],
        )
    for statement in rebuild:
        _sql(statement)
    _sql("ANALYZE " + ", ".join(tables))
    return done
