"""Safety actions: record what the risk rules ask for, and answer "may couple exercises run?".

Every other app calls ``respond`` with the signals of what a person just submitted and shows
what the returned outcome asks for (crisis resources, safety plan). The partner side only
ever asks ``couple_exercises_allowed``, which says yes or no and never why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from hearth.accounts.models import User
from hearth.core import audit
from hearth.core.memo import per_request
from hearth.couples.access import partner_of
from hearth.safety.boxes import resource_dirs
from hearth.safety.coercion import Answer, is_due, load_screen, screen_positive
from hearth.safety.models import HelpRegion, RiskEvent, SafetyPlanRecord, Screening
from hearth.safety.plan import SafetyPlan, build_plan
from hearth.safety.resources import DEFAULT_REGION, available_regions, normalize_region
from hearth.safety.rules import CoercionSignal, Level, RiskOutcome, Signal, evaluate

# Labels are shown only on the person's own account page, but someone else may glance at
# that screen: they stay vague on purpose.
RISK_RECORDED = audit.kind("safety.risk_recorded", gettext_lazy("A private answer was noted"))
PAUSE_LIFTED = audit.kind("safety.pause_lifted", gettext_lazy("A pause was lifted"))
CHECK_TAKEN = audit.kind("safety.check_taken", gettext_lazy("A private check was saved"))
PLAN_SAVED = audit.kind("safety.plan_saved", gettext_lazy("Your private plan was saved"))
REGION_SET = audit.kind(
    "safety.region_set", gettext_lazy("Your country for help lines was changed")
)

# Pauses a person may end with one button. A pause from the relationship safety check is
# not in this set: it ends when the person takes the check again and it comes back clear,
# so nobody can simply tell them "press the button" (the check itself is private).
SELF_LIFTABLE_SOURCES = frozenset({RiskEvent.Source.CHECKIN.value})


class SafetyError(ValueError):
    """A rule stopped the change; str(error) is a plain message for the person."""


@transaction.atomic
def respond(
    user: User, signals: Signal | Iterable[Signal], *, source: str, ref: str = ""
) -> RiskOutcome:
    """Evaluate the signals; record a RiskEvent when anything is needed. Returns the outcome.

    Saving the same thing again (``ref``: the same day's check-in, say) with the same result
    while its event is still open records nothing new: one worrying day is one event for the
    person's clinician, however often the form is saved. After the person ends that pause,
    or when the result changes, a new event is recorded.
    """
    outcome = evaluate(signals)
    if outcome.level == Level.NONE:
        return outcome
    fields = {
        "source": source,
        "reasons": [str(r) for r in outcome.reasons],
        "level": str(outcome.level),
        "ref": ref,
        "alert_clinician": outcome.alert_clinician,
        "pauses_couple": outcome.pause_couple_exercises,
    }
    if ref and _same_open_event(user, fields):
        return outcome
    event = RiskEvent.objects.create(user=user, **fields)
    audit.record(RISK_RECORDED, actor=user, risk_event=event.pk)
    return outcome


def _same_open_event(user: User, fields: dict[str, object]) -> bool:
    newest = (
        RiskEvent.objects.filter(user=user, source=fields["source"], ref=fields["ref"])
        .order_by("-created_at", "-pk")
        .first()
    )
    return (
        newest is not None
        and newest.resolved_at is None
        and all(getattr(newest, name) == value for name, value in fields.items())
    )


def active_pause(user: User) -> bool:
    return RiskEvent.objects.filter(
        user=user, pauses_couple=True, resolved_at__isnull=True
    ).exists()


@per_request
def couple_exercises_allowed(user: User) -> bool:
    """False while either partner has an unresolved pause, or has not taken the relationship
    safety check recently (CLINICAL.md: screen each partner before couple work). Says nothing
    about why or whose: the partner side shows the same neutral "paused for now"."""
    partner = partner_of(user)
    people = [user] if partner is None else [user, partner]
    if any(screening_due(person) for person in people):
        return False
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


@per_request
def screening_due(user: User) -> bool:
    """True when the person should take the relationship safety check now (at intake, then
    periodically). Couple exercises are only offered to a person whose check is not due."""
    last = Screening.objects.filter(user=user).order_by("-taken_at").first()
    today = timezone.localdate()
    return is_due(timezone.localdate(last.taken_at) if last else None, today)


def active_pauses(user: User) -> list[RiskEvent]:
    """The person's own unresolved pauses, newest first. Never anyone else's."""
    return list(
        RiskEvent.objects.filter(user=user, pauses_couple=True, resolved_at__isnull=True).order_by(
            "-created_at"
        )
    )


@transaction.atomic
def lift_own_pause(user: User, source: str) -> int:
    """The person ends their own pause from a daily check-in. Other sources are refused."""
    if source not in SELF_LIFTABLE_SOURCES:
        raise SafetyError(gettext("This pause cannot be ended here."))
    return lift_pause(user, source=source)


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    positive: bool
    outcome: RiskOutcome


@transaction.atomic
def record_screening(user: User, answers: Mapping[str, str]) -> ScreeningResult:
    """Keep only whether the check was positive; act on it. The answers are not stored.

    Positive: a RiskEvent that pauses couple exercises for both partners (the partner only
    ever sees "not today"). Clear: the person's own earlier pause from this check ends.
    Every audit row written here is the person's own (actor and subject are the person).
    """
    screen = load_screen()
    if set(answers) != set(screen.item_ids) or not set(answers.values()) <= set(Answer):
        raise SafetyError(gettext("Please answer every question."))
    signal = CoercionSignal(answers=dict(answers))
    positive = screen_positive(signal.answers, screen)
    screening = Screening.objects.create(user=user, positive=positive)
    outcome = respond(user, signal, source="coercion", ref=f"screening:{screening.pk}")
    if not positive:
        lift_pause(user, source="coercion")
    audit.record(CHECK_TAKEN, actor=user, screening=screening.pk)
    return ScreeningResult(positive=positive, outcome=outcome)


def load_plan(user: User) -> SafetyPlan:
    """The person's own plan (empty when they have not written one)."""
    record = SafetyPlanRecord.objects.filter(user=user).first()
    if record is None or not record.steps:
        return build_plan({})
    return build_plan(json.loads(record.steps))


@transaction.atomic
def save_plan(user: User, entries: Mapping[str, str]) -> SafetyPlan:
    """Replace the person's plan with these entries. Bad input raises and saves nothing."""
    try:
        plan = build_plan(entries)
    except ValueError as error:
        raise SafetyError(str(error)) from error
    record, _ = SafetyPlanRecord.objects.get_or_create(user=user)
    record.steps = json.dumps(plan.as_dict())
    record.save(update_fields=["steps", "updated_at"])
    audit.record(PLAN_SAVED, actor=user, plan=record.pk)
    return plan


@transaction.atomic
def set_help_region(user: User, region: str) -> None:
    """The country whose help lines this person sees; "" goes back to the operator's."""
    code = normalize_region(region) if region else ""
    choices = set(available_regions(resource_dirs())) - {DEFAULT_REGION}
    if code is None or (code and code not in choices):
        raise SafetyError(gettext("Please choose a country from the list."))
    if code:
        HelpRegion.objects.update_or_create(user=user, defaults={"region": code})
    else:
        HelpRegion.objects.filter(user=user).delete()
    audit.record(REGION_SET, actor=user, region=code or "default")
