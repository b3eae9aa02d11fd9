"""Safety actions: record what the risk rules ask for, and answer "may couple exercises run?".

Every other app calls ``respond`` with the signals of what a person just submitted and shows
what the returned outcome asks for (crisis resources, safety plan). The partner side only
ever asks ``couple_exercises_allowed``, which says yes or no and never why.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core import audit
from hearth.couples.access import partner_of
from hearth.safety.coercion import is_due
from hearth.safety.models import RiskEvent, Screening
from hearth.safety.rules import Level, RiskOutcome, Signal, evaluate

RISK_RECORDED = audit.kind("safety.risk_recorded", "A safety answer was noted")
PAUSE_LIFTED = audit.kind("safety.pause_lifted", "A safety pause was lifted")


@transaction.atomic
def respond(
    user: User, signals: Signal | Iterable[Signal], *, source: str, ref: str = ""
) -> RiskOutcome:
    """Evaluate the signals; record a RiskEvent when anything is needed. Returns the outcome."""
    outcome = evaluate(signals)
    if outcome.level != Level.NONE:
        event = RiskEvent.objects.create(
            user=user,
            source=source,
            reasons=[str(r) for r in outcome.reasons],
            level=str(outcome.level),
            ref=ref,
            alert_clinician=outcome.alert_clinician,
            pauses_couple=outcome.pause_couple_exercises,
        )
        audit.record(RISK_RECORDED, actor=user, risk_event=event.pk)
    return outcome


def active_pause(user: User) -> bool:
    return RiskEvent.objects.filter(
        user=user, pauses_couple=True, resolved_at__isnull=True
    ).exists()


def couple_exercises_allowed(user: User) -> bool:
    """False while either partner has an unresolved pause. Says nothing about why or whose."""
    partner = partner_of(user)
    people = [user] if partner is None else [user, partner]
    return not RiskEvent.objects.filter(
        user__in=people, pauses_couple=True, resolved_at__isnull=True
    ).exists()


@transaction.atomic
def lift_pause(user: User, *, source: str) -> int:
    """The person's own pauses from this source end (a later clear screen, or their choice)."""
    lifted = RiskEvent.objects.filter(
        user=user, source=source, pauses_couple=True, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())
    if lifted:
        audit.record(PAUSE_LIFTED, actor=user, source=source)
    return lifted


def screening_due(user: User) -> bool:
    """True when the person should take the relationship safety check now (at intake, then
    periodically). Couple exercises are only offered to a person whose check is not due."""
    last = Screening.objects.filter(user=user).order_by("-taken_at").first()
    today = timezone.localdate()
    return is_due(timezone.localdate(last.taken_at) if last else None, today)
