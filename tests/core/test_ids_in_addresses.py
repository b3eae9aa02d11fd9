"""A row id in a web address that no database row could have (past the 64-bit range of a
primary key) answers the plain 404 of any address that leads nowhere, never a 500, on
SQLite and on PostgreSQL alike. Run it on both: `scripts/pgtest run .venv/bin/pytest ...`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter

from hearth.core.converters import IdConverter
from tests.conftest import Personas
from tests.factories import care_link

NUMBERS = (IdConverter, IntConverter)
LARGEST_ID = 2**63 - 1
TOO_LARGE = [str(2**63), str(2**64 + 1), "9" * 19, "1" + "0" * 30]


def id_routes() -> Iterator[str]:
    """Every web route with a number in it, as a template with {id} where the number goes."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                converters = pattern.pattern.converters
                numbers = {n: c for n, c in converters.items() if isinstance(c, NUMBERS)}
                if numbers:
                    assert len(converters) == 1, route  # one id per address today
                    (name,) = numbers
                    kind = "id" if isinstance(numbers[name], IdConverter) else "int"
                    yield "/" + route.replace(f"<{kind}:{name}>", "{id}")

    yield from walk(get_resolver().url_patterns, "")


ROUTES = sorted(id_routes())


def test_every_address_with_a_number_in_it_uses_the_id_converter() -> None:
    def walk(patterns: list[Any]) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns)
            elif "<int:" in str(pattern.pattern):
                yield str(pattern.pattern)

    assert list(walk(get_resolver().url_patterns)) == []
    assert any(route.startswith("/clinic/clients/") for route in ROUTES)
    assert len(ROUTES) >= 20


def clients(personas: Personas) -> list[Client]:
    care_link(personas.partner_a, personas.clinician, results=True, sessions=True)
    people = [personas.clinician, personas.partner_a]
    made = []
    for person in people:
        client = Client(raise_request_exception=False)
        client.force_login(person)
        made.append(client)
    return made


@pytest.mark.parametrize("number", TOO_LARGE)
def test_a_huge_id_in_any_address_is_a_plain_404(personas: Personas, number: str) -> None:
    """A clinician (for the clinic's pages) and a member (for their own) both try it."""
    for client in clients(personas):
        for route in ROUTES:
            url = route.format(id=number)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert response.status_code == 404, (url, method, response.status_code)
                assert b"Page not found" in response.content


def test_the_largest_possible_id_still_reaches_the_page_and_finds_nothing(
    personas: Personas,
) -> None:
    """2**63 - 1 is a valid id: the address matches and the page's own lookup runs, finds
    no such row and answers 404 too (the database takes the number without complaint). A
    page that asks for the password first, or takes only form posts, says so first."""
    for route in ROUTES:
        assert list(resolve(route.format(id=LARGEST_ID)).kwargs.values()) == [LARGEST_ID]
        with pytest.raises(Resolver404):
            resolve(route.format(id=LARGEST_ID + 1))
    for client in clients(personas):
        for route in ROUTES:
            url = route.format(id=LARGEST_ID)
            response = client.get(url)
            if response.status_code == 302:
                assert response["Location"].startswith("/account/confirm/"), url
                continue
            assert response.status_code in (404, 405), (url, response.status_code)
