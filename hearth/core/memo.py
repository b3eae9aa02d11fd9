"""Answers that stay the same for the length of one page load, looked up once.

Several apps ask the same questions while one page is built: is this person in a couple,
who is the partner, is the safety check due. ``@per_request`` remembers the answer of a
function of one person for the rest of the request, so the home page asks the database
once instead of five times.

Safe by construction:
- The memo lives only while one GET or HEAD request runs (set and dropped by
  ``RequestMemoMiddleware``), in a context variable, so no other request, thread or person
  ever sees it. Nothing is kept between requests: no health data is cached anywhere.
- A POST (or any other unsafe method) runs without it, so an action that links a couple,
  ends one or records a safety check always reads fresh rows, before and after it writes.
- Outside a request (commands, tests calling functions directly) every call goes to the
  database as before.
Use it only for functions whose answer a GET request cannot change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.http import HttpRequest, HttpResponse

P = ParamSpec("P")
T = TypeVar("T")

SAFE_METHODS = frozenset({"GET", "HEAD"})

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("hearth_request_memo", default=None)


def _key_part(value: object) -> Hashable:
    """People and other model objects by class and primary key; plain values as they are."""
    pk = getattr(value, "pk", None)
    if pk is not None:
        return (type(value).__name__, pk)
    if value is None or isinstance(value, str | int | bool | float | tuple | frozenset):
        return value
    # Anything else (an unsaved object, a mutable value) must not be memoised: callers fall
    # back to a fresh call.
    raise TypeError("not memoisable")


def per_request(fn: Callable[P, T]) -> Callable[P, T]:
    """Remember ``fn``'s answer for these arguments until the current GET request ends."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @wraps(fn)
    def remembered(*args: P.args, **kwargs: P.kwargs) -> T:
        memo = _memo.get()
        if memo is None:
            return fn(*args, **kwargs)
        try:
            key = (
                name,
                tuple(_key_part(a) for a in args),
                tuple(sorted((k, _key_part(v)) for k, v in kwargs.items())),
            )
        except TypeError:
            return fn(*args, **kwargs)
        if key not in memo:
            memo[key] = fn(*args, **kwargs)
        answer: T = memo[key]
        return answer

    return remembered


def forget() -> None:
    """Drop everything remembered in this request (after a write that changes an answer)."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _memo.set({} if request.method in SAFE_METHODS else None)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
