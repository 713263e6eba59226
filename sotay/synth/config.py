"""Settings of a synthetic run: how many members, which part of the country, which seed and which "today"."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Active members of the HCMC party organisation with a recorded citizen ID, 31/8/2025 (domain.md §1.4).
HCMC_MEMBERS = 365_911
# "hơn 5,6 triệu đảng viên" at the 14th Congress (domain.md §3.4).
NATIONAL_MEMBERS = 5_600_000
HCMC = 79
# The 34 provincial units of 2025 (vietnam_provinces ProvinceCode values).
ALL_PROVINCES: tuple[int, ...] = (
    1, 4, 8, 11, 12, 14, 15, 19, 20, 22, 24, 25, 31, 33, 37, 38, 40, 42, 44, 46,
    48, 51, 52, 56, 66, 68, 75, 79, 80, 82, 86, 91, 92, 96,
)  # fmt: skip


@dataclass(frozen=True)
class SynthConfig:
    """What to generate. Frozen and hashable, so the org plan can be cached per config.

    Example:
        >>> SynthConfig(members=2_000, wards=2, today=date(2026, 3, 1)).members
        2000
    """

    members: int = HCMC_MEMBERS
    seed: int = 1
    today: date = field(default_factory=date.today)
    # Keep only the first K wards (by 2025 code) of each province; None keeps all of them.
    wards: int | None = None
    # Provincial units to generate (2025 codes); the default is HCMC only.
    provinces: tuple[int, ...] = (HCMC,)
    # The 5 province-level agency committees (UBND, cơ quan Đảng, MTTQ, Công an, Quân sự).
    agencies: bool = True

    def __post_init__(self) -> None:
        if isinstance(self.members, bool) or not isinstance(self.members, int) or self.members < 1:
            raise ValueError(f"members must be a positive whole number, got {self.members!r}")
        if self.wards is not None and self.wards < 1:
            raise ValueError(f"wards must be at least 1, got {self.wards!r}")
        if not self.provinces:
            raise ValueError("provinces must name at least one provincial unit")
        unknown = sorted(set(self.provinces) - set(ALL_PROVINCES))
        if unknown:
            raise ValueError(f"unknown 2025 province codes: {unknown}")
        if self.today.year < 1990:
            raise ValueError(f"today must be a recent date, got {self.today}")

    @classmethod
    def national(cls, **overrides: object) -> SynthConfig:
        """All 34 provinces with 5.6 M members (each province shaped like HCMC).

        Example:
            >>> len(SynthConfig.national().provinces)
            34
        """
        values: dict[str, object] = {"members": NATIONAL_MEMBERS, "provinces": ALL_PROVINCES}
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
