"""Typed readers for environment variables that fail with a plain hint on bad values.

Django-free so that the command-line checker can use the same helpers.
"""

import os


class ConfigError(Exception):
    """A setting read from the environment is malformed."""


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off.")


def envint(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number, optionally within [minimum, maximum] (a negative timeout is a typo, not a choice)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name}={raw!r} is too small: the least is {minimum}.")
    if maximum is not None and value > maximum:
        raise ConfigError(f"{name}={raw!r} is too large: the most is {maximum}.")
    return value


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a few words, compared case-insensitively; anything else is refused with the list."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value not in choices:
        raise ConfigError(f"{name}={raw!r} is not one of: {', '.join(choices)}.")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
