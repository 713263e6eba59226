"""Which worker pool serves which path: the one list the load balancer and `sotay serve` share.

A deployment runs two `sotay serve` processes (or two groups of servers): `--pool members` for the pages a
member opens on meeting day (sign-in, home, own profile, meetings, handbook) and `--pool staff` for the
pages that read whole subtrees (organisation tree, member lists and search, campaign screens, dashboards,
exports, queues, the audit log, the admin). The load balancer routes by path with the rules below
(`sotay serve --print-nginx` writes them as an nginx snippet); a slow staff page then never holds a thread
that a member's request needs. Both pools run the same code on the same database: a request sent to the
wrong pool is still answered, only with that pool's limits (timeouts, statement timeout, CPU priority).

Rules are matched most specific first (the longest pattern); a path no rule matches goes to the members
pool (static files, /favicon.ico, unknown paths). `tests/core/test_pools.py` walks every URL pattern of
the project and fails when one matches no rule, or when a new URL lands in the members pool without being
listed there as a member page.

Pattern syntax: a literal path; `<id>` stands for a number; a trailing `$` matches the path exactly; a
pattern ending in `/` matches every path below it; any other pattern matches itself and what follows a `/`
(`/api/v1/members` matches `/api/v1/members` and `/api/v1/members/7`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

Pool = Literal["all", "members", "staff"]
POOLS: Final[tuple[Pool, ...]] = ("all", "members", "staff")


@dataclass(frozen=True)
class Rule:
    """A path pattern and the pool that serves it."""

    pattern: str
    pool: Literal["members", "staff"]

    @property
    def regex(self) -> str:
        """The pattern as a regular expression (the same text in Python and in nginx's PCRE)."""
        exact = self.pattern.endswith("$")
        body = self.pattern.removesuffix("$")
        parts = [re.escape(part) for part in body.split("<id>")]
        regex = "^" + "[0-9]+".join(parts).replace("\\/", "/").replace("\\-", "-")
        if exact:
            return regex + "$"
        return regex if body.endswith("/") else regex + "(?:/|$)"

    @property
    def specificity(self) -> int:
        return len(self.pattern)


def _members(*patterns: str) -> tuple[Rule, ...]:
    return tuple(Rule(p, "members") for p in patterns)


def _staff(*patterns: str) -> tuple[Rule, ...]:
    return tuple(Rule(p, "staff") for p in patterns)


RULES: Final[tuple[Rule, ...]] = (
    # A member's day: sign-in, home, own record, meetings (secretaries' attendance included), handbook.
    *_members(
        "/$", "/dang-nhap/", "/dang-xuat/", "/dang-ky/", "/kich-hoat/", "/xac-thuc/", "/ho-so/",
        "/tai-khoan/", "/sinh-hoat/", "/thu-vien/", "/ghi-chu/", "/hoi-dap/", "/hoc-tap/", "/tin-tuc/",
        "/thong-bao/", "/su-dung/", "/manifest.webmanifest", "/sw.js", "/api/v1/",
    ),
    # Subtrees, lists, queues, exports and the admin.
    *_staff(
        "/to-chuc/", "/dang-vien/", "/chien-dich/", "/dieu-hanh/", "/nhat-ky/", "/quan-tri/",
        "/chuyen-sinh-hoat/", "/bao-sai/", "/so-tay/", "/chi-bo/", "/ma-kich-hoat/",
        "/dang-ky/cho-duyet/", "/dang-ky/<id>/quyet-dinh/",
        "/hoc-tap/<id>/thong-ke/", "/hoc-tap/cho-nhan-xet/", "/hoi-dap/hop-thu/",
        "/tin-tuc/bien-tap/", "/tin-tuc/bien-tap-vien/",
        "/api/v1/members", "/api/v1/orgs", "/api/v1/dashboard", "/api/v1/campaigns", "/api/v1/audit",
        "/api/v1/corrections", "/api/v1/handbook", "/api/v1/staff", "/api/v1/news/desk",
        "/api/v1/questions/inbox", "/api/v1/studies/<id>/progress", "/api/v1/studies/<id>/reflections",
    ),
)  # fmt: skip


@cache
def _compiled() -> tuple[tuple[re.Pattern[str], Rule], ...]:
    ordered = sorted(RULES, key=lambda rule: -rule.specificity)
    return tuple((re.compile(rule.regex), rule) for rule in ordered)


def rule_for(path: str) -> Rule | None:
    """The most specific rule matching `path`, or None (then the members pool serves it)."""
    for regex, rule in _compiled():
        if regex.match(path):
            return rule
    return None


def pool_for(path: str) -> Literal["members", "staff"]:
    """The pool the load balancer sends `path` to.

    >>> pool_for("/sinh-hoat/12/"), pool_for("/dieu-hanh/3/"), pool_for("/static/app.css")
    ('members', 'staff', 'members')
    """
    rule = rule_for(path)
    return rule.pool if rule else "members"


def staff_prefixes() -> list[str]:
    """The staff patterns, for a summary line."""
    return [rule.pattern for rule in RULES if rule.pool == "staff"]


def nginx_snippet(
    *, members: str = "127.0.0.1:8001", staff: str = "127.0.0.1:8002", read_timeout: int = 185
) -> str:
    """The load balancer's routing as nginx configuration, generated from RULES.

    A `map` from the path to the upstream: nginx tries its regular expressions in the order written and
    takes the first that matches, so member exceptions below a staff prefix come first, then the staff
    patterns; `default` (the members pool) takes the rest. `read_timeout` should be a little longer than
    the staff pool's worker timeout, so that the pool, not nginx, ends a slow request.
    """
    exceptions, staff_rules = [], []
    for regex, rule in _compiled():
        if rule.pool == "staff":
            staff_rules.append(regex.pattern)
        elif any(other.pool == "staff" and re.match(other.regex, rule.pattern) for other in RULES):
            exceptions.append(regex.pattern)  # a member path below a staff prefix
    return (
        "\n".join(
            [
                "# Generated by `sotay serve --print-nginx` from sotay/core/pools.py: do not edit by hand.",
                "# In the http { } block:",
                f"upstream sotay_members {{ server {members}; keepalive 32; }}",
                f"upstream sotay_staff {{ server {staff}; keepalive 8; }}",
                "map $uri $sotay_pool {",
                "    default sotay_members;",
                *(f'    "~{regex}" sotay_members;' for regex in exceptions),
                *(f'    "~{regex}" sotay_staff;' for regex in staff_rules),
                "}",
                "# In the server { } block (TLS ends here):",
                "location / {",
                "    proxy_pass http://$sotay_pool;",
                "    proxy_http_version 1.1;",
                '    proxy_set_header Connection "";',
                "    proxy_set_header Host $host;",
                "    proxy_set_header X-Forwarded-Proto $scheme;",
                "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                f"    proxy_read_timeout {read_timeout}s;",
                "}",
            ]
        )
        + "\n"
    )
