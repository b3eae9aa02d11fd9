"""Bearer authentication with personal access tokens, scope checks and per-token limits.

Order of checks, so each failure has one clear answer:
1. no or malformed ``Authorization`` header: 401 ``not_authenticated``
2. unknown, expired or revoked token: 401 ``invalid_token`` (one answer for all three, so a
   stolen old token tells nobody whether it ever worked)
3. the token lacks the scope the endpoint needs: 403 ``insufficient_scope``
4. the token's bucket is empty: 429 ``rate_limited``
Only then does the endpoint run, and its access functions decide 404 or not.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hearth.accounts.models import User
from hearth.api import tokens
from hearth.api.models import ApiToken
from hearth.api.v1.errors import ApiError
from hearth.core import ratelimit

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth:
    """``scope=None``: GET needs "read", any other method needs "write"."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, scope: str | None = None) -> None:
        self.scope = scope

    # ninja reads these to describe the security scheme in the OpenAPI document.
    @property
    def openapi_security_schema(self) -> dict[str, Any]:
        return {"type": "http", "scheme": "bearer", "description": "A personal access key."}

    def __call__(self, request: HttpRequest) -> User:
        token = _token(request)
        needed = self.scope or ("read" if request.method in READ_METHODS else "write")
        if not token.allows(needed):
            raise ApiError(
                403, "insufficient_scope", f"This key does not have the '{needed}' permission."
            )
        if not ratelimit.take("api-token", str(token.pk), token.rate_per_minute, 60):
            raise ApiError(429)
        tokens.touch(token)
        request.api_token = token  # type: ignore[attr-defined]
        return token.user


def _token(request: HttpRequest) -> ApiToken:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip() or " " in secret.strip():
        raise ApiError(401)
    token = tokens.find(secret.strip())
    if token is None:
        raise ApiError(
            401,
            "invalid_token",
            "This access key is not valid. It may have expired or been "
            "turned off. You can make a new one on your account page.",
        )
    return token


def user_of(request: HttpRequest) -> User:
    """The account whose key made this request; 401 when the request carries none (an
    endpoint reached without ``TokenAuth`` is a wiring mistake, refused all the same)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise ApiError(401)
    return user
