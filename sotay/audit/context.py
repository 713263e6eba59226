"""Who is acting and from where, for the audit log, without passing the request through every action."""

from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    user_agent: str = ""
    channel: str = "web"  # "web", "cli", "system"


_COMMAND_LINE = RequestContext(channel="cli")
_current: ContextVar[RequestContext | None] = ContextVar("sotay_request_context", default=None)


def current() -> RequestContext:
    """The web request being served, or the command line when there is none."""
    return _current.get() or _COMMAND_LINE


def set_current(ctx: RequestContext) -> Token[RequestContext | None]:
    return _current.set(ctx)


def reset(token: Token[RequestContext | None]) -> None:
    _current.reset(token)
