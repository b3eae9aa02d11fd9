"""Clinic test helpers: a signed-in session that has just confirmed its password, and a second
clinician (links and questionnaire history: tests/factories.py)."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from hearth.accounts.models import User
from hearth.accounts.sudo import SESSION_KEY
from tests import factories
from tests.conftest import Personas


def confirmed(client: Client) -> Client:
    """A browser session that has just confirmed its password (sudo mode)."""
    session = client.session
    session[SESSION_KEY] = time.time()
    session.save()
    return client


@pytest.fixture
def second_clinician(personas: Personas, password_hash: str) -> User:
    return factories.person(
        "dr.two@example.test", "Dr Two", User.Role.CLINICIAN, password_hash=password_hash
    )
