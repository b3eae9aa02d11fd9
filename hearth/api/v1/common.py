"""Helpers shared by every endpoint: who is calling, the error responses each operation
documents, and plain-text input types. An action's refusal becomes a JSON error in one
place, the handler in hearth/api/v1/errors.py."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path
from pydantic import AfterValidator, StringConstraints

from hearth.accounts.models import User
from hearth.accounts.roles import require_clinician, require_member
from hearth.api.v1.auth import user_of
from hearth.api.v1.errors import ERROR_STATUSES, ErrorOut

# Database ids fit in a signed 64-bit integer on SQLite and PostgreSQL alike; anything larger
# is refused as invalid input rather than reaching the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
Slug = Annotated[str, Path(pattern=r"^[a-z0-9_-]{1,40}$")]


def _clean_text(value: str) -> str:
    """No NUL, other control characters or lone surrogates: PostgreSQL and encryption both
    refuse them, and no person types them."""
    for ch in value:
        if ch in "\n\r\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError("Please use plain text only.")
    return value


def plain(max_length: int) -> Any:
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_clean_text)]


ShortText = plain(64)
Text = plain(2000)
LongText = plain(4000)


def form_problems(*forms: Any) -> dict[str, str]:
    """A Django form's errors as field name -> message, for a 422 body."""
    return {
        name: " ".join(str(e) for e in errors)
        for form in forms
        for name, errors in form.errors.items()
    }


def replies(status: int, schema: Any) -> dict[int, Any]:
    """The success response plus every error response, all documented in the OpenAPI."""
    return {status: schema, **{code: ErrorOut for code in ERROR_STATUSES}}


def member(request: HttpRequest) -> User:
    """A person using Hearth for themselves. Clinicians and operators get 404, as on the web."""
    return require_member(user_of(request))


def clinician(request: HttpRequest) -> User:
    return require_clinician(user_of(request))
