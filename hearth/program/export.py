"""The program's part of a person's data export and of account erasure.

Export: the person's own intake, comfort map (the marks they chose), readiness answers and
reflections, and their part of the sessions they were in (times, exercise, outcome). Never
a partner's answers or map.
Erasure: the person's intake, map, readiness and reflections go, and so does a solo program.
A shared couple program and its session rows stay for the partner, with the erased person's
name taken off them; the partner's own readiness and reflections are untouched.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from hearth.accounts.models import User
from hearth.couples.sharing import reflection_choices
from hearth.program.models import ComfortMap, Intake, Program, Readiness, Reflection, Session


def _intake(user: User) -> dict[str, Any] | None:
    intake = Intake.objects.filter(user=user).first()
    if intake is None:
        return None
    return {
        **intake.tag_lists(),
        "goals": intake.goals,
        "physical_details": intake.physical_details,
        "pace": intake.pace,
        "session_minutes": intake.session_minutes,
        "times": intake.times,
        "body_check_off": intake.body_check_off,
        "doctor_check": intake.doctor_check,
        "updated_at": intake.updated_at.isoformat(),
    }


def _sessions(user: User) -> list[dict[str, Any]]:
    mine = Session.objects.filter(
        Q(proposed_by=user)
        | Q(readiness__user=user)
        | Q(reflections__user=user)
        | Q(program__owner=user)
    ).distinct()
    return [
        {
            "id": s.pk,
            "planned_for": s.planned_for.isoformat(),
            "stage": s.stage,
            "exercise": s.exercise,
            "status": s.status,
            "suggested_by_me": s.proposed_by_id == user.pk,
        }
        for s in mine.order_by("planned_for")
    ]


def _comfort_map(user: User) -> dict[str, Any] | None:
    record = ComfortMap.objects.filter(user=user).first()
    if record is None:
        return None
    return {**record.stored(), "updated_at": record.updated_at.isoformat()}


def collect(user: User) -> dict[str, Any]:
    return {
        "intake": _intake(user),
        "comfort_map": _comfort_map(user),
        "sessions": _sessions(user),
        "readiness": [
            {"session": r.session_id, "answer": r.answer, "at": r.created_at.isoformat()}
            for r in Readiness.objects.filter(user=user).order_by("created_at")
        ],
        "reflections": [
            {
                "session": r.session_id,
                "comfort": r.comfort,
                "closeness": r.closeness,
                "anxiety": r.anxiety,
                "distractions": r.distractions,
                "text": r.text,
                "shared": {to: sorted(parts) for to, parts in reflection_choices(r).items()},
                "at": r.created_at.isoformat(),
            }
            for r in Reflection.objects.filter(user=user).order_by("created_at")
        ],
    }


@transaction.atomic
def erase(user: User) -> None:
    Intake.objects.filter(user=user).delete()
    ComfortMap.objects.filter(user=user).delete()
    Readiness.objects.filter(user=user).delete()
    Reflection.objects.filter(user=user).delete()
    Program.objects.filter(owner=user, couple__isnull=True).delete()
    Session.objects.filter(proposed_by=user).update(proposed_by=None)
    Program.objects.filter(proposal_by=user).update(proposal_by=None, proposal_agreed=[])
