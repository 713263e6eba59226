"""Clean synthetic members, vectorised with numpy and streamed as polars batches.

Every value obeys domain.md: admission at 18 full years or later (counted in months), official date =
admission + 12 months, nothing after ``config.today``, probationary members admitted in the last 12 months
with no card and no official date, CCCD consistent with birth province / gender / birth year and unique,
8-digit cards unique. Clean rows must trigger no finding of the checker.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import polars as pl

from sotay.pipeline.schema import LEGACY_KEYS
from sotay.synth import names as pools
from sotay.synth.config import SynthConfig
from sotay.synth.ids import CardNumbers, CccdIssuer
from sotay.synth.npdates import add_months, full_months, to_day, ymd
from sotay.synth.orgs import OrgPlan, OrgRow, plan_orgs
from sotay.synth.places import HOMETOWNS_PER_PROVINCE, Places, pick_stems, places_for
from sotay.synth.profiles import Profile

COLUMNS = [key for key in LEGACY_KEYS if key != "stt"]
# Rows are generated in fixed chunks seeded by (seed, chunk number), so data never depends on batch_size.
CHUNK = 50_000
PROFILES = list(Profile)
# Per profile: share of women, share of probationary members, age triangle (left, mode, right) in years.
FEMALE = np.array([0.45, 0.45, 0.72, 0.65, 0.45, 0.12, 0.08])
PROBATION = np.array([0.015, 0.03, 0.04, 0.04, 0.05, 0.06, 0.08])
AGE_TRIANGLE = np.array(
    [[22, 40, 60], [23, 42, 60], [23, 38, 60], [24, 40, 60], [21, 34, 58], [20, 30, 55], [20, 28, 50]],
    dtype=float,
)
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Days = npt.NDArray[np.datetime64]


class _Pools:
    """polars Series used as lookup tables (gather by index is fast)."""

    def __init__(self, places: Places) -> None:
        self.family, self.p_family = pools.weighted(pools.FAMILY)
        khmer, self.p_khmer = pools.weighted(pools.FAMILY_KHMER)
        hoa, self.p_hoa = pools.weighted(pools.FAMILY_HOA)
        self.khmer_offset, self.hoa_offset = len(self.family), len(self.family) + len(khmer)
        self.s_family = pl.Series(self.family + khmer + hoa)
        male, self.p_mid_m = pools.weighted(pools.MIDDLE_MALE)
        female, self.p_mid_f = pools.weighted(pools.MIDDLE_FEMALE)
        self.mid_f_offset = len(male)
        self.s_middle = pl.Series(male + female)
        self.i_van, self.i_thi = male.index("Văn"), len(male) + female.index("Thị")
        self.s_second = pl.Series(pools.SECOND_MIDDLE_MALE + pools.SECOND_MIDDLE_FEMALE)
        gm, self.p_giv_m = pools.weighted(pools.GIVEN_MALE)
        gf, self.p_giv_f = pools.weighted(pools.GIVEN_FEMALE)
        self.giv_f_offset = len(gm)
        self.s_given = pl.Series(gm + gf)
        self.ethnic, self.p_ethnic = pools.weighted(pools.ETHNIC_SHARE)
        self.religion, self.p_religion = pools.weighted(pools.RELIGION_SHARE)
        self.prefix, self.p_prefix = pools.weighted(pools.MOBILE_PREFIX)
        self.s_streets = pl.Series(pools.STREETS)
        self.s_stems = pl.Series(places.stems)
        self.s_hometowns = pl.Series(places.hometowns)
        self.ppp = np.array(pools.cccd_province_codes(), dtype=np.int64)
        self.ppp_index = {int(c): i for i, c in enumerate(self.ppp)}
        # Migrants' birth provinces: Mekong delta, the central coast and big northern provinces weigh more.
        heavy = {
            1,
            38,
            40,
            42,
            44,
            45,
            46,
            48,
            49,
            51,
            52,
            54,
            36,
            34,
            80,
            82,
            83,
            84,
            86,
            87,
            89,
            91,
            92,
            94,
            95,
            96,
        }
        w = np.array([3.0 if c in heavy else 1.0 for c in self.ppp])
        self.p_migrant = w / w.sum()


def generate_members(
    config: SynthConfig, orgs: list[OrgRow], *, batch_size: int = 200_000
) -> Iterator[pl.DataFrame]:
    """Stream ``config.members`` clean members as DataFrames of ``batch_size`` rows (the last may be shorter).

    ``orgs`` must be ``generate_orgs(config)``: leaf sizes come from the same seeded plan.

    Example:
        >>> from datetime import date
        >>> from sotay.synth.orgs import generate_orgs
        >>> cfg = SynthConfig(members=2_000, wards=2, agencies=False, today=date(2026, 3, 1))
        >>> batch = next(generate_members(cfg, generate_orgs(cfg)))
        >>> batch.height, batch.columns[:3]
        (2000, ['member_code', 'ho_ten', 'ngay_sinh'])
    """
    plan = plan_orgs(config)
    leaves = [o.code for o in orgs if o.kind in ("Chi bộ", "Chi bộ cơ sở")]
    if tuple(leaves) != plan.leaf_codes:
        raise ValueError("orgs must be the list returned by generate_orgs(config) for the same config")
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    places = places_for(config.provinces, config.seed)
    ctx = _Context(config, plan, places)
    buffer: list[pl.DataFrame] = []
    buffered = 0
    for start in range(0, config.members, CHUNK):
        chunk = ctx.chunk(start, min(start + CHUNK, config.members))
        buffer.append(chunk)
        buffered += chunk.height
        while buffered >= batch_size:
            whole = pl.concat(buffer)
            yield whole.slice(0, batch_size)
            rest = whole.slice(batch_size)
            buffer, buffered = [rest], rest.height
    if buffered:
        yield pl.concat(buffer)


class _Context:
    def __init__(self, config: SynthConfig, plan: OrgPlan, places: Places) -> None:
        self.config, self.places, self.pools = config, places, _Pools(places)
        self.today = to_day(config.today)
        self.leaf_end = np.cumsum(plan.leaf_sizes)
        self.s_leaf = pl.Series(plan.leaf_codes)
        self.leaf_profile = np.array([PROFILES.index(p) for p in plan.leaf_profiles], dtype=np.int64)
        # Agency leaves have no ward: their members live anywhere in the province (-1 = pick at random).
        self.leaf_ward = np.array(
            [places.ward_index[w] if w else -1 for w in plan.leaf_wards], dtype=np.int64
        )
        self.leaf_province = np.array([int(c.split(".")[0]) for c in plan.leaf_codes], dtype=np.int64)
        home = {p: np.bincount(places.ward_home[w]).argmax() for p, w in places.province_wards.items()}
        self.leaf_home = np.where(
            self.leaf_ward >= 0,
            places.ward_home[np.maximum(self.leaf_ward, 0)],
            [home[p] for p in self.leaf_province],
        )
        self.cards = CardNumbers(config.seed)
        self.cccd = CccdIssuer(config.seed)

    def chunk(self, start: int, end: int) -> pl.DataFrame:
        rng = np.random.default_rng([self.config.seed, 0x3E3B, start // CHUNK])
        n, index = end - start, np.arange(start, end, dtype=np.int64)
        leaf = np.searchsorted(self.leaf_end, index, side="right")
        profile = self.leaf_profile[leaf]
        female = rng.random(n) < FEMALE[profile]
        probation = rng.random(n) < PROBATION[profile]
        birth, admitted, official, status = self._dates(rng, profile, probation)
        year = ymd(birth)[0]
        ethnic = rng.choice(len(self.pools.ethnic), n, p=self.pools.p_ethnic)
        religion = self._religion(rng, ethnic)
        age = (self.today - birth).astype(np.int64) / 365.25
        ppp = self._birth_province(rng, leaf, age)
        gender_digit = 2 * ((year - 1900) // 100) + female
        cccd = self.cccd.issue(ppp, gender_digit, year)
        has_card = status != 1
        card = self.cards.card(index)
        p = self.pools
        no_card = np.flatnonzero(~has_card)
        frame = pl.DataFrame(
            {
                "member_code": self._codes(index, leaf),
                "ho_ten": self._names(rng, female, ethnic, year),
                "ngay_sinh": pl.Series(birth),
                "gioi_tinh": pl.Series(np.where(female, "Nữ", "Nam")),
                "cccd": pl.Series(cccd).cast(pl.String).str.zfill(12),
                "so_the": pl.Series(card).cast(pl.String).str.zfill(8).scatter(no_card, None),
                "ngay_vao_dang": pl.Series(admitted),
                "ngay_chinh_thuc": pl.Series(official).scatter(no_card, None),
                "dan_toc": pl.Series(p.ethnic).gather(ethnic),
                "ton_giao": pl.Series(p.religion).gather(religion),
                "que_quan": p.s_hometowns.gather(
                    self._ppp_pos(ppp) * HOMETOWNS_PER_PROVINCE + rng.integers(0, HOMETOWNS_PER_PROVINCE, n)
                ),
                "noi_thuong_tru": self._address(rng, leaf),
                "so_dien_thoai": self._phones(rng, age, profile),
                "trinh_do_hoc_van": self._education(rng, age),
                "ly_luan_chinh_tri": self._theory(rng, probation),
                "ma_to_chuc": self.s_leaf.gather(leaf),
                "tinh_trang": pl.Series(["Chính thức", "Dự bị", "Miễn sinh hoạt"]).gather(status),
            }
        )
        # A column of the field table this generator does not fill (a new optional one) is written empty.
        blank = [pl.lit(None, pl.String).alias(c) for c in COLUMNS if c not in frame.columns]
        return frame.with_columns(blank).select(COLUMNS)

    def _dates(
        self, rng: np.random.Generator, profile: Ints, probation: Bools
    ) -> tuple[Days, Days, Days, Ints]:
        """Birth, admission and official dates, and status (0 official, 1 probationary, 2 exempted)."""
        n = len(profile)
        tri = AGE_TRIANGLE[profile]
        age = rng.triangular(tri[:, 0], tri[:, 1], tri[:, 2])
        # Residential branches: over half are retired, many of them very old (domain: "elderly members").
        retired = (profile == 0) & (rng.random(n) < 0.55)
        age = np.where(retired, np.clip(rng.normal(71, 8, n), 60, 96), age)
        age = np.where(probation, rng.triangular(19.2, 24, 42, n), age)
        birth = self.today - (age * 365.25).astype(np.int64).astype("timedelta64[D]")
        # Officials: admitted at 18 full years or later, at least 13 months before today (so the official
        # date, 12 months later, is not in the future even with the day offset below).
        max_months = np.minimum(full_months(birth, np.full(n, self.today)) - 14, 60 * 12)
        months = np.minimum(216 + (rng.gamma(2.0, 4.5, n) * 12).astype(np.int64), max_months)
        offset = rng.integers(3, 28, n).astype("timedelta64[D]")
        admitted = add_months(birth, months) + offset
        recent = self.today - rng.integers(1, 360, n).astype("timedelta64[D]")
        admitted = np.where(probation, recent, admitted)
        official = add_months(admitted, 12)
        late = ~probation & (official > self.today)
        admitted = np.where(late, add_months(birth, months) + np.timedelta64(3, "D"), admitted)
        official = add_months(admitted, 12)
        assert not (official[~probation] > self.today).any()
        exempt_p = np.where(age >= 78, 0.35, np.where(age >= 70, 0.15, 0.0)) * (profile == 0)
        status = np.where(probation, 1, np.where(rng.random(n) < exempt_p, 2, 0))
        return birth, admitted, official, status

    def _codes(self, index: Ints, leaf: Ints) -> pl.Series:
        province = pl.Series(self.leaf_province[leaf]).cast(pl.String).str.zfill(2)
        serial = pl.Series(index + 1).cast(pl.String).str.zfill(8)
        return pl.select(pl.concat_str([pl.lit("DV"), province, serial])).to_series()

    def _ppp_pos(self, ppp: Ints) -> Ints:
        return np.searchsorted(self.pools.ppp, ppp)

    def _birth_province(self, rng: np.random.Generator, leaf: Ints, age: npt.NDArray[np.float64]) -> Ints:
        local = rng.random(len(leaf)) < np.where(age < 40, 0.55, 0.4)
        migrant = self.pools.ppp[rng.choice(len(self.pools.ppp), len(leaf), p=self.pools.p_migrant)]
        return np.where(local, self.leaf_home[leaf], migrant)

    def _religion(self, rng: np.random.Generator, ethnic: Ints) -> Ints:
        p = self.pools
        religion = rng.choice(len(p.religion), len(ethnic), p=p.p_religion)
        # Chăm members are often Muslim, Khmer members Theravada Buddhists.
        cham, khmer = ethnic == p.ethnic.index("Chăm"), ethnic == p.ethnic.index("Khơ-me")
        u = rng.random(len(ethnic))
        religion = np.where(cham & (u < 0.6), p.religion.index("Hồi giáo"), religion)
        return np.where(khmer & (u < 0.8), p.religion.index("Phật giáo"), religion)

    def _names(self, rng: np.random.Generator, female: Bools, ethnic: Ints, year: Ints) -> pl.Series:
        p, n = self.pools, len(female)
        family = rng.choice(len(p.family), n, p=p.p_family)
        khmer, hoa = ethnic == p.ethnic.index("Khơ-me"), ethnic == p.ethnic.index("Hoa")
        family = np.where(khmer, p.khmer_offset + rng.choice(len(p.p_khmer), n, p=p.p_khmer), family)
        family = np.where(hoa, p.hoa_offset + rng.choice(len(p.p_hoa), n, p=p.p_hoa), family)
        middle = np.where(
            female,
            p.mid_f_offset + rng.choice(len(p.p_mid_f), n, p=p.p_mid_f),
            rng.choice(len(p.p_mid_m), n, p=p.p_mid_m),
        )
        # Members born before 1970 mostly carry the plain "Văn" / "Thị".
        old = (year < 1970) & (rng.random(n) < 0.4)
        middle = np.where(old, np.where(female, p.i_thi, p.i_van), middle)
        n_second_m = len(pools.SECOND_MIDDLE_MALE)
        second = np.where(
            female,
            n_second_m + rng.integers(0, len(pools.SECOND_MIDDLE_FEMALE), n),
            rng.integers(0, n_second_m, n),
        )
        two = np.where(
            female, (middle == p.i_thi) & (rng.random(n) < 0.2), (middle == p.i_van) & (rng.random(n) < 0.06)
        )
        given = np.where(
            female,
            p.giv_f_offset + rng.choice(len(p.p_giv_f), n, p=p.p_giv_f),
            rng.choice(len(p.p_giv_m), n, p=p.p_giv_m),
        )
        frame = pl.DataFrame(
            {
                "f": p.s_family.gather(family),
                "m": p.s_middle.gather(middle),
                "s": p.s_second.gather(second).scatter(np.flatnonzero(~two), None),
                "g": p.s_given.gather(given),
            }
        )
        return frame.select(pl.concat_str(["f", "m", "s", "g"], separator=" ", ignore_nulls=True)).to_series()

    def _address(self, rng: np.random.Generator, leaf: Ints) -> pl.Series:
        n = len(leaf)
        ward = self.leaf_ward[leaf]
        anywhere = np.flatnonzero(ward < 0)
        for province in np.unique(self.leaf_province[leaf[anywhere]]):
            rows = anywhere[self.leaf_province[leaf[anywhere]] == province]
            wards = self.places.province_wards[int(province)]
            ward[rows] = wards[rng.integers(0, len(wards), len(rows))]
        stem = pick_stems(self.places, ward, rng)
        house = pl.Series(rng.integers(1, 400, n)).cast(pl.String)
        alley = (
            pl.Series(rng.integers(1, 60, n))
            .cast(pl.String)
            .scatter(np.flatnonzero(rng.random(n) < 0.6), None)
        )
        frame = pl.DataFrame(
            {
                "h": house,
                "a": alley,
                "s": self.pools.s_streets.gather(rng.integers(0, len(pools.STREETS), n)),
                "t": self.pools.s_stems.gather(stem),
            }
        )
        number = pl.concat_str(["h", "a"], separator="/", ignore_nulls=True)
        return frame.select(
            pl.concat_str([number, pl.col("s")], separator=" ") + ", " + pl.col("t")
        ).to_series()

    def _phones(self, rng: np.random.Generator, age: npt.NDArray[np.float64], profile: Ints) -> pl.Series:
        n = len(age)
        prefix = pl.Series(self.pools.prefix).gather(
            rng.choice(len(self.pools.prefix), n, p=self.pools.p_prefix)
        )
        rest = pl.Series(rng.integers(0, 10_000_000, n)).cast(pl.String).str.zfill(7)
        missing = rng.random(n) < np.where((age >= 75) & (profile == 0), 0.35, 0.05)
        return (prefix + rest).scatter(np.flatnonzero(missing), None)

    def _education(self, rng: np.random.Generator, age: npt.NDArray[np.float64]) -> pl.Series:
        u = rng.random(len(age))
        level = np.where((age >= 65) & (u < 0.35), 1, np.where(u > 0.96, 2, 0))
        return pl.Series(["12/12", "10/10", "9/12"]).gather(level)

    def _theory(self, rng: np.random.Generator, probation: Bools) -> pl.Series:
        levels = pl.Series(["Sơ cấp", "Trung cấp", "Cao cấp", "Cử nhân", None])
        official = rng.choice(5, len(probation), p=[0.5, 0.33, 0.1, 0.02, 0.05])
        new = np.where(rng.random(len(probation)) < 0.4, 0, 4)
        return levels.gather(np.where(probation, new, official))
