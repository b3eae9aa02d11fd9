"""What other apps tell the check-ins app, through hooks (hearth.core.registry):

    session_dates   f(user) -> set[datetime.date]: days the person had a completed session
    reminder_items  f(user, today: datetime.date) -> list[str]: kinds due today ("session", ...)
    calendar_items  f(user) -> list[(start datetime, end datetime, uid)]: planned sessions

This app stays ignorant of who provides what. A provider that is not there adds nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from hearth.core.registry import CalendarItem, providers


def session_dates(user: Any) -> set[date]:
    return {day for provider in providers("session_dates") for day in provider(user)}


def reminder_items(user: Any, today: date) -> list[str]:
    kinds: list[str] = []
    for provider in providers("reminder_items"):
        kinds.extend(k for k in provider(user, today) if k not in kinds)
    return kinds


def calendar_items(user: Any) -> list[CalendarItem]:
    return [item for provider in providers("calendar_items") for item in provider(user)]
