"""Errors are JSON of one shape with stable codes, and the OpenAPI document says so."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from pytest_django import Settings

from hearth.api.v1.errors import ERROR_STATUSES, error_body
from tests.api.conftest import ApiFor
from tests.conftest import ClientFor, Personas


def test_the_openapi_document_is_public_and_documents_every_error(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            documented = {int(code) for code in operation["responses"]}
            assert set(ERROR_STATUSES) <= documented, (method, path)
            error = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/ErrorOut"}


def test_input_of_the_wrong_type_is_a_422_naming_the_field(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for(personas.partner_a).post("/couple/leave", {"confirm": "perhaps"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and "confirm" in body["fields"]
    assert api_for(personas.partner_a).get("/couple").json()["linked"] is True


def test_a_body_that_is_not_json_is_a_400(personas: Personas, api_for: ApiFor) -> None:
    api = api_for(personas.partner_a)
    response = api.client.post(
        "/api/v1/couple/leave", "{nope", content_type="application/json", headers=api.headers
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


def test_a_rule_that_says_no_is_a_409_with_the_web_s_words(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for(personas.solo).post("/couple/leave", {"confirm": True})
    assert response.status_code == 409
    assert response.json() == {
        "code": "refused",
        "message": "You are not linked with a partner.",
        "fields": {},
    }


def test_an_id_too_large_for_the_database_is_refused_as_input(
    personas: Personas, api_for: ApiFor
) -> None:
    response = api_for(personas.partner_a).get(f"/couples/{2**70}/members")
    assert response.status_code == 422


def test_a_missing_and_a_forbidden_couple_look_the_same(
    personas: Personas, api_for: ApiFor
) -> None:
    api = api_for(personas.partner_a)
    missing = api.get("/couples/999999/members")
    theirs = api.get(f"/couples/{personas.other_couple.pk}/members")
    assert missing.status_code == theirs.status_code == 404
    assert missing.json() == theirs.json() == error_body(404)


# --- Errors answered before or after an endpoint runs: the same JSON shape ------------------


def assert_error_shape(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body: dict[str, Any] = json.loads(response.content)
    assert set(body) == {"code", "message", "fields"} and body["code"] == code
    assert body["message"] and "<" not in body["message"]
    return body


def test_a_body_over_the_upload_limit_is_a_413_in_json_and_changes_nothing(
    personas: Personas, api_for: ApiFor, settings: Settings
) -> None:
    api = api_for(personas.partner_a)
    padding = "a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    body = json.dumps({"confirm": True, "padding": padding})
    response = api.client.post(
        "/api/v1/couple/leave", body, content_type="application/json", headers=api.headers
    )
    found = assert_error_shape(response, 413, "too_large")
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes" in found["message"]
    assert api.get("/couple").json()["linked"] is True


def test_an_address_with_no_route_is_the_api_s_404(personas: Personas, api_for: ApiFor) -> None:
    api = api_for(personas.partner_a)
    for path in ("/api/v1/nowhere", "/api/v1/me/", "/api/v1/couples/abc/members/x"):
        response = api.client.get(path, headers=api.headers)
        assert response.json() == error_body(404), path
        assert_error_shape(response, 404, "not_found")
    assert_error_shape(Client().get("/api/v1/nowhere"), 404, "not_found")


def test_a_method_the_route_does_not_take_is_a_405_in_json(
    personas: Personas, api_for: ApiFor
) -> None:
    api = api_for(personas.partner_a)
    response = api.client.delete("/api/v1/me", headers=api.headers)
    assert_error_shape(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_a_request_django_refuses_is_a_400_in_json(db: None) -> None:
    response = Client().get("/api/v1/me", HTTP_HOST="somewhere-else.example")
    assert_error_shape(response, 400, "bad_request")


def test_a_crash_is_a_500_in_json_with_no_detail(rf: Any) -> None:
    """The server's own 500 page (what Django answers after any crash), turned into the
    API's shape; its headers stay. The web keeps its page."""
    from hearth.api.middleware import ApiErrorMiddleware
    from hearth.core.errors import server_error

    def crashed(request: Any) -> Any:
        response = server_error(request)
        response["X-Request-ID"] = "abc123"
        return response

    answer = ApiErrorMiddleware(crashed)(rf.get("/api/v1/me"))
    body = assert_error_shape(answer, 500, "server_error")
    assert body == error_body(500) and answer["X-Request-ID"] == "abc123"
    web = ApiErrorMiddleware(crashed)(rf.get("/checkins/"))
    assert web.status_code == 500 and web["Content-Type"].startswith("text/html")


def test_web_pages_keep_their_own_error_pages(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.partner_a).get("/nowhere/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert b"Page not found" in response.content
