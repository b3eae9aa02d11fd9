"""One JSON line per request: the route's name, never the path or a person's data."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client, override_settings

from hearth.ops.requestlog import RequestLogMiddleware, person_digest
from tests.conftest import ClientFor, Personas

NOTE = "A private line about last night"


# Reads the request log lines written so far, as dictionaries.
Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def lines(caplog: pytest.LogCaptureFixture) -> Lines:
    caplog.set_level(logging.INFO, logger="hearth.requests")

    def read() -> list[dict[str, Any]]:
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == "hearth.requests"]

    return read


def test_each_request_writes_one_line_with_the_route_not_the_path(
    personas: Personas, client_for: ClientFor, lines: Lines
) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/checkins/", {"mood": "5", "note": NOTE})
    (line,) = lines()
    assert set(line) == {"event", "method", "route", "status", "ms", "request_id", "person"}
    assert (line["method"], line["route"], line["status"]) == ("POST", "checkins:today", 302)
    assert line["ms"] >= 0 and response["X-Request-ID"] == line["request_id"]
    assert line["person"] == person_digest(personas.partner_a.pk)
    text = json.dumps(line)
    for private in (NOTE, "partner_a@example.test", "/checkins/", "127.0.0.1"):
        assert private not in text


def test_a_link_with_a_secret_in_its_path_leaves_no_trace(db: None, lines: Lines) -> None:
    secret = "s3cr3t-invitation-token-value"
    Client().get(f"/join/{secret}/")
    (line,) = lines()
    assert line["route"] == "couples:join" and secret not in json.dumps(line)
    assert line["person"] is None


def test_an_unknown_path_is_logged_as_unmatched(db: None, lines: Lines) -> None:
    Client().get("/no/such/page/?email=someone@example.test")
    (line,) = lines()
    assert (line["route"], line["status"]) == ("unmatched", 404)
    assert "someone" not in json.dumps(line)


def test_the_proxys_request_id_is_used_only_when_the_proxy_is_trusted(
    db: None, lines: Lines
) -> None:
    given = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert Client().get("/livez", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    with override_settings(TRUSTED_PROXY_COUNT=0):
        assert Client().get("/livez", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given
    with override_settings(TRUSTED_PROXY_COUNT=1):
        forged = Client().get("/livez", HTTP_X_REQUEST_ID='x"}, {"evil": 1')
        assert forged["X-Request-ID"] != 'x"}, {"evil": 1'
    assert [line["route"] for line in lines()] == ["core:livez"] * 3


def test_the_same_person_gets_the_same_digest_and_others_another(personas: Personas) -> None:
    a, b = personas.partner_a.pk, personas.partner_b.pk
    assert person_digest(a) == person_digest(a) != person_digest(b)
    assert len(person_digest(a)) == 12 and str(a) != person_digest(a)


@override_settings(REQUEST_LOG=False)
def test_the_operator_can_turn_the_lines_off(db: None, lines: Lines) -> None:
    Client().get("/livez")
    assert lines() == []
    assert RequestLogMiddleware(lambda request: HttpResponse()).lines is False
