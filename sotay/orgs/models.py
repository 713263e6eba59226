"""The party organisation tree: typed nodes of any depth, stored with a materialised path.

See docs/adr/0001-materialised-path-for-the-org-tree.md for why a path of fixed-width digit segments
and a range query (rather than LIKE, MPTT or a recursive CTE).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat, Length, Substr

SEGMENT_WIDTH = 10  # digits per level: the node's primary key, zero-padded; ten digits cover 10^10 nodes
MAX_DEPTH = 12


class OrgType(models.TextChoices):
    TRUNG_UONG = "trung_uong", "Trung ương"
    DANG_BO_TINH = "dang_bo_tinh", "Đảng bộ tỉnh/thành phố"
    DANG_BO_KHOI_TW = "dang_bo_khoi_tw", "Đảng bộ trực thuộc Trung ương"
    DANG_BO_XA = "dang_bo_xa", "Đảng bộ xã"
    DANG_BO_PHUONG = "dang_bo_phuong", "Đảng bộ phường"
    DAC_KHU = "dac_khu", "Đảng bộ đặc khu"
    DANG_BO_CO_QUAN = "dang_bo_co_quan", "Đảng bộ cơ quan"
    DANG_BO_CO_SO = "dang_bo_co_so", "Đảng bộ cơ sở"
    DANG_BO_BO_PHAN = "dang_bo_bo_phan", "Đảng bộ bộ phận"
    CHI_BO_CO_SO = "chi_bo_co_so", "Chi bộ cơ sở"
    CHI_BO = "chi_bo", "Chi bộ"


# Members are active in branches: a chi bộ under a grassroots unit, or a grassroots chi bộ cơ sở.
BRANCH_TYPES = frozenset({OrgType.CHI_BO, OrgType.CHI_BO_CO_SO})
# Grassroots units (tổ chức cơ sở đảng): the level whose staff run a cleaning campaign's data work.
GRASSROOTS_TYPES = frozenset({OrgType.DANG_BO_CO_SO, OrgType.CHI_BO_CO_SO})

# Which child types each type may have. Kept permissive where the party's structure varies by bloc.
ALLOWED_CHILDREN: dict[str, frozenset[str]] = {
    OrgType.TRUNG_UONG: frozenset({OrgType.DANG_BO_TINH, OrgType.DANG_BO_KHOI_TW}),
    OrgType.DANG_BO_TINH: frozenset(
        {
            OrgType.DANG_BO_XA,
            OrgType.DANG_BO_PHUONG,
            OrgType.DAC_KHU,
            OrgType.DANG_BO_CO_QUAN,
            OrgType.DANG_BO_CO_SO,
            OrgType.CHI_BO_CO_SO,
        }
    ),
    OrgType.DANG_BO_KHOI_TW: frozenset(
        {OrgType.DANG_BO_CO_QUAN, OrgType.DANG_BO_CO_SO, OrgType.CHI_BO_CO_SO}
    ),
    OrgType.DANG_BO_XA: frozenset({OrgType.DANG_BO_CO_SO, OrgType.CHI_BO_CO_SO}),
    OrgType.DANG_BO_PHUONG: frozenset({OrgType.DANG_BO_CO_SO, OrgType.CHI_BO_CO_SO}),
    OrgType.DAC_KHU: frozenset({OrgType.DANG_BO_CO_SO, OrgType.CHI_BO_CO_SO}),
    OrgType.DANG_BO_CO_QUAN: frozenset(
        {OrgType.DANG_BO_CO_SO, OrgType.CHI_BO_CO_SO, OrgType.DANG_BO_CO_QUAN}
    ),
    OrgType.DANG_BO_CO_SO: frozenset({OrgType.DANG_BO_BO_PHAN, OrgType.CHI_BO}),
    OrgType.DANG_BO_BO_PHAN: frozenset({OrgType.CHI_BO}),
    OrgType.CHI_BO_CO_SO: frozenset(),
    OrgType.CHI_BO: frozenset(),
}


class AdminCodeSystem(models.TextChoices):
    """Administrative unit codes were reused in 2025 (domain.md §2.3, §3.2): keep the system with the code."""

    LEGACY_2024 = "legacy_2024", "Trước 01/7/2025 (63 tỉnh)"
    Y2025 = "2025", "Từ 01/7/2025 (34 tỉnh)"


class OrgQuerySet(models.QuerySet["Org"]):
    def in_subtree(self, root: Org) -> OrgQuerySet:
        """The root and all its descendants: one range scan on the indexed path."""
        return self.filter(path__gte=root.path, path__lt=root.path_upper_bound)

    def in_any_subtree(self, roots: list[Org]) -> OrgQuerySet:
        if not roots:
            return self.none()
        return self.filter(subtree_q(roots))

    def branches(self) -> OrgQuerySet:
        return self.filter(type__in=BRANCH_TYPES)

    def current(self, on: datetime.date | None = None) -> OrgQuerySet:
        on = on or datetime.date.today()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )


def upper_bound(path: str) -> str:
    """The smallest path greater than every path below `path` (`Org.path_upper_bound`)."""
    head, last = path[:-SEGMENT_WIDTH], int(path[-SEGMENT_WIDTH:])
    return head + str(last + 1).zfill(SEGMENT_WIDTH)


def moved_path(old_path: str, new_path: str) -> Concat:
    """An UPDATE's new value for a `path` column in `old_path`'s range when that subtree moves to
    `new_path`: the new prefix, then the rest of the path as it was (the tree's own paths, and any app's
    copies of them: `sotay.orgs.signals`)."""
    return Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path")))


def subtree_q(roots: list[Org], field: str = "path") -> Q:
    """A Q matching `field` (a path, or a `...__path` lookup) inside any of `roots`' subtrees."""
    q = Q()
    for root in roots:
        q |= Q(**{f"{field}__gte": root.path, f"{field}__lt": root.path_upper_bound})
    return q


