"""Clinic test helpers: links with chosen scopes, a second clinician, questionnaire history."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Unpack

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.accounts.sudo import SESSION_KEY
from hearth.clinic.models import CareLink
from hearth.measures import catalog
from hearth.measures.demo import answers_for
from hearth.measures.models import Administration
from tests.conftest import Personas, make_user
from tests.sharing import Shares, care_link


def link(client: User, clinician: User, **scopes: Unpack[Shares]) -> CareLink:
    return care_link(client, clinician, **scopes)


def confirmed(client: Client) -> Client:
    """A browser session that has just confirmed its password (sudo mode)."""
    session = client.session
    session[SESSION_KEY] = time.time()
    session.save()
    return client


def sitting(user: User, instrument_id: str, total: float, days_ago: int) -> Administration:
    when = timezone.now() - timedelta(days=days_ago)
    return Administration.objects.create(
        user=user,
        instrument_id=instrument_id,
        instrument_version="1",
        status=Administration.Status.COMPLETED,
        due_date=when.date(),
        window_end=catalog.window_end(when.date()),
        started_at=when,
        completed_at=when,
        answers=answers_for(catalog.instruments()[instrument_id], int(total)),
        total=total,
    )


@pytest.fixture
def second_clinician(personas: Personas, password_hash: str) -> User:
    return make_user(password_hash, "dr.two@example.test", "Dr Two", User.Role.CLINICIAN)
