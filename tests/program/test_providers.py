"""The program's days and plans, as the check-ins app sees them (insights, reminders, feed)."""

from datetime import date, timedelta

from django.utils import timezone

from hearth.checkins import providers
from hearth.program.models import Program, Session
from tests.conftest import Personas


def session(program: Program, days_ago: int, status: str) -> Session:
    when = timezone.now() - timedelta(days=days_ago)
    return Session.objects.create(
        program=program,
        planned_for=when,
        started_at=when if status in (Session.Status.DONE, Session.Status.STOPPED) else None,
        stage="couple-0",
        exercise="hands",
        turn_minutes=10,
        turns=2,
        status=status,
    )


def couple_program(personas: Personas) -> Program:
    return Program.objects.create(
        couple=personas.couple, stage="couple-0", stage_since=date.today()
    )


def test_both_partners_get_the_days_of_held_sessions_and_nobody_else(personas: Personas) -> None:
    program = couple_program(personas)
    session(program, 3, Session.Status.DONE)
    session(program, 2, Session.Status.STOPPED)
    session(program, 1, Session.Status.NOT_TODAY)
    expected = {timezone.localdate() - timedelta(days=n) for n in (3, 2)}
    assert providers.session_dates(personas.partner_a) == expected
    assert providers.session_dates(personas.partner_b) == expected
    for other in (personas.other_a, personas.solo, personas.clinician):
        assert providers.session_dates(other) == set()


def test_a_session_planned_for_today_asks_for_a_reminder(personas: Personas) -> None:
    program = couple_program(personas)
    today = timezone.localdate()
    assert "session" not in providers.reminder_items(personas.partner_a, today)
    planned = session(program, 0, Session.Status.SCHEDULED)
    assert "session" in providers.reminder_items(personas.partner_b, today)
    assert "session" not in providers.reminder_items(personas.other_a, today)
    items = providers.calendar_items(personas.partner_a)
    assert items == [
        (planned.planned_for, planned.planned_for + timedelta(minutes=20), f"session-{planned.pk}")
    ]
    assert providers.calendar_items(personas.other_a) == []


def test_a_due_questionnaire_asks_for_a_reminder(personas: Personas) -> None:
    assert "questionnaire" in providers.reminder_items(personas.solo, timezone.localdate())
