"""Fictional demo data: the demo couple three weeks into stage 1, and Robin alone with two
sessions. Idempotent: people who already have an intake are left as they are."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hearth.accounts.models import User
from hearth.couples import sharing
from hearth.couples.access import household
from hearth.program.actions import IntakeAnswers, save_intake
from hearth.program.models import Intake, Program, Readiness, Reflection, Session
from hearth.program.state import situation

ALEX = IntakeAnswers(
    concerns=frozenset({"communication", "anxiety"}),
    off_limit_activities=frozenset({"lying_face_down"}),
    times=frozenset({"evening", "weekend"}),
    goals="Feel at ease with each other again.",
)
SAM = IntakeAnswers(
    concerns=frozenset({"low_desire"}),
    times=frozenset({"evening", "weekend"}),
    goals="More closeness without pressure.",
)
ROBIN = IntakeAnswers(
    concerns=frozenset({"depression"}),
    times=frozenset({"morning"}),
    goals="Feel at home in my body.",
)
# (days ago, comfort, closeness, anxiety) for each demo session.
COUPLE_DAYS = [
    (20, 6, 6, 4),
    (17, 7, 6, 3),
    (13, 7, 7, 3),
    (10, 8, 7, 2),
    (6, 8, 8, 2),
    (3, 8, 8, 1),
]
SOLO_DAYS = [(9, 6, 5, 4), (4, 7, 6, 3)]


def load(people: dict[str, Any]) -> None:
    alex, sam = people.get("alex@demo.invalid"), people.get("sam@demo.invalid")
    robin = people.get("robin@demo.invalid")
    if alex is not None and sam is not None and household(alex).membership is not None:
        _demo_program([(alex, ALEX), (sam, SAM)], COUPLE_DAYS, stage_days=21)
    if robin is not None:
        _demo_program([(robin, ROBIN)], SOLO_DAYS, stage_days=14)


def _demo_program(
    answers: list[tuple[User, IntakeAnswers]],
    days: list[tuple[int, int, int, int]],
    stage_days: int,
) -> None:
    if Intake.objects.filter(user=answers[0][0]).exists():
        return
    for user, intake in answers:
        save_intake(user, intake)
    first = answers[0][0]
    sit = situation(first)
    assert sit.progress_plan is not None and sit.track is not None
    now = timezone.now()
    program = Program.objects.create(
        couple=sit.couple,
        owner=None if sit.couple is not None else first,
        stage=sit.progress_plan.starting_stage,
        stage_since=timezone.localdate() - timedelta(days=stage_days),
    )
    exercises = sit.track.stage(program.stage).exercises
    for number, (ago, comfort, closeness, anxiety) in enumerate(days):
        exercise = exercises[number % len(exercises)]
        when = now - timedelta(days=ago, hours=2)
        session = Session.objects.create(
            program=program,
            proposed_by=answers[number % len(answers)][0],
            planned_for=when,
            stage=program.stage,
            exercise=exercise.id,
            turn_minutes=exercise.turn_minutes,
            turns=exercise.turns,
            status=Session.Status.DONE,
            turn=exercise.turns,
            started_at=when,
            turn_started_at=when + timedelta(minutes=exercise.turn_minutes * (exercise.turns - 1)),
            ended_at=when + timedelta(minutes=exercise.minutes),
            created_at=when - timedelta(days=1),
        )
        for offset, (user, _) in enumerate(answers):
            Readiness.objects.create(session=session, user=user, answer="ready", created_at=when)
            reflection = Reflection.objects.create(
                session=session,
                user=user,
                comfort=min(comfort + offset, 10),
                closeness=closeness,
                anxiety=anxiety,
                distractions="Thinking about work." if number % 2 else "",
                text="It felt calm." if number % 3 == 0 else "",
                created_at=when + timedelta(hours=1),
            )
            if program.couple_id is not None:
                sharing.choose_reflection(
                    reflection, sharing.PARTNER, {"numbers"}, couple_id=program.couple_id
                )
