"""What the program tells the check-ins app (see hearth/checkins/providers.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from hearth.accounts.models import User
from hearth.program.access import current_program
from hearth.program.models import Session
from hearth.safety.access import couple_exercises_allowed

HELD = (Session.Status.DONE, Session.Status.STOPPED)


def session_dates(user: User) -> set[date]:
    """Days this person took part in a session that was held, alone or with any partner."""
    held = Session.objects.filter(
        Q(program__owner=user) | Q(program__couple__memberships__user=user), status__in=HELD
    ).values_list("started_at", "planned_for")
    return {timezone.localdate(started or planned) for started, planned in held}


def _planned(user: User) -> list[Session]:
    """Scheduled sessions; none while the couple part is paused, so that no reminder and no
    calendar entry nudges either partner towards a couple session then."""
    program = current_program(user)
    if program is None:
        return []
    if program.couple_id is not None and not couple_exercises_allowed(user):
        return []
    return list(program.sessions.filter(status=Session.Status.SCHEDULED).order_by("planned_for"))


def reminder_items(user: User, today: date) -> list[str]:
    due = any(timezone.localdate(s.planned_for) == today for s in _planned(user))
    return ["session"] if due else []


def calendar_items(user: User) -> list[tuple[datetime, datetime, str]]:
    return [
        (
            s.planned_for,
            s.planned_for + timedelta(minutes=s.turns * s.turn_minutes),
            f"session-{s.pk}",
        )
        for s in _planned(user)
    ]
