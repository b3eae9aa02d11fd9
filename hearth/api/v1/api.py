"""The JSON API v1 at /api/v1/: one NinjaAPI, token auth on every operation by default.

Every default denies: the API-wide ``TokenAuth`` covers any endpoint added later, GET needs
the "read" scope and anything else "write". The OpenAPI document (/api/v1/openapi.json) is
public; the interactive docs page is off, because it needs inline scripts our CSP forbids.
"""

from __future__ import annotations

from ninja import NinjaAPI

from hearth.api.v1 import checkins, clinic, measures, person, program
from hearth.api.v1.auth import TokenAuth
from hearth.api.v1.errors import install

api = NinjaAPI(
    title="Hearth API",
    version="1",
    description=(
        "Your own data in Hearth, for your own tools. Send a personal access key made on your "
        "account page as 'Authorization: Bearer <key>'. Errors are JSON: "
        '{"code": "...", "message": "...", "fields": {...}}. Someone else\'s object and a '
        "missing one give the same 404."
    ),
    urls_namespace="api:api-v1",
    auth=TokenAuth(),
    docs_url=None,
)
install(api)
for module in (person, measures, program, checkins, clinic):
    api.add_router("", module.router)
