"""The person's questionnaire data for their export, and its deletion with the account."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hearth.accounts.models import User
from hearth.couples.models import Share
from hearth.measures import access
from hearth.measures.models import Administration, Schedule


def collect(user: User) -> dict[str, Any]:
    return {
        "schedules": [
            {
                "instrument": s.instrument_id,
                "interval_days": s.interval_days,
                "next_due": s.next_due.isoformat(),
                "active": s.active,
            }
            for s in Schedule.objects.filter(user=user).order_by("instrument_id")
        ],
        "administrations": [
            _administration(a)
            for a in Administration.objects.filter(user=user).order_by("due_date", "pk")
        ],
        "share_settings": [
            {
                "instrument": s.detail,
                "couple": s.couple_id,
                "since": s.created_at.isoformat(),
            }
            for s in Share.objects.filter(owner=user, kind=Share.Kind.INSTRUMENT).order_by(
                "detail", "pk"
            )
        ],
    }


def _administration(a: Administration) -> dict[str, Any]:
    return {
        "id": a.pk,
        "instrument": a.instrument_id,
        "version": a.instrument_version,
        "status": access.status_of(a),
        "due_date": a.due_date.isoformat(),
        "window_end": a.window_end.isoformat(),
        "started_at": a.started_at.isoformat(),
        "completed_at": a.completed_at.isoformat() if a.completed_at else None,
        "answers": a.answers,
        "total": a.total,
        "band": a.band_id,
        "flags": a.flags,
        "derived": a.derived,
        "prorated": a.prorated,
        "language": a.language,
        "source": a.source,
    }


@transaction.atomic
def erase(user: User) -> None:
    Share.objects.filter(owner=user, kind=Share.Kind.INSTRUMENT).delete()
    Administration.objects.filter(user=user).delete()
    Schedule.objects.filter(user=user).delete()
