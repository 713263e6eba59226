"""`int_param`: the one reading of an id or offset from a request."""

from __future__ import annotations

import pytest

from sotay.core.http import int_param


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42", 42), ("0", 0), ("9" * 18, 10**18 - 1), ("9" * 19, None), ("²", None), ("١٢", None),
     ("-1", None), ("+1", None), (" 1", None), ("1e3", None), ("", None), (None, None)],
)  # fmt: skip
def test_int_param_takes_only_ascii_digits_a_database_integer_holds(raw, expected):
    assert int_param(raw) == expected
