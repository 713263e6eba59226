"""Splitting member counts into committees, grassroots units and branches of 3–60 members."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from sotay.synth.profiles import AGENCY_BRANCH, AGENCY_UNITS, WARD_MIX, Profile

MIN_BRANCH, MAX_BRANCH = 3, 60
Ints = npt.NDArray[np.int64]


def allocate(total: int, weights: npt.NDArray[np.float64], minimum: int = 0) -> Ints:
    """Split ``total`` in proportion to ``weights`` (largest remainder), each part at least ``minimum``.

    Example:
        >>> allocate(10, np.array([1.0, 1.0, 2.0])).tolist()
        [3, 2, 5]
    """
    weights = weights / weights.sum()
    spare = total - minimum * len(weights)
    raw = weights * spare
    parts = np.floor(raw).astype(np.int64)
    remainder = spare - int(parts.sum())
    parts[np.argsort(-(raw - parts), kind="stable")[:remainder]] += 1
    return parts + minimum


def branch_sizes(rng: np.random.Generator, total: int, median: float, sigma: float) -> list[int]:
    """Branch sizes within 3..60 summing to ``total`` (``total`` >= 3), log-normal around ``median``.

    Example:
        >>> s = branch_sizes(np.random.default_rng(1), 500, 20.0, 0.5)
        >>> sum(s), min(s) >= 3, max(s) <= 60
        (500, True, True)
    """
    if total <= MAX_BRANCH and (total < 2 * MIN_BRANCH or rng.random() < 0.5):
        return [total]
    count = int(total / median * 1.5) + 4
    sizes = np.clip(np.rint(rng.lognormal(np.log(median), sigma, count)), MIN_BRANCH, MAX_BRANCH).astype(int)
    while sizes.sum() < total:  # rare: the draw came out too small
        sizes = np.r_[sizes, sizes]
    cut = int(np.searchsorted(np.cumsum(sizes), total))
    out = sizes[: cut + 1].tolist()
    excess = sum(out) - total
    # Trim the overshoot from the largest branches, never below the minimum.
    for i in np.argsort(out)[::-1]:
        take = min(excess, out[i] - MIN_BRANCH)
        out[i] -= take
        excess -= take
        if excess == 0:
            break
    return out


def split_mix(
    rng: np.random.Generator, total: int, mix: list[tuple[Profile, float, float, float]] = WARD_MIX
) -> list[tuple[Profile, list[list[int]]]]:
    """A ward committee's members as units by profile: each unit is a list of branch sizes.

    Residential, school and enterprise branches are their own ``Chi bộ cơ sở``; the ward's government
    offices, health station, police and militia form one unit each (a ``Đảng bộ cơ sở`` when large).
    Components too small for a branch go to the residential branches.

    Example:
        >>> units = split_mix(np.random.default_rng(1), 900)
        >>> sum(s for _p, group in units for unit in group for s in unit)
        900
    """
    parts = allocate(total, np.array([share for _p, share, _m, _s in mix]))
    small = parts < MIN_BRANCH
    parts[0] += int(parts[small].sum())
    parts[small & (np.arange(len(parts)) > 0)] = 0
    out: list[tuple[Profile, list[list[int]]]] = []
    for (profile, _share, median, sigma), part in zip(mix, parts, strict=True):
        if part == 0:
            continue
        branches = branch_sizes(rng, int(part), median, sigma)
        if profile in (Profile.RES, Profile.EDU):
            out.append((profile, [[b] for b in branches]))
        elif profile is Profile.ENT:
            out.append((profile, _chunks(rng, branches, 1, 4)))
        else:
            out.append((profile, [branches]))
    return out


def split_units(rng: np.random.Generator, total: int, agency: str) -> list[tuple[Profile, list[int]]]:
    """An agency committee's members as grassroots units (profile, branch sizes).

    Example:
        >>> units = split_units(np.random.default_rng(1), 5_000, "UB")
        >>> sum(sum(branches) for _p, branches in units)
        5000
    """
    kinds = AGENCY_UNITS[agency]
    profiles = list(kinds)
    probs = np.array([kinds[p] for p in profiles])
    unit_totals = branch_sizes_any(rng, total, 110.0, 0.9)
    out: list[tuple[Profile, list[int]]] = []
    for unit_total in unit_totals:
        profile = profiles[int(rng.choice(len(profiles), p=probs / probs.sum()))]
        median, sigma = AGENCY_BRANCH[profile]
        out.append((profile, branch_sizes(rng, unit_total, median, sigma)))
    return out


def branch_sizes_any(rng: np.random.Generator, total: int, median: float, sigma: float) -> list[int]:
    """Like ``branch_sizes`` but with no upper bound (sizes of whole grassroots units, at least 3)."""
    out: list[int] = []
    left = total
    while left > 0:
        size = max(MIN_BRANCH, int(rng.lognormal(np.log(median), sigma)))
        if left - size < MIN_BRANCH:
            size = left
        out.append(size)
        left -= size
    return out


def _chunks(rng: np.random.Generator, items: list[int], low: int, high: int) -> list[list[int]]:
    out: list[list[int]] = []
    i = 0
    while i < len(items):
        n = int(rng.integers(low, high + 1))
        out.append(items[i : i + n])
        i += n
    return out
