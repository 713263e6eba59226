"""Unique identifiers without a set of everything issued: keyed permutations and a hidden check digit.

* Party cards: a 3-round Feistel permutation of the member's running index over 0..99,999,999, so cards
  look random, are unique by construction and leading zeros occur (~10 % start with ``0``).
* Citizen IDs: ``PPP G YY`` + 5 serial digits + 1 hidden check digit. The serial comes from a per
  ``(PPP, G, YY)`` counter through an affine permutation, so it is unique within the group. The check digit
  (weights coprime to 10) is ours, not the state's: real CCCDs have none (domain.md §2.1). It guarantees
  that any single-digit typo, or any changed prefix, made by the defect injector can never collide with a
  clean member's number.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]

CARD_SPACE = 100_000_000
SERIAL_SPACE = 100_000
# Digit weights for the hidden check digit: all coprime to 10, so changing one digit changes the sum mod 10.
_WEIGHTS = np.array([3, 7, 9, 1, 3, 7, 9, 1, 3, 7, 9], dtype=np.int64)
_AFFINE_A = 37_493  # coprime to 10**5: j -> (a*j + b) mod 10**5 is a bijection


class CardNumbers:
    """Keyed permutation of 0..10^8-1; ``card(i)`` is unique for distinct ``i``.

    Example:
        >>> cards = CardNumbers(seed=1)
        >>> len(set(cards.card(np.arange(1000)).tolist()))
        1000
    """

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng([seed, 0xCA4D])
        self._tables = [rng.integers(0, 10_000, 10_000, dtype=np.int64) for _ in range(3)]

    def card(self, index: Ints) -> Ints:
        """Card numbers (as integers; format with 8 digits, zero-padded) for running indexes."""
        left, right = np.divmod(np.asarray(index, dtype=np.int64), 10_000)
        for table in self._tables:
            left, right = right, (left + table[right]) % 10_000
        return left * 10_000 + right


def check_digit(first11: Ints) -> Ints:
    """The generator's hidden check digit for the first 11 digits of a CCCD (as an integer).

    Example:
        >>> int(check_digit(np.array([7919000123]))[0])
        2
    """
    digits = (np.asarray(first11, dtype=np.int64)[:, None] // 10 ** np.arange(10, -1, -1)) % 10
    return (digits * _WEIGHTS).sum(axis=1) % 10


def has_check_digit(cccd: Ints) -> npt.NDArray[np.bool_]:
    """True where a 12-digit CCCD (as an integer) carries a valid hidden check digit, i.e. is "clean".

    Example:
        >>> bool(has_check_digit(np.array([79190001232]))[0])
        True
    """
    cccd = np.asarray(cccd, dtype=np.int64)
    return check_digit(cccd // 10) == cccd % 10


class CccdIssuer:
    """Issues unique CCCDs per (birth province, gender/century digit, birth year), across batches.

    Example:
        >>> issuer = CccdIssuer(seed=1)
        >>> ids = issuer.issue(np.array([79, 79]), np.array([0, 0]), np.array([1990, 1990]))
        >>> bool(ids[0] != ids[1]), bool(all(ids // 10**9 == 79))
        (True, True)
    """

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng([seed, 0xCCCD])
        self._offset = rng.integers(0, SERIAL_SPACE, 1000 * 100, dtype=np.int64)
        self._count = np.zeros(1000 * 100, dtype=np.int64)

    def issue(self, province: Ints, gender_digit: Ints, birth_year: Ints) -> Ints:
        """CCCDs as integers (to format with 12 digits). ``gender_digit`` already has the century."""
        yy = np.asarray(birth_year, dtype=np.int64) % 100
        key = (np.asarray(province, dtype=np.int64) * 10 + gender_digit) * 100 + yy
        group = key % (1000 * 100)
        # Rank of each row within its group in this batch, added to the group's running counter.
        order = np.argsort(group, kind="stable")
        sorted_group = group[order]
        starts = np.r_[0, np.flatnonzero(np.diff(sorted_group)) + 1]
        run_lengths = np.diff(np.r_[starts, len(sorted_group)])
        rank_sorted = np.arange(len(sorted_group)) - np.repeat(starts, run_lengths)
        rank = np.empty_like(rank_sorted)
        rank[order] = rank_sorted
        serial_index = self._count[group] + rank
        np.add.at(self._count, group, 1)
        if serial_index.size and int(serial_index.max()) >= SERIAL_SPACE:
            raise ValueError("more than 100,000 members share a birth province, gender and birth year")
        serial = (_AFFINE_A * serial_index + self._offset[group]) % SERIAL_SPACE
        first11 = key * SERIAL_SPACE + serial
        return first11 * 10 + check_digit(first11)
