import os
from pathlib import Path
from typing import Any

import gunicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sotay import settings as project_settings
from sotay.core.pools import POOLS, nginx_snippet, staff_prefixes
from sotay.core.serving import (
    POOL_DEFAULTS,
    ServePlan,
    ServeRefused,
    available_cores,
    check_production,
    default_workers,
    describe_database,
    pool_variable,
)
from sotay.env import envchoice, envint, envstr


class Command(BaseCommand):
    help = "serve the web app in production (gunicorn; refuses debug settings; docs/deploy.md)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=envstr("SOTAY_BIND", "127.0.0.1:8000"),
            help="HOST:PORT or unix:PATH to listen on (env SOTAY_BIND; default 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--pool",
            choices=POOLS,
            default=envchoice("SOTAY_POOL", "all", POOLS),
            help="which pages this server is for: all, members or staff; sets the default timeouts "
            "and CPU priority (env SOTAY_POOL; the paths are in sotay/core/pools.py; docs/deploy.md)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (env SOTAY_MEMBERS_WORKERS / SOTAY_STAFF_WORKERS for one pool, "
            "else SOTAY_WORKERS; default: cores + 1, twice that for members, half that for staff)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=None,
            help="threads per worker (env SOTAY_<POOL>_THREADS, else SOTAY_THREADS; default 4, members 2)",
        )
        parser.add_argument(
            "--timeout",
            type=int,
            default=None,
            help="seconds before a silent worker is restarted (env SOTAY_<POOL>_TIMEOUT, else SOTAY_TIMEOUT)",
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=None,
            help="CPU priority of the workers, 0-19 (env SOTAY_<POOL>_NICE, else SOTAY_NICE; "
            "default 19 for staff, so that on a shared host members' requests get the cores first)",
        )
        parser.add_argument(
            "--access-log",
            default=envstr("SOTAY_ACCESS_LOG", "-"),
            help="file for the access log, '-' for standard output, 'off' for none (env SOTAY_ACCESS_LOG)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="print the plan and gunicorn's command line, do not start"
        )
        parser.add_argument(
            "--print-nginx",
            action="store_true",
            help="print the load balancer's routing of paths to the two pools (nginx) and exit",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["print_nginx"]:
            read = POOL_DEFAULTS["staff"].timeout + 5
            self.stdout.write(nginx_snippet(read_timeout=read), ending="")
            return
        try:
            check_production(
                debug=settings.DEBUG,
                secret_key=settings.SECRET_KEY,
                dev_secret_key=project_settings.DEV_SECRET_KEY,
                allowed_hosts=list(settings.ALLOWED_HOSTS),
            )
        except ServeRefused as exc:
            raise CommandError(f"not serving: {exc}") from None
        manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
        if not manifest.exists():
            raise CommandError(
                f"not serving: static files are not collected ({manifest} is missing). "
                "Run `sotay manage collectstatic --no-input` first."
            )
        plan = self.plan(options)
        env = plan.environment(dict(os.environ))
        self.stdout.write(self.summary(plan, env))
        argv = plan.argv()
        if options["dry_run"]:
            self.stdout.write(" ".join(argv))
            return
        self.stdout.flush()
        if plan.nice:
            os.nice(plan.nice)  # inherited by gunicorn's master and its workers
        os.execve(argv[0], argv, env)  # gunicorn replaces this process: signals go straight to its master

    def plan(self, options: dict[str, Any]) -> ServePlan:
        pool = options["pool"]
        defaults = POOL_DEFAULTS[pool]

        def pick(option: str, name: str, default: int, minimum: int, maximum: int | None = None) -> int:
            value = options.get(option)
            if value is None:
                own = pool_variable(pool, name)
                env = own if os.environ.get(own, "").strip() else f"SOTAY_{name}"
                return envint(env, default, minimum=minimum, maximum=maximum)
            if value < minimum or (maximum is not None and value > maximum):
                allowed = f"at least {minimum}" if maximum is None else f"from {minimum} to {maximum}"
                raise CommandError(f"--{option.replace('_', '-')} must be {allowed}.")
            return int(value)

        return ServePlan(
            bind=options["bind"],
            workers=pick("workers", "WORKERS", default_workers(available_cores(), pool), 1),
            threads=pick("threads", "THREADS", defaults.threads, 1),
            timeout=pick("timeout", "TIMEOUT", defaults.timeout, 5),
            graceful_timeout=30,
            # Longer than the load balancer's idle timeout would be better; 5 s suits a LB that closes first.
            keep_alive=envint("SOTAY_KEEP_ALIVE", 5, minimum=1),
            max_requests=pick("max_requests", "MAX_REQUESTS", defaults.max_requests, 0),
            access_log=options["access_log"],
            forwarded_allow_ips=envstr("SOTAY_FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
            pool=pool,
            statement_timeout=defaults.statement_timeout,
            nice=pick("nice", "NICE", defaults.nice, 0, 19),
        )

    def summary(self, plan: ServePlan, env: dict[str, str]) -> str:
        db = settings.DATABASES["default"]
        statement_ms = int(env.get("SOTAY_DB_STATEMENT_TIMEOUT_MS") or 0)
        database = describe_database(db)
        if "postgresql" in str(db.get("ENGINE")):
            database += (
                f", statement timeout {statement_ms / 1000:g} s" if statement_ms else ", no statement timeout"
            )
        where = plan.bind if plan.bind.startswith("unix:") else f"http://{plan.bind}/"
        pages = {
            "all": "every page",
            "members": "member pages (everything except the staff paths of sotay/core/pools.py)",
            "staff": f"staff pages ({', '.join(staff_prefixes())})",
        }[plan.pool]
        log = {"-": "standard output", "off": "off"}.get(plan.access_log, plan.access_log)
        return "\n".join(
            [
                f"Sổ tay: serving {pages} at {where}",
                f"  gunicorn {gunicorn.__version__}: {plan.workers} workers × {plan.threads} threads, "
                f"worker timeout {plan.timeout} s" + (f", nice {plan.nice}" if plan.nice else ""),
                f"  database: {database}",
                f"  hosts: {', '.join(settings.ALLOWED_HOSTS)}; static files from {settings.STATIC_ROOT}",
                f"  access log: {log} (paths without query strings)",
            ]
        )
