"""Helpers for the program's web and database tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hearth.accounts.models import User
from hearth.program import actions
from hearth.program.access import current_program
from hearth.program.models import Intake, Program, Session
from hearth.safety.models import RiskEvent
from tests.conftest import Response


def give_intake(user: User, **answers: Any) -> Intake:
    # Tag answers may be given as any collection; the dataclass keeps frozensets.
    fields: dict[str, Any] = {
        k: frozenset(v) if isinstance(v, (set, list, tuple)) else v for k, v in answers.items()
    }
    return actions.save_intake(user, actions.IntakeAnswers(**fields))


def safety_pause(user: User) -> RiskEvent:
    return RiskEvent.objects.create(
        user=user, source="coercion", level="high", reasons=["coercion"], pauses_couple=True
    )


def program_of(user: User) -> Program:
    program = current_program(user)
    assert program is not None
    return program


def first_exercise(user: User) -> str:
    from hearth.program.pages import exercise_choices

    return exercise_choices(user)[0][0]


def propose(user: User, minutes_ahead: int = 10) -> Session:
    from hearth.program.state import situation

    actions.ensure_program(situation(user))
    when = timezone.now() + timedelta(minutes=minutes_ahead)
    return actions.propose_session(user, when, first_exercise(user))


def scheduled(first: User, second: User | None = None) -> Session:
    session = propose(first)
    if second is not None:
        actions.answer_session(second, session.pk, accept=True)
    session.refresh_from_db()
    return session


def held(first: User, second: User | None = None, comfort: int = 8) -> Session:
    """A session both people went through from check-in to finish, with reflections."""
    session = scheduled(first, second)
    people = [p for p in (first, second) if p is not None]
    for person in people:
        actions.record_readiness(person, session.pk, "ready")
    actions.start_session(first, session.pk, stop_signal_agreed=True)
    session.refresh_from_db()
    for turn in range(1, session.turns + 1):
        actions.next_turn(first, session.pk, turn)
    for person in people:
        actions.save_reflection(
            person, session.pk, actions.ReflectionAnswers(comfort=comfort, closeness=7, anxiety=2)
        )
    session.refresh_from_db()
    return session


def backdate(program: Program, days: int) -> None:
    """Let time pass: the stage and every session in it began ``days`` earlier."""
    past = timedelta(days=days)
    Program.objects.filter(pk=program.pk).update(stage_since=program.stage_since - past)
    for session in program.sessions.all():
        Session.objects.filter(pk=session.pk).update(
            planned_for=session.planned_for - past,
            started_at=(session.started_at - past) if session.started_at else None,
        )


def url(name: str, *args: Any) -> str:
    return reverse(f"program:{name}", args=args)


def post(client: Client, name: str, *args: Any, **data: Any) -> Response:
    return client.post(url(name, *args), data)
