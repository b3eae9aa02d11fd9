"""Every error under the API's address answers the API's one JSON error shape.

The endpoints' own errors already do (hearth/api/v1/errors.py). This catches the rest,
which Django or ninja answer before or after an endpoint runs: an address with no route
(404), a method the route does not take (405), Django's 400 for a request it refuses, and
the 500 of a crash (logged by Django as always; the person gets no internal detail). The
response keeps its status and headers (Allow, X-Request-ID, the security headers); only the
body becomes ``{"code", "message", "fields"}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from hearth.api.v1.errors import error_body

API_PREFIX = "/api/v1/"  # hearth/urls.py "api/" + hearth/api/urls.py "v1/"

Handler = Callable[[HttpRequest], HttpResponse]


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


class ApiErrorMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path_info.startswith(API_PREFIX)
            and not response.streaming
            and not _is_json(response)
        ):
            body = error_body(response.status_code)
            response.content = json.dumps(body).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
        return response
