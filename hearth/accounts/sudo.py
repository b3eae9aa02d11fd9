"""Re-authentication ("sudo" mode) before dangerous steps.

A person confirms their password (and a code, when two-step sign-in is on); for the next
ten minutes protected pages open without asking again. The time is kept in the session,
so it ends with the session and never carries over to another browser.

Other apps protect a view with ``@require_recent_auth`` (for example consent changes).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

RECENT_SECONDS = 10 * 60
SESSION_KEY = "hearth_confirmed_at"

View = Callable[..., HttpResponse]


def mark_recent_auth(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = time.time()


def has_recent_auth(request: HttpRequest) -> bool:
    confirmed = request.session.get(SESSION_KEY)
    return isinstance(confirmed, float) and 0 <= time.time() - confirmed < RECENT_SECONDS


def _return_to(request: HttpRequest) -> str:
    """Where to go after confirming: this page, or for a form post the page it came from."""
    if request.method == "GET":
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return reverse("accounts:account")


def ask_for_password(request: HttpRequest) -> HttpResponse:
    """Send the person to confirm their password, then back here."""
    query = urlencode({"next": _return_to(request)})
    return redirect(f"{reverse('accounts:confirm')}?{query}")


def require_recent_auth(view: View) -> View:
    """Signed in, and password confirmed within the last ten minutes; else ask for it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_recent_auth(request):
            return ask_for_password(request)
        return view(request, *args, **kwargs)

    return login_required(wrapped)
