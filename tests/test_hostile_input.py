"""Hostile input to every form: never a server error, and a refused form changes nothing.

The forms are found, not listed: every page the access matrix lets a person open is
fetched, and each `<form method="post">` on it is filled with generated values (oversized,
malformed, markup, control characters, numbers out of range) for the fields it really has.
The JSON API gets the same treatment from schemathesis in tests/api/.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.conftest import Personas
from tests.test_access_matrix import RULES, World, build_world, changed, row_counts, url_for

# Pages that end the session or the account are left out: they are covered by their own
# tests, and here they would only sign the generated person out between examples.
SKIP = {"accounts:logout", "core:quick_exit", "core:away", "accounts:delete", "set_language"}
PEOPLE = ("owner", "consented")

HOSTILE = st.one_of(
    st.text(max_size=40),
    # Oversized values, built cheaply from a short generated piece.
    st.tuples(st.text(min_size=1, max_size=8), st.integers(1_000, 20_000)).map(
        lambda piece: piece[0] * piece[1]
    ),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "11",
            "99999999999999999999999",
            "1e309",
            "NaN",
            "0x10",
            "<script>alert(1)</script>",
            "'; DROP TABLE accounts_user; --",
            "\x00",
            "\ud7ff\ue000",
            "../../etc/passwd",
            "%00",
            "on",
            "yes",
            "2026-02-30",
            "9999-12-31T23:59",
            "{{ 7*7 }}",
        ]
    ),
)


class Forms(HTMLParser):
    """Collects each POST form's action and field names from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[str]]] = []
        self._current: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and (found.get("method") or "").lower() == "post":
            self._current = (found.get("action") or "", [])
            self.forms.append(self._current)
        elif tag in {"input", "select", "textarea"} and self._current is not None:
            name = found.get("name")
            if name and name != "csrfmiddlewaretoken" and name not in self._current[1]:
                self._current[1].append(name)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def forms_on(client: Client, url: str) -> list[tuple[str, list[str]]]:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms()
    parser.feed(response.content.decode())
    return [(action or url, fields) for action, fields in parser.forms if fields]


def pages_for(persona: str) -> list[str]:
    return sorted(
        name for name, spec in RULES.items() if persona in spec.allowed and name not in SKIP
    )


@pytest.fixture
def world(personas: Personas, password_hash: str) -> World:
    return build_world(personas, password_hash)


def post_hostile(client: Client, action: str, fields: list[str], values: list[Any]) -> None:
    data = dict(zip(fields, values, strict=False))
    before = row_counts()
    response = client.post(action, data)
    assert response.status_code < 500, (action, data)
    if response.status_code >= 400:
        assert changed(before, row_counts()) == [], (action, response.status_code)


def attack(person: Any, action: str, fields: list[str], number: int) -> None:
    @seed(number)
    @settings(
        max_examples=8,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(values=st.lists(HOSTILE, min_size=len(fields), max_size=len(fields)))
    def run(values: list[Any]) -> None:
        client = Client()
        client.force_login(person)
        post_hostile(client, action, fields, values)

    run()


@pytest.mark.parametrize("persona", PEOPLE)
def test_no_form_fails_or_half_saves_on_hostile_input(world: World, persona: str) -> None:
    client = Client()
    client.force_login(world.people[persona])
    targets = {
        (action, tuple(fields))
        for name in pages_for(persona)
        for action, fields in forms_on(client, url_for(name, world))
    }
    assert len(targets) >= (20 if persona == "owner" else 3), sorted(targets)

    for number, (action, fields) in enumerate(sorted(targets)):
        attack(world.people[persona], action, list(fields), number)
    print(f"{persona}: {len(targets)} forms, each with 8 generated posts")
