"""Shared personas for every test: two couples, a person alone, a clinician, a stranger."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias, TypeVar

import pytest
from django.contrib.auth.hashers import make_password
from django.http import HttpResponse
from django.test import Client
from django.utils import translation

from hearth.accounts.models import User
from hearth.couples.models import Couple
from tests import factories

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    # What the test client answers with: django-stubs names this type, Django does not.
    Response: TypeAlias = _MonkeyPatchedWSGIResponse
else:
    Response = HttpResponse

T = TypeVar("T")


def present(value: T | None) -> T:
    """``value``, which the test needs to be there: a missing one fails here, by name."""
    assert value is not None
    return value


PASSWORD = "correct horse battery 42"


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Each test starts in English: a request in German leaves its language active in the
    thread, which would leak into the next test's direct calls."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def password_hash() -> str:
    # Argon2 is slow on purpose; hash once and give every persona the same real hash.
    return make_password(PASSWORD)


@dataclass
class Personas:
    partner_a: User
    partner_b: User
    other_a: User
    other_b: User
    solo: User
    clinician: User
    stranger: User
    couple: Couple
    other_couple: Couple


@pytest.fixture
def personas(db: None, password_hash: str) -> Personas:
    return build_personas(password_hash)


def build_personas(password_hash: str) -> Personas:
    """The shared personas; also for a fixture of wider scope that builds them once."""
    users = {
        key: factories.person(f"{key}@example.test", name, role, password_hash=password_hash)
        for key, name, role in [
            ("partner_a", "Ada", User.Role.MEMBER),
            ("partner_b", "Ben", User.Role.MEMBER),
            ("other_a", "Cleo", User.Role.MEMBER),
            ("other_b", "Dev", User.Role.MEMBER),
            ("solo", "Sol", User.Role.MEMBER),
            ("clinician", "Dr Kim", User.Role.CLINICIAN),
            ("stranger", "Stan", User.Role.MEMBER),
        ]
    }
    # Partners in a couple have taken the relationship safety check (couple exercises need
    # it); the person alone has not, so it is due for them.
    factories.screened(*(users[key] for key in ("partner_a", "partner_b", "other_a", "other_b")))

    return Personas(
        **users,
        couple=factories.couple(users["partner_a"], users["partner_b"]),
        other_couple=factories.couple(users["other_a"], users["other_b"]),
    )


# Makes a test client signed in as the given person (the ``client_for`` fixture).
ClientFor = Callable[[User], Client]


@pytest.fixture
def client_for() -> ClientFor:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
