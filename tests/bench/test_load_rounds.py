"""bench/load.py's mixes change places from round to round, so that no setting always runs in one place."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from load_rounds import mix_order


@pytest.mark.parametrize("kinds", [("off", "on"), ("off", "on", "on B")])
def test_over_as_many_rounds_as_mixes_each_mix_runs_once_in_each_place(kinds):
    rounds = [mix_order(kinds, n) for n in range(len(kinds))]
    assert all(sorted(r) == sorted(kinds) for r in rounds)  # every mix in every round
    for place in range(len(kinds)):
        assert Counter(r[place] for r in rounds) == Counter(kinds)


def test_the_first_round_keeps_the_given_order():
    # The first round's first mix gets the long warm-up; the order after it is the caller's.
    assert mix_order(("off", "on", "on B"), 0) == ("off", "on", "on B")
