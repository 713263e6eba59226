"""Applies the defects documented in defects.py to one batch and records the truth (per-row Python, but
only over the damaged subset; the clean bulk is never touched row by row)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from sotay.pipeline.schema import CLEANED_KEYS
from sotay.synth import damage, errors
from sotay.synth import textforms as tf
from sotay.synth.ids import CardNumbers, check_digit
from sotay.synth.npdates import add_months, to_day

NORMALIZED = list(CLEANED_KEYS)


@dataclass
class Batch:
    """One batch as Python lists: clean values, legacy cells, and the expected normalized values."""

    clean: dict[str, list[Any]]
    raw: dict[str, list[str]]
    norm: dict[str, list[str]]
    findings: list[tuple[int, str, str]] = field(default_factory=list)
    duplicates: list[tuple[int, int]] = field(default_factory=list)
    not_duplicates: list[tuple[int, int]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.raw["member_code"])


class Injector:
    """Keeps cross-batch state (fresh member codes, cards, CCCD typos) so injected values stay unique."""

    def __init__(
        self, rates: dict[str, float], seed: int, today: date, leaves: list[str], inner: list[str]
    ) -> None:
        self.rates, self.seed, self.today = rates, seed, today
        self.leaves, self.inner = leaves, inner
        self.cards = CardNumbers(seed)
        self.used: set[str] = set()  # CCCDs and cards invented by the injector
        self.fresh = 0
        self.aliases: dict[str, dict[str, tuple[str, ...]]] = {}

    def run(
        self, b: Batch, first_row: int, batch_no: int, aliases: dict[str, dict[str, tuple[str, ...]]]
    ) -> None:
        """Damage ``b`` in place; ``first_row`` is the 1-based row number of its first line."""
        self.aliases = aliases
        rng = np.random.default_rng([self.seed, 0xDEF, batch_no])
        # Per-row choices use Python's generator: numpy's scalar calls cost microseconds each.
        self.py = random.Random(self.seed * 1_000_003 + batch_no)
        n = b.size
        free = np.ones(n, dtype=bool)
        self.b, self.rng, self.first = b, rng, first_row
        status = np.array(b.clean["tinh_trang"])
        official = status != "Dự bị"
        admitted_from_1991 = np.array(b.clean["ngay_vao_dang"]) >= "1991-01-01"  # ISO strings sort as dates
        # Person-level defects first: they consume rows (and partners) that no other defect may touch.
        plan: list[tuple[str, np.ndarray, int]] = [
            ("duplicate_person", np.ones(n, bool), 1),
            ("member_code_duplicate", np.ones(n, bool), 2),
            ("cccd_duplicate", np.ones(n, bool), 1),
            ("card_duplicate", official, 2),
            ("date_in_future", ~official, 1),
            ("status_inconsistent", np.ones(n, bool), 1),
            ("admission_age", status == "Chính thức", 1),
            ("official_date_mismatch", official & admitted_from_1991, 1),
            ("card_format", official, 1),
        ]
        plan += [(k, np.ones(n, bool), 1) for k in (
            "required_missing", "date_invalid", "gender_invalid", "cccd_format", "cccd_province",
            "cccd_gender_mismatch", "cccd_birth_year_mismatch", "status_invalid", "phone_invalid",
            "ethnicity_unknown", "religion_unknown", "org_unknown",
        )]  # fmt: skip
        self.locked: dict[int, set[str]] = {}
        self.free = free
        for kind, eligible, width in plan:
            count = rng.binomial(n, self.rates[kind]) if self.rates[kind] else 0
            pool = np.flatnonzero(eligible & free)
            count = min(count, len(pool) // width)
            if count == 0:
                continue
            rows = rng.choice(pool, count * width, replace=False)
            free[rows] = False
            chosen = rows.reshape(count, width) if width == 2 else rows
            method = getattr(self, "_" + kind, None)
            if method is not None:
                method(chosen)
            else:
                getattr(errors, kind)(self, chosen)
        damage.apply(self)

    # --- helpers -----------------------------------------------------------------------------------------
    def find(self, row: int, rule: str, column: str) -> None:
        self.b.findings.append((self.first + row, rule, column))
        self.locked.setdefault(row, set()).add(column)

    def set(self, row: int, column: str, raw: str, norm: str | None = None) -> None:
        self.b.raw[column][row] = raw
        if norm is not None and column in self.b.norm:
            self.b.norm[column][row] = norm

    def pick(self, items: list[str] | tuple[str, ...]) -> str:
        return items[self.py.randrange(len(items))]

    def unique(self, value: str) -> bool:
        if value in self.used:
            return False
        self.used.add(value)
        return True

    def fresh_card(self) -> str:
        self.fresh += 1
        return f"{int(self.cards.card(np.array([99_999_999 - self.fresh]))[0]):08d}"

    def cccd_typo(self, cccd: str) -> str:
        """A one-digit typo in the last six digits; never a clean CCCD (hidden check digit) nor reused."""
        while True:
            pos = self.py.randrange(6, 12)
            digit = str((int(cccd[pos]) + self.py.randrange(1, 10)) % 10)
            typo = cccd[:pos] + digit + cccd[pos + 1 :]
            if self.unique(typo):
                return typo

    def invalidate(self, first11: str) -> str | None:
        """Complete 11 digits with a wrong hidden check digit, unique among injected values."""
        good = int(check_digit(np.array([int(first11)]))[0])
        for bump in range(1, 10):
            candidate = first11 + str((good + bump) % 10)
            if self.unique(candidate):
                return candidate
        return None

    # --- person-level defects ---------------------------------------------------------------------------
    def _duplicate_person(self, rows: np.ndarray) -> None:
        from sotay.synth.duplicates import add_duplicates

        add_duplicates(self, rows)

    def _member_code_duplicate(self, pairs: np.ndarray) -> None:
        for a, b in pairs.tolist():
            code = self.b.raw["member_code"][a]
            self.set(b, "member_code", code, code)
            self.find(a, "member_code_duplicate", "member_code")
            self.find(b, "member_code_duplicate", "member_code")

    def _cccd_duplicate(self, rows: np.ndarray) -> None:
        # The partner A shares B's gender digit and birth year, so the copy triggers only the duplicate.
        cccd, names = self.b.clean["cccd"], self.b.clean["ho_ten"]
        by_key: dict[str, list[int]] = {}
        for a in self.rng.permutation(np.flatnonzero(self.free)).tolist():
            by_key.setdefault(cccd[a][3:6], []).append(a)
        for b in rows.tolist():
            partners = by_key.get(cccd[b][3:6], [])
            while partners and not self.free[partners[-1]]:
                partners.pop()
            if not partners or names[partners[-1]] == names[b]:
                continue
            a = partners.pop()
            self.free[a] = False
            self.set(b, "cccd", cccd[a], cccd[a])
            self.find(a, "cccd_duplicate", "cccd")
            self.find(b, "cccd_duplicate", "cccd")
            self.b.not_duplicates.append((self.first + min(a, b), self.first + max(a, b)))

    def _card_duplicate(self, pairs: np.ndarray) -> None:
        for a, b in pairs.tolist():
            card = self.b.clean["so_the"][a]
            self.set(b, "so_the", card, card)
            self.find(a, "card_duplicate", "so_the")
            self.find(b, "card_duplicate", "so_the")

    def _date_in_future(self, rows: np.ndarray) -> None:
        for r in rows.tolist():
            d = date.fromisoformat(self.b.clean["ngay_vao_dang"][r])
            self.set(
                r,
                "ngay_vao_dang",
                tf.date_form(d.replace(year=d.year + 10, day=min(d.day, 28)), "dd/mm/yyyy"),
                "",
            )
            self.find(r, "date_in_future", "ngay_vao_dang")

    def _status_inconsistent(self, rows: np.ndarray) -> None:
        for r in rows.tolist():
            if self.b.clean["tinh_trang"][r] == "Chính thức":
                self.set(r, "ngay_chinh_thuc", "", "")
                self.find(r, "status_inconsistent", "ngay_chinh_thuc")
            elif self.b.clean["tinh_trang"][r] == "Dự bị":
                card = self.fresh_card()
                self.set(r, "so_the", card, card)
                self.find(r, "status_inconsistent", "so_the")

    def _admission_age(self, rows: np.ndarray) -> None:
        birth = np.array(self.b.clean["ngay_sinh"], dtype="datetime64[D]")[rows]
        months = self.rng.integers(15 * 12, 18 * 12, len(rows))
        admitted = add_months(birth, months) + self.rng.integers(0, 20, len(rows)).astype("timedelta64[D]")
        official = add_months(admitted, 12)
        for r, a, o in zip(rows.tolist(), admitted.tolist(), official.tolist(), strict=True):
            self.set(r, "ngay_vao_dang", tf.date_form(a, "dd/mm/yyyy"), a.isoformat())
            self.set(r, "ngay_chinh_thuc", tf.date_form(o, "dd/mm/yyyy"), o.isoformat())
            self.find(r, "admission_age", "ngay_vao_dang")
            self.locked[r].add("ngay_chinh_thuc")

    def _official_date_mismatch(self, rows: np.ndarray) -> None:
        today = to_day(self.today)
        for r in rows.tolist():
            admitted = np.array([self.b.clean["ngay_vao_dang"][r]], dtype="datetime64[D]")
            for months in self.rng.permutation([6, 9, 13, 14, 18, 24, 36]):
                official = add_months(admitted, int(months))[0]
                if official <= today:
                    d = official.item()
                    self.set(r, "ngay_chinh_thuc", tf.date_form(d, "dd/mm/yyyy"), d.isoformat())
                    self.find(r, "official_date_mismatch", "ngay_chinh_thuc")
                    break
