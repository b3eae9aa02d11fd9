"""Errors are JSON of one shape with stable codes, and the OpenAPI document says so."""

from __future__ import annotations

from typing import Any

from django.test import Client

from hearth.api.v1.errors import ERROR_STATUSES, error_body
from tests.conftest import Personas


def test_the_openapi_document_is_public_and_documents_every_error(db: Any) -> None:
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
    personas: Personas, api_for: Any
) -> None:
    response = api_for(personas.partner_a).post("/couple/leave", {"confirm": "perhaps"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input" and "confirm" in body["fields"]
    assert api_for(personas.partner_a).get("/couple").json()["linked"] is True


def test_a_body_that_is_not_json_is_a_400(personas: Personas, api_for: Any) -> None:
    api = api_for(personas.partner_a)
    response = api.client.post(
        "/api/v1/couple/leave", "{nope", content_type="application/json", headers=api.headers
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


def test_a_rule_that_says_no_is_a_409_with_the_web_s_words(
    personas: Personas, api_for: Any
) -> None:
    response = api_for(personas.solo).post("/couple/leave", {"confirm": True})
    assert response.status_code == 409
    assert response.json() == {
        "code": "refused",
        "message": "You are not linked with a partner.",
        "fields": {},
    }


def test_an_id_too_large_for_the_database_is_refused_as_input(
    personas: Personas, api_for: Any
) -> None:
    response = api_for(personas.partner_a).get(f"/couples/{2**70}/members")
    assert response.status_code == 422


def test_a_missing_and_a_forbidden_couple_look_the_same(personas: Personas, api_for: Any) -> None:
    api = api_for(personas.partner_a)
    missing = api.get("/couples/999999/members")
    theirs = api.get(f"/couples/{personas.other_couple.pk}/members")
    assert missing.status_code == theirs.status_code == 404
    assert missing.json() == theirs.json() == error_body(404)
