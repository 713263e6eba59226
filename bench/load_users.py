"""bench/load.py's load driver: locust used as a library, headless, against a loopback server only.

The users are `FastHttpUser`s (geventhttpclient), not `HttpUser`s (python-requests): the driver shares
the server's cores, and requests' client cost 0.8–1.1 ms of CPU per login request, about half of the
server's own cost for that page. That held the login page's measured capacity, the denominator of the
"× login page" ratios, to about half of what the server can do, and took the cores the server was
measured on. geventhttpclient costs 0.27–0.32 ms per login request and 0.5–0.66 ms per member page
(docs/deploy.md, "The load driver, 29 Nov 2026").

Every simulated user signs in once through the login form (its own account; the CSRF token comes from the
form's cookie; the session cookie is kept) and then follows the phase the driver sets:

- `solo:<page>`: the first --solo-users members request that one page back to back (no think time), the
  others wait. The login page is fetched without cookies (no session, no database read).
- `mix:staff off`, then `mix:staff on`: the meeting-day mix, members and secretaries with an exponential
  think time, staff (in the second phase only) with a short one (--staff-think, default 0.5 s: a staff
  user clicks as fast as the pages come). Weights within each role:
    member:    meeting page 4, home 3, profile 2, QR check-in (POST) 1
    secretary: attendance list 2, mark one member (POST) 3
    staff:     member list (a ward, first page) 2, dashboard root 1, dashboard ward 1, name search 1
  With --staff-host-b (bench/load.py --staff-b), each round has a third mix, `mix:staff on B`, whose staff
  load goes to a second staff pool started with other settings: two settings under the same drifts.
  With --member-host-b (bench/load.py --members-b), that third mix sends the members' and secretaries'
  load to a second members pool instead, the staff load to the first staff pool.
  The load is defined from the capacity measured alone in the same run: the members' mean think time is
  chosen so that they offer --offered (default 0.5) × the member mix's capacity (`offered_load`); the
  secretaries think 1.5 × as long. Both are printed, so that a p99 "under load" says at what load.
  With --staff-host (bench/load.py --pools), staff paths go to the staff pool's address, as the load
  balancer would route them (`sotay.core.pools.pool_for`); everything else to --host.

Then a single-user pass: each page at each level of the tree, one request at a time, server otherwise
idle. Writes the figures as JSON (--out); bench/load_report.py prints them.

The server runs with production settings (secure cookies, HSTS): requests carry `X-Forwarded-Proto:
https`, as from the TLS proxy in front of it, and cookies are sent back over plain loopback HTTP.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import gevent
from load_rounds import mix_order
from locust import FastHttpUser, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment

from sotay.core.pools import pool_for

PLAN: dict[str, Any] = {}
STATE: dict[str, Any] = {"mode": "idle", "solo_users": 8, "think": 2.0, "ready": 0}
PROXY = {"X-Forwarded-Proto": "https"}
MEMBER_MIX = (("meeting", 4), ("home", 3), ("profile", 2), ("check-in", 1))
SECRETARY_MIX = (("attendance list", 2), ("attendance mark", 3))
STAFF_MIX = (
    ("member list (ward)", 2),
    ("dashboard root", 1),
    ("dashboard ward", 1),
    ("search 'nguyen van'", 1),
)
POOLS: dict[str, Any] = {}


class BenchUser(FastHttpUser):
    abstract = True
    kind = ""
    think_factor = 1.0

    def on_start(self) -> None:
        self.account = next(POOLS[self.kind])
        self.index = next(POOLS[self.kind + "#"])
        # Every pool is reached as through one load balancer: the same Host whichever pool answers, so
        # that a POST's Origin matches it on a second pool's port too (Django's CSRF origin check).
        front = self.host.split("://", 1)[1]
        self.front = {"Host": front, **PROXY}
        self.origin = {"Origin": "https://" + front, **self.front}
        sign_in(self.client, self.account["username"] if isinstance(self.account, dict) else self.account)
        STATE["ready"] += 1

    def _plain(self) -> None:
        """Before each request (a response that renders a form sets the CSRF cookie again, secure)."""
        _unsecure(self.client)

    def wait_time(self) -> float:
        if str(STATE["mode"]).startswith("mix"):
            if self.kind == "staff":
                if not str(STATE["mode"]).startswith("mix:staff on"):
                    return 0.2
                return random.expovariate(1 / STATE["staff_think"]) if STATE["staff_think"] else 0.0
            return random.expovariate(1 / (STATE["think"] * self.think_factor))
        return 0.0 if str(STATE["mode"]).startswith("solo:") and self.solo_active() else 0.2

    def solo_active(self) -> bool:
        return False

    def get(self, path: str, name: str) -> None:
        self._plain()
        with self.client.get(
            _url(path), name=name, headers=self.front, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 200:
                r.failure(_why(r))

    def post(self, path: str, name: str, data: dict[str, Any]) -> None:
        self._plain()
        data = {**data, "csrfmiddlewaretoken": _cookie(self.client, "csrftoken")}
        with self.client.post(
            _url(path), name=name, data=data, headers=self.origin, allow_redirects=False, catch_response=True
        ) as r:
            # No HTTP answer (reset, timeout): geventhttpclient's error response has no headers at all.
            where = (r.headers or {}).get("Location", "")
            if r.status_code != 302 or "dang-nhap" in where:
                r.failure(f"{_why(r)} {where}")
        # A phone follows the redirect, whose page shows (and so clears) the message the POST left in
        # the `messages` cookie. The redirect is not requested here, so the cookie is dropped as that
        # page would: kept, the messages would pile up past the cookie's 2 KB into the session, and
        # every later POST would read and rewrite that growing list.
        _drop_cookie(self.client, "messages")


def _why(r: Any) -> str:
    """The status, or for status 0 (no HTTP answer) the connection error: reset, refused, timed out."""
    if r.status_code:
        return f"status {r.status_code}"
    return f"status 0 ({type(r.error).__name__}: {str(r.error)[:160]})"


def _url(path: str) -> str:
    """Where the load balancer would send `path`: the staff pool's address for staff paths (--pools)."""
    if STATE.get("staff_host") and pool_for(path.split("?", 1)[0]) == "staff":
        return str(STATE["staff_host"]) + path
    if STATE.get("member_host"):  # the "on B" mix of --member-host-b: the second members pool
        return str(STATE["member_host"]) + path
    return path


