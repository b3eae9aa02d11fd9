"""The per-request memo: one lookup per page load, never shared, never used for writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from hearth.core.memo import RequestMemoMiddleware, forget, per_request
from hearth.couples.access import household
from hearth.couples.actions import leave_couple
from tests.conftest import Personas

pytestmark = pytest.mark.django_db

calls: list[object] = []


@per_request
def counted(value: object) -> object:
    calls.append(value)
    return value


def run_in_request(method: str, body: Callable[[], object]) -> HttpResponse:
    def view(request: HttpRequest) -> HttpResponse:
        body()
        return HttpResponse("ok")

    request = RequestFactory().generic(method, "/")
    return RequestMemoMiddleware(view)(request)


def test_a_get_request_asks_once_per_argument() -> None:
    calls.clear()

    def body() -> None:
        assert counted(1) == 1
        assert counted(1) == 1
        assert counted(2) == 2

    run_in_request("GET", body)
    assert calls == [1, 2]


def test_nothing_is_remembered_after_the_request() -> None:
    calls.clear()
    run_in_request("GET", lambda: counted(1))
    run_in_request("GET", lambda: counted(1))
    counted(1)  # outside any request
    counted(1)
    assert calls == [1, 1, 1, 1]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_writes_never_use_the_memo(method: str) -> None:
    calls.clear()
    run_in_request(method, lambda: (counted(1), counted(1)))
    assert calls == [1, 1]


def test_values_without_a_stable_key_are_not_remembered() -> None:
    calls.clear()
    run_in_request("GET", lambda: (counted([1]), counted([1])))
    assert calls == [[1], [1]]


def test_forget_drops_what_was_remembered() -> None:
    calls.clear()

    def body() -> None:
        counted(1)
        forget()
        counted(1)

    run_in_request("GET", body)
    assert calls == [1, 1]


def test_people_are_told_apart_by_their_id(personas: Personas) -> None:
    found: dict[str, object] = {}

    def body() -> None:
        found["a"] = household(personas.partner_a).partner
        found["other"] = household(personas.other_a).partner
        found["solo"] = household(personas.solo).partner

    run_in_request("GET", body)
    assert found == {"a": personas.partner_b, "other": personas.other_b, "solo": None}


def test_membership_and_partner_come_from_one_query(personas: Personas) -> None:
    def body() -> None:
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                assert household(personas.partner_a).partner == personas.partner_b
                membership = household(personas.partner_a).membership
                assert membership is not None and membership.user == personas.partner_a
        assert len(queries) == 1

    run_in_request("GET", body)


def test_an_action_sees_the_couple_it_just_ended(personas: Personas) -> None:
    """Leaving is a POST: no memo, so what is read after the write is the new state."""

    def body() -> None:
        assert household(personas.partner_a).partner == personas.partner_b
        leave_couple(personas.partner_a)
        assert household(personas.partner_a).partner is None
        assert household(personas.partner_b).partner is None

    run_in_request("POST", body)


def test_the_home_page_shows_each_person_their_own_partner(personas: Personas) -> None:
    """Two people loading the home page one after the other on one server process."""
    for person, partner in (
        (personas.partner_a, personas.partner_b),
        (personas.other_a, personas.other_b),
        (personas.partner_b, personas.partner_a),
    ):
        client = Client()
        client.force_login(person)
        page = client.get("/").content.decode()
        assert partner.display_name in page
        for stranger in (personas.partner_a, personas.partner_b, personas.other_a):
            if stranger not in (person, partner):
                assert stranger.display_name not in page
