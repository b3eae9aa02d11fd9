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

from hearth.accounts.models import PRIVACY_NOTICE_VERSION, User
from hearth.couples.models import Couple, Membership

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


CLINICIAN_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def make_user(password_hash: str, email: str, name: str, role: str = User.Role.MEMBER) -> User:
    user = User.objects.create(
        email=email,
        display_name=name,
        role=role,
        password=password_hash,
        privacy_version=PRIVACY_NOTICE_VERSION,
        adult_attested_at="2026-01-01T00:00:00Z",
        privacy_accepted_at="2026-01-01T00:00:00Z",
    )
    if role == User.Role.CLINICIAN:
        # Clinicians must use two-step sign-in (a middleware holds them at set-up until
        # then); test clinicians have it set up, as a real one would.
        from django.utils import timezone

        from hearth.accounts.models import TwoFactor

        TwoFactor.objects.create(
            user=user, secret=CLINICIAN_TOTP_SECRET, confirmed_at=timezone.now()
        )
    return user


def link(first: User, second: User) -> Couple:
    couple = Couple.objects.create()
    Membership.objects.create(couple=couple, user=first)
    Membership.objects.create(couple=couple, user=second)
    return couple


@pytest.fixture
def personas(db: None, password_hash: str) -> Personas:
    users = {
        key: make_user(password_hash, f"{key}@example.test", name, role)
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
    from hearth.safety.models import Screening

    for key in ("partner_a", "partner_b", "other_a", "other_b"):
        Screening.objects.create(user=users[key], instrument="hark", result="clear")

    return Personas(
        **users,
        couple=link(users["partner_a"], users["partner_b"]),
        other_couple=link(users["other_a"], users["other_b"]),
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
