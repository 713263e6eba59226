"""The meetings columns of a node and of its child units, from summed facts: the share of branches
that held this month's regular meeting on the app, the attendance rate, and how many branches carry
each compliance flag of `sotay.meetings.compliance`. Pure functions: no query here."""

from __future__ import annotations

from dataclasses import dataclass

from sotay.dashboard.funnel import Figures, fmt_percent, percent
from sotay.orgs.models import Org

FLAGS = {
    "flag_month_without_regular": "Có tháng không sinh hoạt thường kỳ (3 tháng qua)",
    "flag_quarter_without_thematic": "Quý trước không sinh hoạt chuyên đề",
    "flag_documents_late": "Gửi tài liệu chưa đủ 2 ngày trước buổi họp",
    "flag_minutes_late": "Biên bản không hoàn tất trong 3 ngày",
    "flag_next_month_unscheduled": "Chưa lên lịch tháng sau (hạn ngày 20)",
}


@dataclass
class MeetingsRow:
    fig: Figures
    org: Org | None = None

    @property
    def branches(self) -> int:
        return self.fig.get("branches", 0)

    @property
    def held(self) -> int:
        return self.fig.get("held_regular", 0)

    @property
    def not_held(self) -> int:
        return self.branches - self.held

    @property
    def held_text(self) -> str:
        return fmt_percent(percent(self.held, self.branches))

    @property
    def attendance_text(self) -> str:
        return fmt_percent(
            percent(self.fig.get("attendance_present", 0), self.fig.get("attendance_marked", 0))
        )

    @property
    def documents_unopened(self) -> int:
        return self.fig.get("documents_due", 0) - self.fig.get("documents_opened", 0)

    @property
    def documents_text(self) -> str:
        return fmt_percent(percent(self.fig.get("documents_opened", 0), self.fig.get("documents_due", 0)))

    @property
    def flags(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.fig.get(key, 0)) for key, label in FLAGS.items()]


def rows(children: list[Org], figs: dict[str, Figures]) -> list[MeetingsRow]:
    """One row per child unit that has branches, fewest meetings held first."""
    out = [MeetingsRow(fig=figs.get(c.path, {}), org=c) for c in children]
    out = [r for r in out if r.branches]
    return sorted(out, key=lambda r: (r.held / r.branches, r.org.name if r.org else ""))
