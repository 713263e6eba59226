"""The organisation tree, shaped like the HCMC party organisation after the 2025 reform (domain.md §3.3).

Each province: root ``Đảng bộ tỉnh`` -> one committee per 2025 ward/commune/special zone (real names and codes
from ``vietnam_provinces``) + 5 agency committees -> grassroots units (``Đảng bộ cơ sở`` with ``Chi bộ``
children, or ``Chi bộ cơ sở`` leaves). Members sit in leaves of 3–60 people.

Code scheme (dotted, stable for a seed): root ``79``; ward committee ``79.26833`` (5-digit 2025 ward code);
agency committee ``79.UB`` / ``79.CQ`` / ``79.MT`` / ``79.CA`` / ``79.QS``; grassroots unit ``79.26833.014``;
branch under a đảng bộ cơ sở ``79.26833.014.03``. A national run repeats the HCMC shape for every province
(``01``, ``04``, ...) over that province's real wards.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from vietnam_provinces import Province, ProvinceCode, Ward

from sotay.synth import sizes
from sotay.synth.config import SynthConfig
from sotay.synth.profiles import AGENCIES, WARD_MIX, Profile, unit_names

WARD_KIND = {"phường": "Đảng bộ phường", "xã": "Đảng bộ xã", "đặc khu": "Đặc khu"}
LEAF_KINDS = frozenset({"Chi bộ", "Chi bộ cơ sở"})
# Share of a province's members in ward committees; the rest sit in the 5 agency committees.
WARD_SHARE = 0.78


@dataclass(frozen=True)
class OrgRow:
    """One party organisation. ``kind`` is one of the legacy ``Loại`` values (legacy-format.md §2)."""

    code: str
    name: str
    parent_code: str | None
    kind: str
    ward_code: str | None
    ward_name: str | None


@dataclass(frozen=True)
class OrgPlan:
    """The tree plus how many members each leaf gets (leaves in tree order)."""

    orgs: tuple[OrgRow, ...]
    leaf_codes: tuple[str, ...]
    leaf_sizes: npt.NDArray[np.int64]
    leaf_profiles: tuple[Profile, ...]
    leaf_wards: tuple[str | None, ...]  # 2025 ward code of the leaf's committee (None for agencies)


def generate_orgs(config: SynthConfig) -> list[OrgRow]:
    """The organisation tree for ``config``, parents before children.

    Example:
        >>> orgs = generate_orgs(SynthConfig(members=3_000, wards=2, agencies=False))
        >>> [(o.code, o.kind) for o in orgs[:2]]
        [('79', 'Đảng bộ tỉnh'), ('79.25747', 'Đảng bộ phường')]
    """
    return list(plan_orgs(config).orgs)


def province_place(code: int) -> str:
    """How a province is named after "Đảng bộ": "Thành phố Hồ Chí Minh", "tỉnh Cao Bằng".

    Example:
        >>> province_place(4)
        'tỉnh Cao Bằng'
    """
    name = Province.from_code(ProvinceCode(code)).name
    return "tỉnh " + name.removeprefix("Tỉnh ") if name.startswith("Tỉnh ") else name


@cache
def plan_orgs(config: SynthConfig) -> OrgPlan:
    """Build the tree and the leaf sizes together (cached: generate_members re-uses the same plan)."""
    rng = np.random.default_rng([config.seed, 0x0465])
    provinces = [(p, _province_wards(p, config.wards)) for p in config.provinces]
    # Top-level committees of all provinces with their share of members.
    tops: list[tuple[int, Ward | None, str | None]] = []
    weights: list[float] = []
    for province, wards in provinces:
        ward_w = rng.lognormal(0.0, 0.45, len(wards))
        ward_share = WARD_SHARE if config.agencies else 1.0
        scale = float(len(wards))  # provinces weigh by their number of wards
        for ward, w in zip(wards, ward_w / ward_w.sum(), strict=True):
            tops.append((province, ward, None))
            weights.append(scale * ward_share * w)
        if config.agencies:
            for key, share, _name in AGENCIES:
                tops.append((province, None, key))
                weights.append(scale * (1 - WARD_SHARE) * share)
    if config.members < 3 * len(tops):
        raise ValueError(
            f"{config.members:,} members cannot fill {len(tops)} committees with branches of at least "
            f"3 members; ask for at least {3 * len(tops):,} members, or fewer wards (--wards)"
        )
    totals = sizes.allocate(config.members, np.array(weights), minimum=3)

    builder = _Builder()
    for province, _wards in provinces:
        place = province_place(province)
        builder.add(OrgRow(f"{province:02d}", f"Đảng bộ {place}", None, "Đảng bộ tỉnh", None, None))
    for (province, top_ward, agency), total in zip(tops, totals, strict=True):
        parent = f"{province:02d}"
        if top_ward is not None:
            _build_ward(builder, rng, parent, top_ward, int(total))
        else:
            assert agency is not None
            _build_agency(builder, rng, parent, agency, province_place(province), int(total))
    return builder.plan()


def _province_wards(province: int, limit: int | None) -> list[Ward]:
    wards = sorted(Ward.iter_by_province(ProvinceCode(province)), key=lambda w: int(w.code))
    return wards if limit is None else wards[:limit]


class _Builder:
    def __init__(self) -> None:
        self.orgs: list[OrgRow] = []
        self.leaves: list[tuple[str, int, Profile, str | None]] = []

    def add(self, org: OrgRow) -> None:
        self.orgs.append(org)

    def unit(
        self,
        parent: OrgRow,
        code: str,
        names: tuple[str, list[str]],
        branch_sizes: list[int],
        profile: Profile,
    ) -> None:
        """A grassroots unit: one branch -> Chi bộ cơ sở; several -> Đảng bộ cơ sở with Chi bộ children."""
        unit_name, branch_names = names
        ward = (parent.ward_code, parent.ward_name)
        if len(branch_sizes) == 1:
            self.add(OrgRow(code, "Chi bộ " + unit_name, parent.code, "Chi bộ cơ sở", *ward))
            self.leaves.append((code, branch_sizes[0], profile, parent.ward_code))
            return
        self.add(OrgRow(code, "Đảng bộ " + unit_name, parent.code, "Đảng bộ cơ sở", *ward))
        width = max(2, len(str(len(branch_sizes))))
        for i, (size, name) in enumerate(zip(branch_sizes, branch_names, strict=True), start=1):
            leaf = f"{code}.{i:0{width}d}"
            self.add(OrgRow(leaf, "Chi bộ " + name, code, "Chi bộ", *ward))
            self.leaves.append((leaf, size, profile, parent.ward_code))

    def plan(self) -> OrgPlan:
        codes, leaf_sizes, profiles, wards = zip(*self.leaves, strict=True)
        return OrgPlan(tuple(self.orgs), codes, np.array(leaf_sizes, dtype=np.int64), profiles, wards)


def _numbered(count: int) -> Iterator[str]:
    width = max(3, len(str(count)))
    return (f"{i:0{width}d}" for i in range(1, count + 1))


def _build_ward(builder: _Builder, rng: np.random.Generator, parent: str, ward: Ward, total: int) -> None:
    kind = WARD_KIND[str(ward.division_type.value)]
    local = ward.name[0].lower() + ward.name[1:]  # "phường Long Bình", "xã Cần Giờ", "đặc khu Côn Đảo"
    code = f"{parent}.{int(ward.code):05d}"
    committee = OrgRow(code, f"Đảng bộ {local}", parent, kind, f"{int(ward.code):05d}", ward.name)
    builder.add(committee)
    groups = sizes.split_mix(rng, total, WARD_MIX)
    units = [(profile, s) for profile, group in groups for s in group]
    _add_units(builder, rng, committee, units, local)


def _build_agency(
    builder: _Builder, rng: np.random.Generator, parent: str, key: str, place: str, total: int
) -> None:
    _k, _share, title = next(a for a in AGENCIES if a[0] == key)
    code = f"{parent}.{key}"
    committee = OrgRow(code, f"Đảng bộ {title} {place}", parent, "Đảng bộ cơ quan", None, None)
    builder.add(committee)
    _add_units(builder, rng, committee, sizes.split_units(rng, total, key), place)


def _add_units(
    builder: _Builder,
    rng: np.random.Generator,
    committee: OrgRow,
    units: list[tuple[Profile, list[int]]],
    place: str,
) -> None:
    numbers = _numbered(len(units))
    ordinals: dict[Profile, int] = {}
    for profile, unit_sizes in units:
        ordinals[profile] = ordinals.get(profile, 0) + 1
        names = unit_names(rng, profile, place, len(unit_sizes), committee.kind, ordinals[profile])
        builder.unit(committee, f"{committee.code}.{next(numbers)}", names, unit_sizes, profile)
