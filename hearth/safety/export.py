"""The safety part of a person's data export and of account deletion. Own rows only."""

from __future__ import annotations

from typing import Any

from hearth.accounts.models import User
from hearth.safety.access import load_plan
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


# What "my safety answers" are, in one place: every other app's export is read, not changed.
CHECKIN_SAFETY_FIELDS = ("danger_from_someone", "self_harm_thoughts", "feels_unsafe")


def leave_out(data: dict[str, Any]) -> None:
    """Remove the person's safety answers from their whole export (in place).

    Gone: this app's part (checks and their results, pauses and why, the safety plan, the
    country for help lines), the two safety questions of every check-in, each
    questionnaire's risk items (PHQ-9 question 9) and risk flags, and the activity rows of
    this app. What stays reads the same whatever the answers were.
    """
    apps = data.get("apps", {})
    apps.pop("safety", None)
    for row in apps.get("checkins", {}).get("checkins", []):
        for name in CHECKIN_SAFETY_FIELDS:
            row.pop(name, None)
    for sitting in apps.get("measures", {}).get("administrations", []):
        _leave_out_risk_items(sitting)
    data["activity"] = [
        row
        for row in data.get("activity", [])
        if not str(row.get("kind", "")).startswith("safety.")
    ]


def _leave_out_risk_items(sitting: dict[str, Any]) -> None:
    from hearth.measures import catalog

    instrument = catalog.instruments().get(sitting.get("instrument", ""))
    if instrument is None:
        return
    risk = [flag for flag in instrument.flags if flag.kind == "risk"]
    items = {item.id for item in instrument.items}
    for flag in risk:
        if flag.source in items:
            sitting.get("answers", {}).pop(flag.source, None)
    risky = {flag.id for flag in risk}
    sitting["flags"] = [f for f in sitting.get("flags", []) if f not in risky]
