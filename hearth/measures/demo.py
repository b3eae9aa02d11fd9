"""Fictional questionnaire history for the demo people: a few weeks, modest improvement.

Only loaded by ``hearth load_demo`` / ``make demo``. Safe to run again: a person who already
has any sitting is left alone.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hearth.accounts.models import User
from hearth.measures import catalog
from hearth.measures.definitions import Instrument
from hearth.measures.models import Administration, Schedule
from hearth.measures.scoring import score

DAYS_AGO = (40, 26, 12)  # baseline about 6 weeks ago, then every 14 days
# Fictional totals per sitting. Lower is better on PHQ-9 and GAD-7, higher on the CSI-4.
STORIES: dict[str, dict[str, tuple[int, ...]]] = {
    "alex@demo.invalid": {"phq9": (12, 10, 8), "gad7": (9, 8, 6), "csi4": (11, 13, 14)},
    "sam@demo.invalid": {"phq9": (8, 7, 5), "gad7": (11, 9, 8), "csi4": (12, 13, 15)},
    "robin@demo.invalid": {"phq9": (14, 11, 9), "gad7": (10, 9, 7)},
}


def load(people: dict[str, Any]) -> None:
    known = catalog.instruments()
    for email, story in STORIES.items():
        user = people.get(email)
        if user is None or Administration.objects.filter(user=user).exists():
            continue
        for instrument_id, totals in story.items():
            _history(user, known[instrument_id], totals)


def _history(user: User, instrument: Instrument, totals: tuple[int, ...]) -> None:
    now = timezone.now()
    for days, total in zip(DAYS_AGO, totals, strict=True):
        when = now - timedelta(days=days)
        answers = answers_for(instrument, total)
        result = score(instrument, answers)
        Administration.objects.create(
            user=user,
            instrument_id=instrument.id,
            instrument_version=instrument.version,
            status=Administration.Status.COMPLETED,
            due_date=when.date(),
            window_end=catalog.window_end(when.date()),
            started_at=when,
            completed_at=when + timedelta(minutes=4),
            answers=answers,
            total=result.total,
            band_id=result.band_id or "",
            flags=list(result.flag_ids),
            derived={d.instrument_id: d.total for d in result.derived},
        )
    Schedule.objects.update_or_create(
        user=user,
        instrument_id=instrument.id,
        defaults={"next_due": (now + timedelta(days=14 - DAYS_AGO[-1])).date()},
    )


def answers_for(instrument: Instrument, total: int) -> dict[str, int]:
    """Spread ``total`` over the items, earliest first; risk items stay at their lowest."""
    risky = {f.source for f in instrument.flags if f.kind == "risk"}
    answers = {item.id: item.min_value for item in instrument.items}
    left = total - sum(answers.values())
    for item in instrument.items:
        if item.id in risky:
            continue
        step = min(left, item.max_value - item.min_value)
        answers[item.id] += step
        left -= step
    return answers