def _unsecure(client: Any) -> None:
    """Send the server's Secure cookies over the plain loopback connection (TLS ends at the proxy)."""
    for cookie in client.cookiejar:
        cookie.secure = False


def _cookie(client: Any, name: str) -> str:
    return next((c.value or "" for c in client.cookiejar if c.name == name), "")


def _drop_cookie(client: Any, name: str) -> None:
    for cookie in [c for c in client.cookiejar if c.name == name]:
        client.cookiejar.clear(cookie.domain, cookie.path, cookie.name)


def sign_in(client: Any, username: str) -> None:
    client.get("/dang-nhap/", name="sign-in (once per user)", headers=PROXY)
    _unsecure(client)
    origin = {"Origin": "https://" + client.base_url.split("://", 1)[1], **PROXY}
    data = {
        "username": username,
        "password": PLAN["password"],
        "csrfmiddlewaretoken": _cookie(client, "csrftoken"),
    }
    r = client.post(
        "/dang-nhap/", data=data, headers=origin, allow_redirects=False, name="sign-in (once per user)"
    )
    if r.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed: {r.status_code} {getattr(r, 'error', '')}")
    _unsecure(client)


def _pick(mix: tuple[tuple[str, int], ...]) -> str:
    return random.choices([m[0] for m in mix], weights=[m[1] for m in mix])[0]


