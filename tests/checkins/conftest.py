"""Fixtures for the check-in app: a test-only session-date provider, and helpers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core import registry
from tests import factories

# What the test providers below hand out, keyed by user pk. Filled by the fixtures.
SESSIONS: dict[int, set[date]] = {}
DUE: dict[int, list[str]] = {}
PLANNED: dict[int, list[Any]] = {}


def session_dates(user: User) -> set[date]:
    return SESSIONS.get(user.pk, set())


def reminder_items(user: User, today: date) -> list[str]:
    return DUE.get(user.pk, [])


def calendar_items(user: User) -> list[Any]:
    return PLANNED.get(user.pk, [])


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Register this module's functions as the program app's providers (configuration only:
    the code under test finds them exactly as it will find the real ones)."""
    config = apps.get_app_config("program")
    own = replace(
        registry.hooks_of("program"),
        session_dates=session_dates,
        reminder_items=reminder_items,
        calendar_items=calendar_items,
    )
    monkeypatch.setattr(config, "hooks", lambda: own)
    registry.forget()
    for table in (SESSIONS, DUE, PLANNED):
        table.clear()
    yield {"sessions": SESSIONS, "due": DUE, "planned": PLANNED}
    for table in (SESSIONS, DUE, PLANNED):
        table.clear()
    monkeypatch.undo()
    registry.forget()


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def add_checkins() -> Callable[..., None]:
    def add(user: User, days: dict[int, dict[str, Any]]) -> None:
        for n, values in days.items():
            factories.checkin(user, n, **values)

    return add
