"""The `sotay` command: data tools that need no database, plus Django's management commands.

`sotay check`, `sotay reconcile` and `sotay synth` run without Django (fast start, no database).
Every other sub-command is a Django management command (`sotay migrate`, `sotay demo`, ...);
`sotay manage NAME` reaches any Django command, including Django's own `check`.
"""

import ast
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

# name -> ("module:function", one-line help). The function takes argv (without the sub-command).
STANDALONE: dict[str, tuple[str, str]] = {
    "check": ("sotay.pipeline.cli:check_main", "check a legacy members export (CSV/XLSX) and write findings"),
    "reconcile": (
        "sotay.pipeline.cli:reconcile_main",
        "compare two legacy exports, before and after a migration",
    ),
    "synth": (
        "sotay.synth.cli:main",
        "write synthetic legacy exports (with injected defects and ground truth)",
    ),
}


def _project_commands() -> dict[str, str]:
    """Our own management commands and their `help` text, read from source so `--help` needs no Django."""
    root = Path(__file__).resolve().parent
    found: dict[str, str] = {}
    for path in sorted(root.glob("*/management/commands/*.py")):
        if path.name.startswith("_"):
            continue
        summary = ""
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "help" for t in node.targets):
                if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                    summary = node.value.value
                break
        found[path.stem] = summary
    return found


def _usage() -> str:
    lines = ["usage: sotay COMMAND [options]   (sotay COMMAND --help for a command's options)", ""]
    lines.append("Data tools (no database needed):")
    lines += [f"  {name:<17} {text}" for name, (_, text) in STANDALONE.items()]
    lines.append("")
    lines.append("Registry and web (use the database; SQLite by default, DATABASE_URL for PostgreSQL):")
    for name, text in _project_commands().items():
        lines.append(f"  {name.replace('_', '-'):<17} {text}")
    for name, text in (
        ("migrate", "create or update the database tables"),
        ("runserver", "serve the web app for development"),
        ("createsuperuser", "create an account (then `grant_role NAME sysadmin ROOT` for the admin)"),
    ):
        lines.append(f"  {name:<17} {text}")
    lines.append("  manage ...        any Django management command (`sotay manage help` lists them)")
    return "\n".join(lines)


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, func_name = target.split(":")
    func: Callable[[list[str]], int] = getattr(importlib.import_module(module_name), func_name)
    return func


def run_django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sotay.settings")
    from sotay.env import ConfigError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["sotay", *argv])
    except ConfigError as exc:
        print(f"sotay: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    command, rest = args[0], args[1:]
    if command in STANDALONE:
        return _load(STANDALONE[command][0])(rest)
    if command == "manage":
        return run_django(rest or ["help"])
    # `sotay load-registry` is the management command `load_registry`.
    return run_django([command.replace("-", "_") if "-" in command else command, *rest])


if __name__ == "__main__":
    sys.exit(main())
