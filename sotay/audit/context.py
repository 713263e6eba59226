"""Who is acting and from where, for the audit log, without passing the request through every action."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    user_agent: str = ""
    channel: str = "web"  # "web", "cli", "system"


_current: ContextVar[RequestContext] = ContextVar("sotay_request_context", default=RequestContext(channel="cli"))


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> object:
    return _current.set(ctx)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
