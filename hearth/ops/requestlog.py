"""One JSON line per request, and the counts for `/metrics`.

A line holds the method, the route's name (never the path: a path can hold an invitation
link or an object's id), the status, the time taken in milliseconds, the request id and a
keyed digest of the signed-in person's id. Never an address, an email, a query string or
anything a person wrote:

{"event": "request", "method": "GET", "route": "checkins:today", "status": 200,
 "ms": 12.4, "request_id": "4f1c...", "person": "9a3e51c07b2d"}

The request id comes from the proxy's X-Request-ID when HEARTH_TRUSTED_PROXY_COUNT trusts
it, or is made here; it is sent back in the response's X-Request-ID, so a person reporting
a problem can quote it. HEARTH_REQUEST_LOG=false turns the lines off (the counts stay).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

from hearth.core.logs import route_of
from hearth.ops import metrics

log = logging.getLogger("hearth.requests")
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")

Handler = Callable[[HttpRequest], HttpResponse]


def person_digest(pk: Any) -> str:
    """The same short digest for the same person in every line; not their id."""
    key = hashlib.sha256(f"hearth-request-log:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, str(pk).encode(), hashlib.sha256).hexdigest()[:12]


def request_id(request: HttpRequest) -> str:
    given = str(request.META.get("HTTP_X_REQUEST_ID", ""))
    if settings.TRUSTED_PROXY_COUNT and REQUEST_ID.match(given):
        return given
    return os.urandom(16).hex()


def _person(request: HttpRequest) -> str | None:
    """The signed-in person's digest, if the request looked them up anyway: the log never
    costs a query of its own (a health check or a static file reads no session)."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return person_digest(user.pk) if user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.lines = settings.REQUEST_LOG

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        rid = request_id(request)
        request.request_id = rid  # type: ignore[attr-defined]
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        route = route_of(request)
        method = request.method if request.method in METHODS else "OTHER"
        metrics.COUNTS.observe(route, method, response.status_code, seconds)
        response.headers["X-Request-ID"] = rid
        if self.lines:
            # Every field comes from a closed alphabet (route names, the checked request id,
            # hex digits, numbers), so the line is written without a JSON encoder: cheaper,
            # and still one valid JSON object per line.
            person = _person(request)
            log.info(
                '{"event":"request","method":"%s","route":"%s","status":%d,"ms":%.1f,'
                '"request_id":"%s","person":%s}',
                method,
                route,
                response.status_code,
                seconds * 1000,
                rid,
                f'"{person}"' if person else "null",
            )
        return response
