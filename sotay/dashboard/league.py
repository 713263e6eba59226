"""The league table of a node's child units and its headline sentence, from summed facts."""

from __future__ import annotations

from dataclasses import dataclass

from sotay.dashboard.funnel import STEPS, Figures, fmt_percent, percent
from sotay.orgs.models import Org

MEASURES = {s.key: s.label for s in STEPS if s.key not in {"active"}}
BASES = {"active": "tổng số đảng viên", "eligible": "số đảng viên thuộc diện"}
SORTS = ("target", "share", "name", "members", "trend")


@dataclass
class LeagueRow:
    org: Org
    fig: Figures
    share: float | None
    before: float | None  # the share at the start of the trend window

    @property
    def share_text(self) -> str:
        return fmt_percent(self.share)

    @property
    def trend(self) -> float | None:
        if self.share is None or self.before is None:
            return None
        return round(self.share - self.before, 1)

    @property
    def trend_text(self) -> str:
        t = self.trend
        if t is None:
            return "—"
        sign = "+" if t > 0 else ("−" if t < 0 else "±")
        return f"{sign}{abs(t):.1f}".replace(".", ",") + " điểm"


def rows(
    children: list[Org],
    now: dict[str, Figures],
    before: dict[str, Figures],
    *,
    measure: str,
    base: str,
) -> list[LeagueRow]:
    out = []
    for org in children:
        fig = now.get(org.path, {})
        old = before.get(org.path)
        out.append(
            LeagueRow(
                org=org,
                fig=fig,
                share=percent(fig.get(measure, 0), fig.get(base, 0)),
                before=percent(old.get(measure, 0), old.get(base, 0)) if old else None,
            )
        )
    return out


def order(table: list[LeagueRow], sort: str, target: float) -> list[LeagueRow]:
    """`target` (the default): units below the target first, lowest share first, then the others."""

    def share_key(r: LeagueRow) -> float:
        return -1.0 if r.share is None else r.share

    if sort == "share":
        return sorted(table, key=lambda r: (-share_key(r), r.org.name))
    if sort == "name":
        return sorted(table, key=lambda r: r.org.name)
    if sort == "members":
        return sorted(table, key=lambda r: (-r.fig.get("active", 0), r.org.name))
    if sort == "trend":
        return sorted(table, key=lambda r: (-(r.trend if r.trend is not None else -1000), r.org.name))
    return sorted(table, key=lambda r: (share_key(r) >= target, share_key(r), r.org.name))


def above(table: list[LeagueRow], threshold: float) -> int:
    """Units strictly above the threshold ("trên 50%"); units with no members are never above."""
    return sum(1 for r in table if r.share is not None and r.share > threshold)


def headline(table: list[LeagueRow], *, measure: str, base: str, low: float, high: float) -> str:
    """ "95/173 đơn vị có trên 50% đảng viên đã đăng nhập ít nhất một lần; 36 đơn vị trên 80%"."""
    what = MEASURES[measure][0].lower() + MEASURES[measure][1:]
    who = "đảng viên" if base == "active" else "đảng viên thuộc diện"
    return (
        f"{above(table, low)}/{len(table)} đơn vị có trên {_num(low)}% {who} {what}; "
        f"{above(table, high)} đơn vị trên {_num(high)}%."
    )


def _num(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def below_target(table: list[LeagueRow], target: float) -> int:
    return sum(1 for r in table if r.share is None or r.share < target)


__all__ = ["BASES", "MEASURES", "SORTS", "LeagueRow", "above", "headline", "order", "percent", "rows"]
