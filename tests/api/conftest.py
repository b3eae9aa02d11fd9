"""API test helpers: a bearer token per persona and a little data for partner A's couple."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.api import tokens
from hearth.measures import actions as measures_actions
from hearth.measures import catalog
from hearth.measures.access import access_instrument
from hearth.measures.models import Administration
from hearth.program.models import Program, Reflection, Session
from tests import factories
from tests.conftest import Personas, Response
from tests.factories import care_link

API = "/api/v1"


def token_for(user: User, scopes: tuple[str, ...] = ("read", "write", "export")) -> str:
    return tokens.create_token(user, "test", scopes, 30).secret


class Api:
    """A test client that speaks JSON with a bearer token (or none)."""

    def __init__(self, secret: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def call(self, method: str, path: str, body: Any = None) -> Response:
        send: Callable[..., Response] = getattr(self.client, method.lower())
        url = path if path.startswith("/") and path.startswith(API) else API + path
        if body is None:
            return send(url, headers=self.headers)
        return send(url, body, content_type="application/json", headers=self.headers)

    def get(self, path: str) -> Response:
        return self.call("GET", path)

    def post(self, path: str, body: Any = None) -> Response:
        return self.call("POST", path, body)

    def put(self, path: str, body: Any = None) -> Response:
        return self.call("PUT", path, body)


class ApiFor(Protocol):
    """Makes an ``Api`` with a fresh key of the person's (or with no key for None)."""

    def __call__(self, user: User | None, scopes: tuple[str, ...] = ...) -> Api: ...


@pytest.fixture
def api_for() -> ApiFor:
    def make(user: User | None, scopes: tuple[str, ...] = ("read", "write", "export")) -> Api:
        return Api(token_for(user, scopes) if user is not None else None)

    return make


@dataclass
class World:
    """Partner A's couple with a program, a held session, A's reflection and A's finished
    PHQ-9; a clinician linked to A, who shares everything with them. Partner B has not
    linked, so the session log (about both) waits: the clinician sees A's own session days."""

    people: Personas
    consented_clinician: User
    program: Program
    session: Session
    reflection: Reflection
    administration: Administration


def finish_phq9(user: User) -> Administration:
    sitting = measures_actions.start(user, "phq9")
    for page in range(2):
        items = catalog.pages(access_instrument("phq9"))[page]
        measures_actions.save_page(user, sitting.pk, page, {f"item-{i.id}": "0" for i in items})
    sitting.refresh_from_db()
    return sitting


@pytest.fixture
def world(personas: Personas, password_hash: str) -> World:
    a = personas.partner_a
    program = Program.objects.create(
        couple=personas.couple, stage="couple-0", stage_since=timezone.localdate()
    )
    session = Session.objects.create(
        program=program,
        proposed_by=a,
        planned_for=timezone.now() - timedelta(days=1),
        stage="couple-0",
        exercise="holding-hands",
        turn_minutes=5,
        turns=2,
        status=Session.Status.DONE,
    )
    reflection = Reflection.objects.create(
        session=session, user=a, comfort=6, closeness=7, anxiety=2, text="A quiet evening"
    )
    clinician = factories.person(
        "consented@example.test", "Dr Lee", User.Role.CLINICIAN, password_hash=password_hash
    )
    care_link(
        a,
        clinician,
        results=True,
        sessions=True,
        reflections=True,
        risk_alerts=True,
        checkins=["mood"],
    )
    return World(personas, clinician, program, session, reflection, finish_phq9(a))
