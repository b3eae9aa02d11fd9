"""Joining a partner by code through the API uses the same rules as the page."""

from typing import Any

from django.test import Client

from hearth.api import tokens
from hearth.couples import actions
from hearth.couples.access import household
from tests.conftest import Personas


def call(user: Any, code: str) -> Any:
    key = tokens.create_token(user, "test", ["read", "write"], 30).secret
    return Client().post(
        "/api/v1/couple/join",
        {"code": code},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def test_a_person_joins_their_partner_with_the_code(personas: Personas, password_hash: str) -> None:
    from tests import factories

    newcomer = factories.person("nia@example.test", "Nia", password_hash=password_hash)
    code = actions.create_invitation(personas.solo).code
    response = call(newcomer, code.lower())
    assert response.status_code == 200 and response.json()["linked"] is True
    assert household(newcomer).partner == personas.solo


def test_a_wrong_code_is_refused_with_the_pages_words_and_changes_nothing(
    personas: Personas,
) -> None:
    response = call(personas.stranger, "ABCD-EFGH")
    assert response.status_code == 409
    assert response.json()["message"].startswith("This invitation is not valid.")
    assert household(personas.stranger).partner is None


def test_guessing_codes_through_the_api_is_limited_too(personas: Personas) -> None:
    for _ in range(actions.CODE_TRIES_PER_HOUR):
        call(personas.stranger, "ZZZZ-ZZZZ")
    assert "Too many tries" in call(personas.stranger, "ZZZZ-ZZZZ").json()["message"]