class MemberUser(BenchUser):
    kind = "member"

    def solo_active(self) -> bool:
        return self.index < STATE["solo_users"]

    def page(self, page: str) -> None:
        meeting = self.account["meeting"]
        if page == "login (no database)":
            with self.anon.get("/dang-nhap/", name=page, headers=PROXY, catch_response=True) as r:
                if r.status_code != 200:
                    r.failure(_why(r))
        elif page == "home":
            self.get("/", page)
        elif page == "profile":
            self.get("/ho-so/", page)
        elif page == "meeting":
            self.get(f"/sinh-hoat/{meeting}/", page)
        elif page == "check-in":
            from sotay.meetings.checkin import make_token

            self.post("/sinh-hoat/diem-danh/", page, {"ma": make_token(meeting)})

    def on_start(self) -> None:
        super().on_start()
        # The signed-in session's settings (no retry: a failed request counts as an error), no cookies.
        self.anon = FastHttpSession(
            self.host,
            self.environment.events.request,
            self,
            network_timeout=self.network_timeout,
            connection_timeout=self.connection_timeout,
            max_retries=self.max_retries,
        )

    @task
    def step(self) -> None:
        mode = str(STATE["mode"])
        if mode.startswith("solo:") and self.solo_active():
            self.page(mode[5:])
        elif mode.startswith("mix"):
            self.page(_pick(MEMBER_MIX))


class SecretaryUser(BenchUser):
    kind = "secretary"
    think_factor = 1.5

    @task
    def step(self) -> None:
        if not str(STATE["mode"]).startswith("mix"):
            return
        meeting = self.account["meeting"]
        if _pick(SECRETARY_MIX) == "attendance list":
            self.get(f"/sinh-hoat/{meeting}/diem-danh/", "attendance list")
        else:
            member = random.choice(self.account["members"])
            presence = random.choice(("present", "excused", "absent"))
            self.post(
                f"/sinh-hoat/{meeting}/diem-danh/",
                "attendance mark",
                {"member": member, "presence": presence},
            )


class StaffUser(BenchUser):
    kind = "staff"
    think_factor = 3.0

    @task
    def step(self) -> None:
        if not str(STATE["mode"]).startswith("mix:staff on"):
            return
        levels = PLAN["levels"]
        page = _pick(STAFF_MIX)
        path = {
            "member list (ward)": f"/dang-vien/?org={levels['ward']}",
            "dashboard root": f"/dieu-hanh/{levels['root']}/",
            "dashboard ward": f"/dieu-hanh/{levels['ward']}/",
            "search 'nguyen van'": f"/dang-vien/?org={levels['root']}&q=nguyen+van",
        }[page]
        self.get(path, page)


DISCARDED: dict[str, int] = {}  # phase → requests made during its warm-up and left out of its figures
# phase → [start, end] of each measured round on the system's monotonic clock (bench/gc_probe.py's too)
WINDOWS: dict[str, list[list[float]]] = {}
# phase → how late the driver's own event loop woke up (ms), sampled every 10 ms while measuring: a request
# whose answer came while the driver was busy elsewhere is timed late by that much
LAG: dict[str, list[float]] = {}
DRIVER_GC: dict[str, list[float]] = {}  # phase → the driver's own collection pauses (ms) while measuring


def _lag_probe() -> None:
    while True:
        asked = time.monotonic()
        gevent.sleep(0.01)
        late = (time.monotonic() - asked - 0.01) * 1000
        if STATE.get("measuring"):
            LAG.setdefault(str(STATE["mode"]), []).append(late)


def _driver_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        STATE["gc_started"] = time.monotonic()
    elif STATE.get("measuring"):
        pause = (time.monotonic() - STATE["gc_started"]) * 1000
        DRIVER_GC.setdefault(str(STATE["mode"]), []).append(pause)


