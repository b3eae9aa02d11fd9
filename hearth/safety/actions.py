"""Safety actions: record what the risk rules ask for, and the person's own changes (ending
a pause, the relationship check, the plan, the help-line country).

Every other app calls ``respond`` with the signals of what a person just submitted and shows
what the returned outcome asks for (crisis resources, safety plan). What may be read of a
person's safety state ("may couple exercises run?") is in access.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from hearth.accounts.models import User
from hearth.core import audit
from hearth.core.errors import Refused
from hearth.safety.access import pause_state
from hearth.safety.boxes import resource_dirs
from hearth.safety.coercion import Answer, Result, load_screen, screen_result
from hearth.safety.models import HelpRegion, RiskEvent, SafetyPlanRecord, Screening
from hearth.safety.plan import SafetyPlan, build_plan
from hearth.safety.resources import DEFAULT_REGION, available_regions, normalize_region
from hearth.safety.rules import CoercionSignal, Level, RiskOutcome, Signal, evaluate

# Labels are shown only on the person's own account page, but someone else may glance at
# that screen: they stay vague on purpose. A risk answer writes no line of its own: a check
# or a check-in leaves the same lines in the activity list whatever was answered.
RISK_RECORDED = audit.kind("safety.risk_recorded", gettext_lazy("A private answer was noted"))
PAUSE_LIFTED = audit.kind("safety.pause_lifted", gettext_lazy("A pause was lifted"))
CHECK_TAKEN = audit.kind("safety.check_taken", gettext_lazy("A private check was saved"))
PLAN_SAVED = audit.kind("safety.plan_saved", gettext_lazy("Your private plan was saved"))
REGION_SET = audit.kind(
    "safety.region_set", gettext_lazy("Your country for help lines was changed")
)


class SafetyError(Refused):
    """A rule stopped the change; str(error) is a plain message for the person."""


@transaction.atomic
def respond(
    user: User, signals: Signal | Iterable[Signal], *, source: str, ref: str = ""
) -> RiskOutcome:
    """Evaluate the signals; record a RiskEvent when anything is needed. Returns the outcome.

    Saving the same thing again (``ref``: the same day's check-in, say) with the same result
    while its event is still open records nothing new: one worrying day is one event for the
    person's clinician, however often the form is saved. After the person ends that pause,
    or when the result changes, a new event is recorded. No audit row is written here: the
    action that called (the check-in, the check) writes its own, the same for every answer.
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
    RiskEvent.objects.create(user=user, **fields)
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


@transaction.atomic
def end_own_pause(user: User, *, confirmed: bool) -> int:
    """The person ends their own pauses by an explicit choice, once the newest is at least
    MIN_PAUSE_DAYS old. Nobody else can end them, and taking the check again does not."""
    if not confirmed:
        raise SafetyError(gettext("Please tick the box to say this is your choice."))
    state = pause_state(user)
    if state is None:
        raise SafetyError(gettext("Nothing is paused."))
    if not state.can_end(timezone.localdate()):
        raise SafetyError(
            gettext("You can turn them back on from %(day)s.")
            % {"day": date_format(state.can_end_from, "DATE_FORMAT")}
        )
    lifted = RiskEvent.objects.filter(
        user=user, pauses_couple=True, resolved_at__isnull=True
    ).update(resolved_at=timezone.now())
    audit.record(PAUSE_LIFTED, actor=user)
    return lifted


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    result: Result
    outcome: RiskOutcome

    @property
    def positive(self) -> bool:
        return self.result == Result.POSITIVE


@transaction.atomic
def record_screening(user: User, answers: Mapping[str, str]) -> ScreeningResult:
    """Keep only the result (clear, positive or declined); act on it. Answers are not stored.

    Positive: a RiskEvent that pauses couple exercises for both partners (both see only that
    the couple part is paused). Declined: nothing is recorded as a risk; couple exercises
    stay off until the check is answered. A clear result never ends an earlier pause.
    Whatever the result, the same one audit row is written: the activity list reads the same.
    """
    screen = load_screen()
    if set(answers) != set(screen.item_ids) or not set(answers.values()) <= set(Answer):
        raise SafetyError(gettext("Please answer every question."))
    signal = CoercionSignal(answers=dict(answers))
    result = screen_result(signal.answers, screen)
    screening = Screening.objects.create(user=user, instrument=screen.id, result=result)
    outcome = respond(user, signal, source="coercion", ref=f"screening:{screening.pk}")
    audit.record(CHECK_TAKEN, actor=user, screening=screening.pk)
    return ScreeningResult(result=result, outcome=outcome)


@transaction.atomic
def save_plan(user: User, entries: Mapping[str, str]) -> SafetyPlan:
    """Replace the person's plan with these entries. Bad input raises and saves nothing."""
    try:
        plan = build_plan(entries)
    except ValueError as error:
        raise SafetyError(str(error)) from error
    # The old value is replaced, never read: a plan that will not open can be written again.
    record, _ = SafetyPlanRecord.objects.only("pk", "user").get_or_create(user=user)
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
