"""The check-ins part of a person's data export and of account deletion."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hearth.accounts.models import User
from hearth.checkins.models import (
    CalendarFeed,
    CheckIn,
    PromptAnswer,
    ReminderPreference,
    SentReminder,
    Wish,
)
from hearth.checkins.stats import Measure
from hearth.couples.models import Share


def collect(user: User) -> dict[str, Any]:
    """Everything this person wrote here. Nothing of the partner's, not even matches."""
    pref = ReminderPreference.objects.filter(user=user).first()
    return {
        "checkins": [_checkin(c) for c in CheckIn.objects.filter(user=user).order_by("day")],
        "sharing": [
            {"to": s.to, "couple": s.couple_id, "care_link": s.link_id, "measure": s.detail}
            for s in Share.objects.filter(owner=user, kind=Share.Kind.CHECKIN).order_by("pk")
        ],
        "prompt_answers": [
            {"couple": a.couple_id, "prompt": a.prompt_id, "text": a.text}
            for a in PromptAnswer.objects.filter(user=user)
        ],
        "wishes": [
            {"couple": w.couple_id, "item": w.item_id, "choice": w.choice}
            for w in Wish.objects.filter(user=user)
        ],
        "reminders": {"kinds": pref.kinds, "hour": pref.hour} if pref else None,
        "calendar_link": CalendarFeed.objects.filter(user=user).exists(),
    }


def _checkin(c: CheckIn) -> dict[str, Any]:
    values: dict[str, Any] = {m.value: getattr(c, m.value) for m in Measure}
    if values["sleep_hours"] is not None:
        values["sleep_hours"] = float(values["sleep_hours"])
    safety = {
        "danger_from_someone": c.danger_from_someone,
        "self_harm_thoughts": c.self_harm_thoughts,
        "feels_unsafe": c.feels_unsafe,
    }
    return {"day": c.day.isoformat(), **values, "note": c.note, **safety}


@transaction.atomic
def erase(user: User) -> None:
    for model in (
        CheckIn,
        PromptAnswer,
        Wish,
        ReminderPreference,
        SentReminder,
        CalendarFeed,
    ):
        model.objects.filter(user=user).delete()
    Share.objects.filter(owner=user, kind=Share.Kind.CHECKIN).delete()
