"""`int_param`: the one reading of an id or offset from a request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from sotay.core.http import int_param, same_site_path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("42", 42), ("0", 0), ("9" * 18, 10**18 - 1), ("9" * 19, None), ("²", None), ("١٢", None),
     ("-1", None), ("+1", None), (" 1", None), ("1e3", None), ("", None), (None, None)],
)  # fmt: skip
def test_int_param_takes_only_ascii_digits_a_database_integer_holds(raw, expected):
    assert int_param(raw) == expected


@pytest.mark.parametrize(
    ("url", "secure", "expected"),
    [
        ("/hop/12/?tab=2#muc-3", False, "/hop/12/?tab=2#muc-3"),
        ("http://testserver/so-tay/?a=1", False, "/so-tay/?a=1"),  # a Referer on this host
        ("https://testserver/so-tay/", True, "/so-tay/"),
        ("http://testserver/so-tay/", True, "/"),  # down to http from an https request
        ("https://evil.example/so-tay/", False, "/"),
        ("//evil.example/so-tay/", False, "/"),
        ("/\\evil.example/", False, "/"),
        ("javascript:alert(1)", False, "/"),
        ("-1", False, "/"),  # redirect() would read a bare word as a URL name: a 500
        ("home", False, "/"),
        ("", False, "/"),
        (None, False, "/"),
        ("/a\x00b", False, "/"),
        ("http://testserver/\\evil.example/", False, "/"),  # our host, a path browsers read as //evil
        ("/ok/\\x", False, "/"),
    ],
)
def test_same_site_path_keeps_only_this_sites_paths(url, secure, expected):
    request = RequestFactory().get("/", secure=secure)
    assert same_site_path(request, url) == expected


def test_same_site_path_falls_back_to_the_given_default():
    assert same_site_path(RequestFactory().get("/"), "//evil.example", default="") == ""
