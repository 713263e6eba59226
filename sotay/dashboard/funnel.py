"""The adoption funnel of a node: each step as a count with its share of all active members and of the
eligible ones (two labelled denominators), and the numbers that cannot be right, explained.

Pure functions over a node's summed facts (`queries.node_figures`): no query here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Figures = dict[str, int]


@dataclass(frozen=True)
class Step:
    key: str  # the BranchDay figure
    label: str
    missing_list: str  # the drill-down list of members who have not reached this step ("" for none)
    list_label: str = ""


# In funnel order.
STEPS: tuple[Step, ...] = (
    Step("active", "Đảng viên đang sinh hoạt", "", ""),
    Step("eligible", "Thuộc diện dùng Sổ tay (trừ miễn sinh hoạt)", "mien-sinh-hoat", "Miễn sinh hoạt"),
    Step("entitled", "Đã đồng bộ sang Sổ tay", "chua-dong-bo", "Chưa đồng bộ"),
    Step("reached", "Đã đăng ký hoặc được cấp mã kích hoạt", "chua-dang-ky", "Chưa đăng ký, chưa có mã"),
    Step("activated", "Đã kích hoạt tài khoản", "chua-kich-hoat", "Chưa kích hoạt"),
    Step("signed_in", "Đã đăng nhập ít nhất một lần", "chua-dang-nhap", "Chưa đăng nhập lần nào"),
    Step("active_30d", "Có hoạt động trong 30 ngày qua", "khong-hoat-dong", "Không hoạt động 30 ngày"),
    Step(
        "checked_in",
        "Đã điểm danh tại buổi sinh hoạt trên ứng dụng (30 ngày qua)",
        "chua-diem-danh",
        "Chưa điểm danh trên ứng dụng",
    ),
)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def fmt_percent(value: float | None) -> str:
    """Vietnamese notation: 92,1%; a dash when there is no denominator."""
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


@dataclass
class FunnelRow:
    step: Step
    count: int
    of_active: float | None
    of_eligible: float | None
    flags: list[str] = field(default_factory=list)

    @property
    def of_active_text(self) -> str:
        return fmt_percent(self.of_active)

    @property
    def of_eligible_text(self) -> str:
        return fmt_percent(self.of_eligible)


def funnel(fig: Figures) -> list[FunnelRow]:
    active, eligible = fig.get("active", 0), fig.get("eligible", 0)
    rows = []
    for step in STEPS:
        n = fig.get(step.key, 0)
        rows.append(
            FunnelRow(
                step=step,
                count=n,
                of_active=percent(n, active),
                of_eligible=percent(n, eligible) if step.key != "active" else None,
            )
        )
    for row in rows:
        row.flags = flags_for(row, fig)
    return rows


def flags_for(row: FunnelRow, fig: Figures) -> list[str]:
    """Why a figure is impossible on its face (a share above 100%, more accounts than members)."""
    out = []
    key, n, eligible, active = row.step.key, row.count, fig.get("eligible", 0), fig.get("active", 0)
    if key == "entitled" and n > eligible:
        out.append(
            f"Sổ tay đang cấp quyền cho {n - eligible} người nhiều hơn số đảng viên thuộc diện: có người đã "
            "miễn sinh hoạt, chuyển đi hoặc ra khỏi danh sách mà lần đồng bộ gần nhất chưa thu hồi. "
            "Hãy đồng bộ lại."
        )
    if key == "activated" and fig.get("activated_inactive", 0):
        out.append(
            f"{fig['activated_inactive']} tài khoản thuộc đảng viên không còn trong danh sách sinh hoạt "
            "(ra khỏi Đảng, từ trần…) vẫn đang mở; chúng được đếm ở đây nhưng không thuộc mẫu số."
        )
    if key in {"activated", "signed_in", "active_30d"} and n > active:
        out.append(
            f"Số tài khoản ({n}) lớn hơn số đảng viên đang sinh hoạt ({active}): không thể đúng; "
            "cần khóa tài khoản của người đã ra khỏi danh sách."
        )
    elif key not in {"active", "eligible"} and eligible and n > eligible:
        out.append(
            f"Tỉ lệ trên số thuộc diện vượt 100% ({row.of_eligible_text}): có người miễn sinh hoạt hoặc "
            "đã ra khỏi danh sách vẫn được tính ở bước này."
        )
    return out


def share(fig: Figures, step: str, base: str) -> float | None:
    return percent(fig.get(step, 0), fig.get(base, 0))