def _rank(ordered: list[float], fraction: float) -> float:
    """The value at `fraction` of an ordered, non-empty list (nearest rank)."""
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def driver_delays(phase: str) -> dict[str, float]:
    """The driver's own event-loop lag (p50, p99, max) and collection pauses (count, longest) in `phase`."""
    lags = sorted(LAG.get(phase, [])) or [0.0]
    pauses = DRIVER_GC.get(phase, [])
    return {
        "lag_p50": lags[len(lags) // 2],
        "lag_p99": _rank(lags, 0.99),
        "lag_max": lags[-1],
        "gc_count": len(pauses),
        "gc_max": max(pauses, default=0.0),
    }


def _figures(env: Environment, seconds: float) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for (name, _method), entry in env.stats.entries.items():
        if not entry.num_requests:
            continue
        out[name] = {
            "requests": entry.num_requests,
            "rps": entry.num_requests / seconds,
            "p50": entry.get_response_time_percentile(0.5),
            "p99": entry.get_response_time_percentile(0.99),
            "errors": entry.num_failures,
            "seconds": seconds,
            # locust's histogram (response time rounded, in ms → requests), to merge rounds (`merged`)
            "times": dict(entry.response_times),
        }
    for error in env.stats.errors.values():
        out[error.name].setdefault("messages", []).append(f"{error.occurrences} × {error.error}")
    return out


def _percentile(times: dict[int, int], fraction: float) -> float:
    total = sum(times.values())
    seen = 0
    for ms in sorted(times):
        seen += times[ms]
        if seen >= fraction * total:
            return float(ms)
    return 0.0


def merged(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of several rounds of the same phase as one: requests and CPU summed, req/s over the
    rounds' total time, percentiles from the rounds' histograms together."""
    out: dict[str, Any] = {}
    cpu: dict[str, float] = {}
    for figures in rounds:
        for group, seconds in figures.get("cpu", {}).items():
            cpu[group] = cpu.get(group, 0.0) + seconds
    seconds = sum(next((f["seconds"] for k, f in r.items() if k != "cpu"), 0.0) for r in rounds)
    for name in {k for r in rounds for k in r if k != "cpu"}:
        parts = [r[name] for r in rounds if name in r]
        times: dict[int, int] = {}
        for part in parts:
            for ms, n in part["times"].items():
                times[ms] = times.get(ms, 0) + n
        entry: dict[str, Any] = {
            "requests": sum(p["requests"] for p in parts),
            "errors": sum(p["errors"] for p in parts),
            "p50": _percentile(times, 0.5),
            "p99": _percentile(times, 0.99),
        }
        entry["rps"] = entry["requests"] / max(seconds, 1e-6)
        messages = [m for p in parts for m in p.get("messages", [])]
        if messages:
            entry["messages"] = messages
        out[name] = entry
    out["cpu"] = cpu
    return out


def offered_load(solo: dict[str, Any], members: int, fraction: float, think: float) -> dict[str, float]:
    """The members' think time that offers `fraction` of what the server served of the member mix alone.

    Capacity of the mix = 1 / Σ (share of page / req/s of that page alone); each member then offers about
    1 / think requests a second (the response time is small next to the think time at this load).
    """
    total = sum(weight for _, weight in MEMBER_MIX)
    capacity = 1 / sum((w / total) / max(solo[page]["rps"], 1e-6) for page, w in MEMBER_MIX)
    target = fraction * capacity
    if think <= 0:
        think = members / max(target, 1e-6)
    return {"capacity": capacity, "target": members / think, "think": think, "fraction": fraction}


def cpu_by_group() -> dict[str, float]:
    """CPU seconds so far (user + system) of every process on this machine, summed by group: `db`
    (PostgreSQL backends), `driver` (this process: locust), `app` (everything else that is a `sotay
    serve` process: the gunicorn workers) and `other`. Read from /proc; processes that ended are lost,
    so a phase's figure is a difference of two readings of the same processes."""
    import os

    tick = os.sysconf("SC_CLK_TCK")
    me = os.getpid()
    per_pid: dict[str, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            comm = text[text.index("(") + 1 : text.rindex(")")]
            fields = text.rsplit(")", 1)[1].split()
            cpu = (int(fields[11]) + int(fields[12])) / tick
            pid = int(stat.parent.name)
            if pid == me:
                group = "driver"
            elif comm == "postgres":
                group = "db"
            elif any(w in (stat.parent / "cmdline").read_bytes() for w in (b"serve", b"gunicorn")):
                group = "app"
            else:
                group = "other"
        except (OSError, ValueError, IndexError):
            continue
        per_pid[f"{group}:{pid}"] = cpu
    return per_pid


def _cpu_delta(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    out = {"app": 0.0, "db": 0.0, "driver": 0.0, "other": 0.0}
    for key, cpu in after.items():
        out[key.split(":", 1)[0]] += cpu - before.get(key, 0.0)
    return out


def run_phase(env: Environment, mode: str, seconds: float, warmup: float) -> dict[str, dict[str, float]]:
    """The figures of `seconds` of `mode`, after `warmup` seconds of it whose requests are discarded;
    with the CPU seconds spent meanwhile by group (`cpu_by_group`) under the key "cpu"."""
    STATE["mode"] = mode
    gevent.sleep(1.0)  # let the previous phase's requests finish
    env.stats.reset_all()
    gevent.sleep(warmup)  # workers warm up (imports, caches, connections): not measured
    DISCARDED[mode] = env.stats.total.num_requests
    env.stats.reset_all()
    env.stats.errors.clear()
    start = time.monotonic()
    cpu_before = cpu_by_group()
    STATE["measuring"] = True
    gevent.sleep(seconds)
    STATE["measuring"] = False
    WINDOWS.setdefault(mode, []).append([start, time.monotonic()])
    cpu = _cpu_delta(cpu_before, cpu_by_group())
    STATE["mode"] = "idle"
    figures = _figures(env, time.monotonic() - start)
    figures["cpu"] = cpu  # type: ignore[assignment]
    return figures


def single_user_pass(host: str, repeat: int) -> dict[str, dict[str, Any]]:
    """p50/p95 of each page at each level, one request at a time (requests.Session, no locust)."""
    import requests

    lv, meeting, member = PLAN["levels"], PLAN["branch_meeting"], PLAN["sample_member"]

    def staff_pages(level: str) -> list[tuple[str, str]]:
        pk = lv[level]
        return [
            ("home", "/"),
            ("org tree", "/to-chuc/"),
            ("org children", f"/to-chuc/{pk}/truc-thuoc/"),
            ("member list", f"/dang-vien/?org={pk}"),
            ("member list, letter T", f"/dang-vien/?org={pk}&letter=T"),
            ("search 'nguyen van'", f"/dang-vien/?org={pk}&q=nguyen+van"),
            ("search 'hoa'", f"/dang-vien/?org={pk}&q=hoa"),
            ("member detail", f"/dang-vien/{member[level]}/"),
            ("dashboard", f"/dieu-hanh/{pk}/"),
            ("dashboard quality", f"/dieu-hanh/{pk}/chat-luong/"),
            ("branches without a meeting", f"/dieu-hanh/{pk}/chi-bo-chua-hop/"),
            ("campaigns", "/chien-dich/"),
            ("audit log", "/nhat-ky/"),
            ("transfers", "/chuyen-sinh-hoat/"),
        ]

    national = "nation" in PLAN["single"]
    plan = {
        **({"nation (root)": (PLAN["single"]["nation"], staff_pages("nation"))} if national else {}),
        ("province" if national else "province (root)"): (PLAN["single"]["root"], staff_pages("root")),
        "ward": (PLAN["single"]["ward"], staff_pages("ward")),
        "grassroots unit": (PLAN["single"]["unit"], staff_pages("unit")),
        "branch (secretary)": (
            PLAN["single"]["branch"],
            [
                ("home", "/"),
                ("meetings", "/sinh-hoat/"),
                ("branch meetings", f"/sinh-hoat/chi-bo/{lv['branch']}/"),
                ("meeting", f"/sinh-hoat/{meeting}/"),
                ("attendance list", f"/sinh-hoat/{meeting}/diem-danh/"),
                ("check-in screen (QR)", f"/sinh-hoat/{meeting}/ma-diem-danh/"),
                ("member list", f"/dang-vien/?org={lv['branch']}"),
                ("member detail", f"/dang-vien/{member['branch']}/"),
                ("registrations", "/dang-ky/cho-duyet/"),
            ],
        ),
        "member": (
            PLAN["single_member"]["username"],
            [
                ("home", "/"),
                ("profile", "/ho-so/"),
                ("meetings", "/sinh-hoat/"),
                ("meeting", f"/sinh-hoat/{PLAN['single_member']['meeting']}/"),
                ("my attendance", "/sinh-hoat/cua-toi/"),
                ("notifications", "/thong-bao/"),
                ("library", "/thu-vien/"),
                ("library search", "/thu-vien/?q=nghi+quyet"),
                ("news", "/tin-tuc/"),
                ("questions", "/hoi-dap/"),
                ("notes", "/ghi-chu/"),
            ],
        ),
    }
    out: dict[str, dict[str, Any]] = {}
    for level, (username, pages) in plan.items():
        session = requests.Session()
        session.base_url = host  # type: ignore[attr-defined]
        _plain_sign_in(session, host, username)
        out[level] = {}
        for name, path in pages:
            times, status = [], 0
            for i in range(repeat + 2):
                for cookie in session.cookies:
                    cookie.secure = False
                start = time.perf_counter()
                r = session.get(host + path, headers=PROXY, allow_redirects=False)
                if i >= 2:  # two warm-up requests
                    times.append((time.perf_counter() - start) * 1000)
                status = r.status_code
            times.sort()
            p95 = _rank(times, 0.95)
            out[level][name] = {"path": path, "status": status, "p50": statistics.median(times), "p95": p95}
    return out


def _plain_sign_in(session: Any, host: str, username: str) -> None:
    session.get(host + "/dang-nhap/", headers=PROXY)
    for cookie in session.cookies:
        cookie.secure = False
    data = {
        "username": username,
        "password": PLAN["password"],
        "csrfmiddlewaretoken": session.cookies.get("csrftoken"),
    }
    origin = {"Origin": "https://" + host.split("://", 1)[1], **PROXY}
    r = session.post(host + "/dang-nhap/", data=data, headers=origin, allow_redirects=False)
    if r.status_code != 302:
        raise RuntimeError(f"sign-in of {username} failed: {r.status_code}")
    for cookie in session.cookies:
        cookie.secure = False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    for name, default in (
        ("member-users", 120), ("secretary-users", 12), ("staff-users", 6), ("solo-users", 8),
        ("solo-seconds", 15), ("mix-seconds", 60), ("single-repeat", 20), ("warmup-seconds", 5),
        ("rounds", 3),
    ):  # fmt: skip
        parser.add_argument(f"--{name}", type=int, default=default)
    parser.add_argument(
        "--think", type=float, default=0.0, help="members' mean think time (0: from --offered)"
    )
    parser.add_argument("--offered", type=float, default=0.5)
    parser.add_argument("--staff-think", type=float, default=0.5)
    parser.add_argument("--staff-host", default="", help="the staff pool's address (--pools)")
    parser.add_argument("--staff-host-b", default="", help="a second staff pool (bench/load.py --staff-b)")
    parser.add_argument(
        "--member-host-b", default="", help="a second members pool (bench/load.py --members-b)"
    )
    args = parser.parse_args()
    if not args.host.startswith(("http://127.0.0.1:", "http://localhost:")):
        print("loopback only", file=sys.stderr)
        return 2
    PLAN.update(json.loads(args.plan.read_text()))
    from django.conf import settings

    settings.configure(SECRET_KEY=PLAN["secret_key"])  # the QR check-in token is signed with it
    members = PLAN["members"][: args.member_users]
    secretaries = PLAN["secretaries"][: args.secretary_users]
    staff = PLAN["staff"][: args.staff_users]
    for kind, accounts in (("member", members), ("secretary", secretaries), ("staff", staff)):
        POOLS[kind], POOLS[kind + "#"] = itertools.cycle(accounts), itertools.count()
    MemberUser.fixed_count, SecretaryUser.fixed_count, StaffUser.fixed_count = (
        len(members), len(secretaries), len(staff),
    )  # fmt: skip
    if args.staff_host and not args.staff_host.startswith(("http://127.0.0.1:", "http://localhost:")):
        print("loopback only", file=sys.stderr)
        return 2
    STATE.update(solo_users=args.solo_users, think=args.think or 2.0)
    STATE.update(staff_think=args.staff_think, staff_host=args.staff_host)
    env = Environment(user_classes=[MemberUser, SecretaryUser, StaffUser], host=args.host)
    runner = env.create_local_runner()
    total = len(members) + len(secretaries) + len(staff)
    started = time.monotonic()
    runner.start(total, spawn_rate=5)  # each sign-in is an Argon2 hash (100 MiB, ~0.1 s of CPU)
    while STATE["ready"] < total and time.monotonic() - started < 900:
        gevent.sleep(0.5)
    print(f"  {STATE['ready']} users signed in ({time.monotonic() - started:.0f} s)", flush=True)
    # The driver's own full collections would be timed as the server's latency: what it has built so far
    # (locust, gevent, requests, the users) is frozen out of them, as the app's workers do (sotay/wsgi.py).
    gc.collect()
    gc.freeze()
    gc.callbacks.append(_driver_gc)
    gevent.spawn(_lag_probe)
    result: dict[str, Any] = {
        "signed_in": STATE["ready"],
        "solo": {},
        "users": [len(members), len(secretaries), len(staff)],
    }
    # Each page alone, in --rounds rounds (login, home, profile, meeting, check-in; again ...): the
    # machine's speed drifts over minutes (a shared host), and interleaving puts every page, the login
    # page among them, through the same drifts. Only the first round warms up for --warmup-seconds.
    pages = ("login (no database)", "home", "profile", "meeting", "check-in")
    solo_rounds: dict[str, list[dict[str, Any]]] = {page: [] for page in pages}
    discarded: dict[str, int] = dict.fromkeys(pages, 0)
    for n in range(args.rounds):
        for page in pages:
            warmup = args.warmup_seconds if n == 0 else 1
            solo_rounds[page].append(run_phase(env, f"solo:{page}", args.solo_seconds / args.rounds, warmup))
            discarded[page] += DISCARDED[f"solo:{page}"]
    empty = {"requests": 0, "rps": 0, "p50": 0, "p99": 0, "errors": 0}
    for page in pages:
        figures = merged(solo_rounds[page])
        result["solo"][page] = figures.get(page, dict(empty))
        result["solo"][page]["cpu"] = figures["cpu"]
        print(
            f"  alone: {page:<22} {result['solo'][page]['rps']:7.1f} req/s"
            f" ({discarded[page]} warm-up requests discarded, {args.rounds} rounds)",
            flush=True,
        )
    result["offered"] = offered_load(result["solo"], len(members), args.offered, args.think)
    STATE["think"] = result["offered"]["think"]
    print(
        f"  mix: members offer {result['offered']['target']:.1f} req/s = {args.offered:.2f} × their capacity"
        f" alone ({result['offered']['capacity']:.1f} req/s for this mix): {len(members)} members,"
        f" mean think {STATE['think']:.2f} s",
        flush=True,
    )
    # Staff off and on alternate in --rounds rounds too, so that the comparison sees the same drifts, in an
    # order rotated each round (`mix_order`), so that no mix always has the same place in a round.
    # With --staff-host-b, a third mix sends the staff load to the second staff pool ("on B"); with
    # --member-host-b, it sends the members' and secretaries' load to the second members pool instead.
    kinds = ("off", "on", "on B") if args.staff_host_b or args.member_host_b else ("off", "on")
    mixes: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    mix_discarded = {f"mix:staff {kind}": 0 for kind in kinds}
    for n in range(args.rounds):
        for staff in mix_order(kinds, n):
            warmup = args.warmup_seconds if n == 0 else 2
            STATE["staff_host"] = (
                args.staff_host_b if staff == "on B" and args.staff_host_b else args.staff_host
            )
            STATE["member_host"] = args.member_host_b if staff == "on B" else ""
            mixes[staff].append(run_phase(env, f"mix:staff {staff}", args.mix_seconds / args.rounds, warmup))
            mix_discarded[f"mix:staff {staff}"] += DISCARDED[f"mix:staff {staff}"]
    STATE["staff_host"], STATE["member_host"] = args.staff_host, ""
    result["b_pool"] = "members" if args.member_host_b else "staff"
    result["mix_off"], result["mix"] = merged(mixes["off"]), merged(mixes["on"])
    result["mix_cpu"] = {"staff off": result["mix_off"].pop("cpu"), "staff on": result["mix"].pop("cpu")}
    if "on B" in mixes:
        result["mix_b"] = merged(mixes["on B"])
        result["mix_cpu"]["staff on B"] = result["mix_b"].pop("cpu")
    result["windows"] = WINDOWS
    result["driver"] = {phase: driver_delays(phase) for phase in WINDOWS}
    result["discarded"] = {**DISCARDED, **mix_discarded}
    result["rounds"] = args.rounds
    result["warmup_seconds"] = args.warmup_seconds
    result["mix_seconds"] = args.mix_seconds
    result["pools"] = bool(args.staff_host)
    runner.quit()
    result["single"] = single_user_pass(args.host, args.single_repeat)
    args.out.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
