"""Masking personal identifiers (CCCD, CMND, party card, phone) for logs — one rule for the whole product.

`mask_identifier` keeps the first and last three characters, enough to tell two records apart and to
find the right one with the full record at hand, not enough to misuse. `mask_digit_runs` applies it to
every run of 9 or more digits in free text (a search typed into the member list, a username that is a
CCCD): nine digits is the shortest identifier (the old CMND), and longer runs are not counts or codes.
"""

from __future__ import annotations

import re

# Nine or more digits, optionally grouped by single spaces ("079 190 001 234"). Dots are not joined:
# organisation codes are dotted digit groups ("79.26833.014.03") and stay readable.
_DIGIT_RUN = re.compile(r"\d(?: ?\d){8,}")


def mask_identifier(value: str) -> str:
    """`079190001234` -> `079******234`; six characters or fewer are masked whole.

    >>> mask_identifier("0912345678")
    '091****678'
    """
    if len(value) <= 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 6) + value[-3:]


def mask_digit_runs(text: str) -> str:
    """Every run of 9+ digits in `text` masked with `mask_identifier` (spaces inside a run dropped).

    >>> mask_digit_runs("tìm «079 190 001 234», trang 2")
    'tìm «079******234», trang 2'
    """
    return _DIGIT_RUN.sub(lambda m: mask_identifier(m.group().replace(" ", "")), text)
