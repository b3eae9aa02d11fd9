"""The safety part of a person's data export and of account deletion. Own rows only."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.safety.actions import load_plan
from hearth.safety.models import HelpRegion, RiskEvent, SafetyPlanRecord, Screening


def collect(user: User) -> dict[str, Any]:
    """Everything the safety app holds about this person, and nothing about anyone else."""
    region = HelpRegion.objects.filter(user=user).values_list("region", flat=True).first()
    return {
        "help_region": region,
        "safety_plan": load_plan(user).as_dict(),
        "safety_checks": [
            {"taken_at": s.taken_at.isoformat(), "questions": s.instrument, "result": s.result}
            for s in Screening.objects.filter(user=user).order_by("taken_at")
        ],
        "safety_events": [
            {
                "created_at": e.created_at.isoformat(),
                "source": e.source,
                "reasons": list(e.reasons),
                "level": e.level,
                "pauses_couple": e.pauses_couple,
                "resolved_at": e.resolved_at.isoformat() if e.resolved_at else None,
            }
            for e in RiskEvent.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase(user: User) -> None:
    for model in (SafetyPlanRecord, Screening, RiskEvent, HelpRegion):
        model.objects.filter(user=user).delete()
