"""Recoverable damage and the two warning kinds (name_not_normalized, phone_renumbered); see defects.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sotay.synth import textforms as tf
from sotay.synth.names import OLD_PREFIX

if TYPE_CHECKING:
    from sotay.synth.inject import Injector

DATES = ("ngay_sinh", "ngay_vao_dang", "ngay_chinh_thuc")
ID_FORMS = ["lost_zeros", "lost_zeros", "spaces", "dots", "apostrophe", "scientific"]
PHONE_FORMS = ["plus84", "84", "dots", "spaces", "lost_zero"]
NAME_FORMS = ["nfd", "spaces", "upper", "lower"]
SPELLING = {
    "gioi_tinh": {"Nam": ["nam", "NAM"], "Nữ": ["nữ", "Nu", "NỮ", "nu"]},
    "tinh_trang": {
        "Chính thức": ["chinh thuc", "Chính Thức", "chính thức", "CHÍNH THỨC"],
        "Dự bị": ["du bi", "dự bị", "Dự Bị"],
        "Miễn sinh hoạt": ["mien sinh hoat", "Miễn Sinh Hoạt"],
    },
}


def apply(inj: Injector) -> None:
    """Damage cells still holding their clean value (cells changed by a defect are left alone)."""
    b, rng, rates = inj.b, inj.rng, inj.rates
    n = b.size

    def cells(kind: str, column: str) -> list[int]:
        if not rates[kind]:
            return []
        rows = np.flatnonzero(rng.random(n) < rates[kind]).tolist()
        clean, raw, locked = b.clean[column], b.raw[column], inj.locked
        base = tf.dmy if column in DATES else str
        return [r for r in rows if clean[r] and column not in locked.get(r, ()) and raw[r] == base(clean[r])]

    for r in cells("name_not_normalized", "ho_ten"):
        name = b.clean["ho_ten"][r]
        form = "old_tone" if tf.has_open_tone(name) and inj.py.random() < 0.5 else inj.pick(NAME_FORMS)
        if form == "nfd" and name.isascii():
            form = "upper"
        inj.set(r, "ho_ten", tf.name_form(name, form))
        inj.find(r, "name_not_normalized", "ho_ten")
    for r in cells("phone_renumbered", "so_dien_thoai"):
        phone = b.clean["so_dien_thoai"][r]
        if phone[:3] in OLD_PREFIX:
            inj.set(r, "so_dien_thoai", OLD_PREFIX[phone[:3]] + phone[3:])
            inj.find(r, "phone_renumbered", "so_dien_thoai")
    for column in DATES:
        for r in cells("date_format", column):
            inj.set(r, column, tf.date_form(b.clean[column][r], inj.pick(tf.DATE_FORMS)))
        for r in cells("excel_serial", column):
            inj.set(r, column, tf.date_form(b.clean[column][r], "serial"))
    for r in cells("id_format", "cccd"):
        form = inj.pick(ID_FORMS)
        inj.set(r, "cccd", tf.id_form(b.clean["cccd"][r], form))
        _lost_zeros(inj, r, "cccd", "cccd_zeros_restored", form)
    for r in cells("id_format", "so_the"):
        card = b.clean["so_the"][r]
        forms = (
            ["lost_zeros", "lost_zeros", "apostrophe", "scientific"]
            if card[0] == "0"
            else ["apostrophe", "scientific"]
        )
        form = inj.pick(forms)
        inj.set(r, "so_the", tf.id_form(card, form))
        _lost_zeros(inj, r, "so_the", "card_zeros_restored", form)
    for r in cells("phone_format", "so_dien_thoai"):
        inj.set(r, "so_dien_thoai", tf.phone_form(b.clean["so_dien_thoai"][r], inj.pick(PHONE_FORMS)))
    for column, table in (
        ("gioi_tinh", None),
        ("tinh_trang", None),
        ("dan_toc", "ethnic"),
        ("ton_giao", "religion"),
    ):
        for r in cells("spelling", column):
            value = b.clean[column][r]
            variants = SPELLING[column][value] if table is None else inj.aliases[table].get(value, ())
            variants = [v for v in variants if len(v) > 2]  # "K"/"Ko" for Không are too terse to rely on
            if variants:
                inj.set(r, column, inj.pick(variants))


def _lost_zeros(inj: Injector, r: int, column: str, rule: str, form: str) -> None:
    """A value that lost leading zeros (as a number or in scientific notation) is restored by the
    checker and flagged: one zero is a fix (warning), several a guess (error; normalized.csv empty)."""
    clean = inj.b.clean[column][r]
    lost = len(clean) - len(clean.lstrip("0")) if form in ("lost_zeros", "scientific") else 0
    if lost:
        inj.find(r, rule, column)
        if lost > 1:
            inj.set(r, column, inj.b.raw[column][r], norm="")
