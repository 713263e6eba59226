"""The order of bench/load.py's mixes within each round (no locust here, so the tests can import it)."""

from __future__ import annotations


def mix_order(kinds: tuple[str, ...], n: int) -> tuple[str, ...]:
    """The mixes of round `n` (from 0), rotated one place each round, so that over the rounds each mix runs
    in each place of a round: the third mix of a round ran 3–4 ms better than the second whichever pool
    it used (docs/deploy.md, 29 Nov 2026), a bias that a fixed order hands to one setting.

    >>> [mix_order(("off", "on", "on B"), n) for n in range(3)]
    [('off', 'on', 'on B'), ('on', 'on B', 'off'), ('on B', 'off', 'on')]
    >>> [mix_order(("off", "on"), n) for n in range(2)]
    [('off', 'on'), ('on', 'off')]
    """
    k = n % len(kinds)
    return kinds[k:] + kinds[:k]