class Org(models.Model):
    """A party organisation: a node of the tree (Trung ương down to chi bộ)."""

    code = models.CharField("mã tổ chức", max_length=40, unique=True)
    name = models.CharField("tên tổ chức", max_length=255)
    type = models.CharField("loại", max_length=24, choices=OrgType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Fixed-width digit segments of the ancestors' and own primary keys: "0000000001" "0000000042" ...
    path = models.CharField(max_length=SEGMENT_WIDTH * MAX_DEPTH, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    admin_unit_code = models.CharField("mã đơn vị hành chính", max_length=10, blank=True)
    admin_code_system = models.CharField(
        "hệ mã đơn vị hành chính", max_length=12, choices=AdminCodeSystem.choices, blank=True
    )
    admin_unit_name = models.CharField("tên đơn vị hành chính", max_length=255, blank=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="tổ chức kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text="Khi sáp nhập: tổ chức nhận lại đảng viên và hồ sơ.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrgQuerySet.as_manager()

    class Meta:
        verbose_name = "tổ chức đảng"
        verbose_name_plural = "tổ chức đảng"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="org_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def path_upper_bound(self) -> str:
        """The smallest path greater than every descendant's: the last segment plus one, same width.

        Digit strings of equal length order the same way under every collation, so the range
        `path >= p AND path < upper` uses the B-tree index on SQLite and on PostgreSQL alike.
        """
        return upper_bound(self.path)

    @property
    def is_branch(self) -> bool:
        return self.type in BRANCH_TYPES

    def ancestors(self) -> OrgQuerySet:
        """Root first. One query: the paths are the prefixes of this node's path."""
        return Org.objects.filter(path__in=path_prefixes(self.path)[:-1]).order_by("path")

    def is_descendant_of(self, other: Org) -> bool:
        return self.path.startswith(other.path)

    def grassroots_unit(self) -> Org | None:
        """The tổ chức cơ sở đảng this node is in (itself if it is one)."""
        if self.type in GRASSROOTS_TYPES:
            return self
        return self.ancestors().filter(type__in=GRASSROOTS_TYPES).order_by("-path").first()


def path_prefixes(path: str) -> list[str]:
    """The paths of a node's ancestors, root first, then its own: the prefixes of `path` (no query)."""
    return [path[:end] for end in range(SEGMENT_WIDTH, len(path) + 1, SEGMENT_WIDTH)]


def make_path(parent_path: str, pk: int) -> str:
    return parent_path + str(pk).zfill(SEGMENT_WIDTH)
