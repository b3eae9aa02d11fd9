"""Signing in: Django's own password check, and the signed-in person read with the session.

Every signed-in page loads the session row and then the person it belongs to, two queries
of about half a millisecond of ORM time each. The session engine (hearth.accounts.sessions)
reads the person with the row, in one query; the middleware below hands that row to
``SessionUserBackend.get_user`` while Django's own ``get_user`` runs, so Django still checks
the session's password hash against the person and refuses a deactivated account, as before.
The row is handed over only for the length of that one call, and only when it is the person
the session names: nothing is kept between requests.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthentication
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hearth.accounts.models import User

BACKEND = "hearth.accounts.backends.SessionUserBackend"
# What sessions begun before this backend name: still valid, read as this one.
LEGACY_BACKEND = "django.contrib.auth.backends.ModelBackend"

_session: ContextVar[Any] = ContextVar("hearth_signing_in_session", default=None)


class SessionUserBackend(ModelBackend):
    """Django's model backend, taking the person read with the session when it has them."""

    def get_user(self, user_id: Any) -> User | None:
        row = getattr(_session.get(), "user_row", None)
        if row is not None and str(row.pk) == str(user_id):
            return row if self.user_can_authenticate(row) else None
        return super().get_user(user_id)


def signed_in_user(request: HttpRequest) -> Any:
    """Django's ``get_user`` for this request, once, with the session's row at hand."""
    if not hasattr(request, "_cached_user"):
        token = _session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
        finally:
            _session.reset(token)
    return request._cached_user  # type: ignore[attr-defined]


class AuthenticationMiddleware(DjangoAuthentication):
    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: signed_in_user(request))  # type: ignore[assignment]
