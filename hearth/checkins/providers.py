"""What other apps tell the check-ins app, declared on their AppConfig:

    session_dates = "hearth.program.providers.session_dates"
        f(user) -> set[datetime.date]: days the person had a completed session
    reminder_items = "hearth.program.providers.reminder_items"
        f(user, today: datetime.date) -> list[str]: kinds due today ("session", ...)
    calendar_items = "hearth.program.providers.calendar_items"
        f(user) -> list[(start datetime, end datetime, uid)]: planned sessions

Like ``hearth.core.registry``: this app stays ignorant of who provides what. A provider
that is not there simply adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.utils.module_loading import import_string

CalendarItem = tuple[datetime, datetime, str]


def _providers(attribute: str) -> Iterator[Callable[..., Any]]:
    for config in apps.get_app_configs():
        path = getattr(config, attribute, None)
        if path:
            yield import_string(path)


def session_dates(user: Any) -> set[date]:
    return {day for provider in _providers("session_dates") for day in provider(user)}


def reminder_items(user: Any, today: date) -> list[str]:
    kinds: list[str] = []
    for provider in _providers("reminder_items"):
        kinds.extend(k for k in provider(user, today) if k not in kinds)
    return kinds


def calendar_items(user: Any) -> list[CalendarItem]:
    return [item for provider in _providers("calendar_items") for item in provider(user)]
