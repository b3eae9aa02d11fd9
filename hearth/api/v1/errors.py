"""Every API error is JSON of one shape: a stable ``code`` for programs, a plain ``message``
for people, and ``fields`` (field name -> problem) when input was refused.

Someone else's object and a missing one give the very same 404 body. The endpoints' own
errors come from the handlers installed here; whatever answers an error before or after
them (an address with no route, a method the route does not take, a body over
DATA_UPLOAD_MAX_MEMORY_SIZE, a crash) is put in the same shape by
``hearth.api.middleware.ApiErrorMiddleware``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hearth.core.errors import Refused

MESSAGES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("not_authenticated", "Send a valid access key as 'Authorization: Bearer <key>'."),
    403: ("forbidden", "This key may not do that."),
    404: ("not_found", "There is nothing here, or it is not yours to see."),
    405: ("method_not_allowed", "This address does not accept that method."),
    409: ("conflict", "That cannot be done now."),
    413: ("too_large", "The request is too large."),
    422: ("invalid_input", "Some of the input was not valid."),
    429: ("rate_limited", "Too many requests with this key. Please wait a minute."),
    500: ("server_error", "Something went wrong on our side. Please try again soon."),
}
ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422, 429, 500)


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, str] = {}


class ApiError(HttpError):
    """An error with a stable code. Raise it from endpoints and from authentication."""

    def __init__(
        self, status: int, code: str = "", message: str = "", fields: dict[str, str] | None = None
    ) -> None:
        default_code, default_message = MESSAGES.get(status, MESSAGES[400])
        super().__init__(status, message or default_message)
        self.code = code or default_code
        self.fields = fields or {}


def error_body(status: int, code: str = "", message: str = "", **fields: str) -> dict[str, Any]:
    """The body for an error status; a status without words of its own gets those of its
    class (400 for a client's error, 500 for the server's)."""
    default_code, default_message = MESSAGES.get(status) or MESSAGES[500 if status >= 500 else 400]
    return {"code": code or default_code, "message": message or default_message, "fields": fields}


def too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return MESSAGES[413][1]
    return f"{MESSAGES[413][1]} A request body may hold at most {limit:,} bytes."


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, body: dict[str, Any]
) -> HttpResponse:
    return api.create_response(request, body, status=status)


def _field_name(loc: Any) -> str:
    # ("body", "payload", "mood") -> "mood"; ("path", "session_id") -> "session_id"
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path")]
    return ".".join(parts) or "request"


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), str(error.get("msg", "Not valid.")))
    return fields


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with ones that all answer in the one shape."""

    def api_error(request: HttpRequest, exc: Any) -> HttpResponse:
        body = {"code": exc.code, "message": exc.message, "fields": exc.fields}
        return _respond(api, request, exc.status_code, body)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        status = exc.status_code if exc.status_code in MESSAGES else 400
        return _respond(api, request, status, error_body(status))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 404, error_body(404))

    def not_authenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 401, error_body(401))

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        """An action said no: its own message (the same words as the web), 409, or 422
        with one problem per field when it was about the answers sent."""
        body = {"code": exc.code, "message": str(exc), "fields": dict(exc.fields)}
        return _respond(api, request, exc.status, body)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        fields = validation_fields(exc.errors)
        body = {**error_body(422), "fields": fields}
        return _respond(api, request, 422, body)

    def too_large(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 413, error_body(413, message=too_large_message()))

    def suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
        return _respond(api, request, 400, error_body(400))

    api.add_exception_handler(ApiError, api_error)
    api.add_exception_handler(RequestDataTooBig, too_large)
    api.add_exception_handler(SuspiciousOperation, suspicious)
    api.add_exception_handler(AuthenticationError, not_authenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(Refused, refused)
