"""Security headers, the idle sign-out, and refusals no view showed itself."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from hearth.core.errors import Refused, refused

# No inline scripts or styles anywhere: every script and style sheet is a file of ours.
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "manifest-src 'self'",
        "worker-src 'self'",
    ]
)
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

Handler = Callable[[HttpRequest], HttpResponse]
AnyView = TypeVar("AnyView", bound=Callable[..., HttpResponse])


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            # Pages may hold private data: never keep them in a shared or browser cache,
            # so the back button after a quick exit or sign-out shows nothing.
            response.headers["Cache-Control"] = "no-store, max-age=0"
        return response


def not_activity(view: AnyView) -> AnyView:
    """Mark a view that a page asks by itself (a session page's state polling): it does not
    count as the person being there, so a page left open still signs out when idle."""
    setattr(view, "counts_as_activity", False)  # noqa: B010
    return view


class IdleTimeoutMiddleware:
    """Sign a person out after HEARTH_SESSION_IDLE_MINUTES without a request of their own.

    The last-seen time is written at most once a minute, to spare the database, and only for
    views that count as activity (see ``not_activity``).
    """

    WRITE_EVERY_SECONDS = 60

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            seen = float(request.session.get("seen", now))
            if now - seen > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
                messages.info(request, _("You were signed out because you were away for a while."))

                return redirect(settings.LOGIN_URL)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Handler, *args: object) -> None:
        if not request.user.is_authenticated or not getattr(view, "counts_as_activity", True):
            return
        now, seen = time.time(), request.session.get("seen")
        if seen is None or now - float(seen) >= self.WRITE_EVERY_SECONDS:
            request.session["seen"] = now


class RefusalMiddleware:
    """An action's refusal that the view did not show (a form shows its own) is answered
    with the refusal's own words on an error page, never as a server error. The action
    raised before writing or inside its transaction, so nothing was saved."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Refused):
            return refused(request, exception)
        return None
