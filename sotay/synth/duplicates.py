"""The same person entered twice: an extra row appended to the batch (see defects.py, duplicate_person)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sotay.synth import textforms as tf

if TYPE_CHECKING:
    from sotay.synth.inject import Injector


def add_duplicates(inj: Injector, rows: np.ndarray) -> None:
    """Append one second-entry row per source row and record every finding the pair causes."""
    b = inj.b
    for s in rows.tolist():
        new = b.size
        for values in (b.clean, b.raw, b.norm):
            for items in values.values():
                items.append(items[s])
        inj.fresh += 1
        code = b.clean["member_code"][s][:4] + f"9{inj.fresh:07d}"  # clean codes never start with 9
        inj.set(new, "member_code", code, code)
        if inj.py.random() < 0.7:  # usually entered again by another branch
            leaf = inj.pick(inj.leaves)
            inj.set(new, "ma_to_chuc", leaf, leaf)
        name = b.clean["ho_ten"][s]
        u = inj.py.random()
        if u < 0.4:
            written = tf.fold(name)
            inj.set(new, "ho_ten", written, written)
            if written != name:  # the name had marks and lost them all (the checker finds some: ADR 0004)
                inj.find(new, "name_no_diacritics", "ho_ten")
        elif u < 0.7:
            family_middle, given = name.rsplit(" ", 1)
            written = f"{family_middle} {tf.fold(given)}"
            inj.set(new, "ho_ten", written, written)
            if written != name and written.isascii():
                inj.find(new, "name_no_diacritics", "ho_ten")
        else:
            inj.set(new, "ho_ten", name.upper(), name)
            inj.find(new, "name_not_normalized", "ho_ten")
        inj.locked.setdefault(new, set()).add("ho_ten")
        if inj.py.random() < 0.5:
            inj.set(new, "ngay_sinh", tf.date_form(b.clean["ngay_sinh"][s], inj.pick(tf.DATE_FORMS)))
        inj.find(s, "duplicate_person", "")
        inj.find(new, "duplicate_person", "")
        u = inj.py.random()
        if u < 0.5:
            inj.find(s, "cccd_duplicate", "cccd")
            inj.find(new, "cccd_duplicate", "cccd")
        elif u < 0.8:
            typo = inj.cccd_typo(b.clean["cccd"][s])
            inj.set(new, "cccd", typo, typo)
            inj.locked[new].add("cccd")
        else:
            inj.set(new, "cccd", "", "")
            inj.find(new, "required_missing", "cccd")
        if b.clean["so_the"][s]:
            inj.find(s, "card_duplicate", "so_the")
            inj.find(new, "card_duplicate", "so_the")
        if inj.py.random() < 0.3:
            inj.set(new, "so_dien_thoai", "", "")
        b.duplicates.append((inj.first + s, inj.first + new))
