"""Log lines an operator can read without learning what a person wrote.

An error is logged by its kind and where in the code it happened, never by its own text: a
database error can quote the values of a failed write (a reflection, a note), a mail
server's refusal names the address, a broken header quotes it. This holds for every logger
whose lines reach the console (``NoUserText``, the console formatter in settings.LOGGING)
and for the failures Hearth logs itself (``hearth.core.mail.log_failure``).

Django's request logger writes "Internal Server Error: <path>" for a page that failed, and a
path can hold an invitation link or an object's id. ``RouteNotPath`` puts the route's name
in the path's place, as the request log does (hearth.ops.requestlog).
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType

from django.conf import settings
from django.http import HttpRequest

ROUTE = re.compile(r"^[\w:.-]{1,100}$", re.ASCII)
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def error_trace(error: BaseException) -> str:
    """The error's kind and the code it passed through, then the same for the errors it
    came from (``raise ... from``, or raised while handling another); never a message."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__)).rstrip()
        parts.append(f"{type(current).__module__}.{type(current).__qualname__}\n{frames}")
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\nwhich came from\n".join(parts)


class NoUserText(logging.Formatter):
    """The console's lines, with each error as ``error_trace`` gives it."""

    def formatException(self, ei: ExcInfo) -> str:  # logging names it so
        return error_trace(ei[1]) if ei[1] is not None else ""

    def format(self, record: logging.LogRecord) -> str:
        # Not the text another handler may have cached on the record with the message in it.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


def route_of(request: HttpRequest) -> str:
    """The name of the page a request asked for, never its path (an address can hold an
    invitation link or an object's id): for log lines and the request counts."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name:
        name = str(match.view_name)
        return name if ROUTE.match(name) else "unnamed"
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


class RouteNotPath(logging.Filter):
    """For django.request: the route's name where Django wrote the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple) and len(record.args) == 2:
            record.args = (record.args[0], f"route {route_of(request)}")
        return True
