"""Package-level guarantees: Django-free, doctests hold, the public API the pipeline relies on exists."""

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import sotay.vn

MODULES = [name for _, name, _ in pkgutil.iter_modules(sotay.vn.__path__, "sotay.vn.")]


def test_importing_sotay_vn_does_not_import_django():
    code = "import sys, sotay.vn; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize("module", MODULES)
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0


def test_public_api():
    for name in [
        "nfc", "is_blank", "fold", "normalize_name", "parse_date", "clean_digits", "CccdInfo", "clean_cccd",
        "is_cccd", "decode_cccd", "cccd_province_valid", "PhoneResult", "clean_phone", "parse_gender",
        "parse_status", "match_ethnicity", "match_religion", "clean_card", "is_card", "add_months", "age_on",
        "load_table",
    ]:  # fmt: skip
        assert name in sotay.vn.__all__
        assert hasattr(sotay.vn, name)
