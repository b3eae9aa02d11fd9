"""Safety actions: record what the risk rules ask for, and answer "may couple exercises run?".

Every other app calls ``respond`` with the signals of what a person just submitted and shows
what the returned outcome asks for (crisis resources, safety plan). The partner side only
ever asks ``couple_exercises_allowed``, which says yes or no and never why.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy

from hearth.accounts.models import User
from hearth.core import audit
from hearth.core.errors import Refused
from hearth.core.memo import per_request
from hearth.couples.access import household
from hearth.safety.boxes import resource_dirs
from hearth.safety.coercion import Answer, Result, is_due, load_screen, screen_result
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

# A pause for danger ends only by the person's own explicit choice, and not before this
# many days: never by retaking the check, which someone could make them do on the spot.
# A project choice: long enough to reach help and think, short enough not to trap anyone.
MIN_PAUSE_DAYS = 7


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


def active_pause(user: User) -> bool:
    return RiskEvent.objects.filter(
        user=user, pauses_couple=True, resolved_at__isnull=True
    ).exists()


@per_request
def couple_exercises_allowed(user: User) -> bool:
    """For a couple: False while either partner has an unresolved pause, or has not
    answered the relationship check recently (screen each partner before couple work:
    docs/clinical.md#safety-routing). Says nothing about why or whose: both partners see the
    same "paused for now". A person without a partner has no couple exercises to hold back."""
    partner = household(user).partner
    if partner is None:
        return True
    latest = _latest_screenings(frozenset({user.pk, partner.pk}))
    if any(not _answered(latest.get(person.pk)) for person in (user, partner)):
        return False
    return not risk_facts(frozenset({user.pk, partner.pk})).paused


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """What several pages ask of a person's (or a couple's) risk answers, read together."""

    paused: bool  # an unresolved pause of couple work
    newest: datetime | None  # when the newest risk result was noted


@per_request
def risk_facts(people: frozenset[int]) -> RiskFacts:
    """The pause and the newest risk result of these people (the program's panel asks both
    of the same couple on every home page load), read with their relationship checks."""
    return _safety_of(people)[1]


def _latest_screenings(people: frozenset[int]) -> dict[int, Screening]:
    """Each person's newest relationship check, for both partners in one query."""
    return _safety_of(people)[0]


@per_request
def _safety_of(people: frozenset[int]) -> tuple[dict[int, Screening], RiskFacts]:
    """Each person's newest relationship check, and the pause and newest risk result of
    them all, in one query: the couple's safety gate asks for both on every page that shows
    couple work. The risk answers come as two columns on each check's row; people who never
    took a check have no row, and then the risk answers are read on their own."""
    risk = RiskEvent.objects.filter(user_id__in=people)
    pausing = risk.filter(pauses_couple=True, resolved_at__isnull=True)
    newest_risk = risk.order_by("-created_at").values("created_at")[:1]
    newest = Screening.objects.filter(user_id=OuterRef("user_id")).order_by("-taken_at", "-pk")
    rows = list(
        Screening.objects.filter(user_id__in=people, pk=Subquery(newest.values("pk")[:1])).annotate(
            risk_paused=Exists(pausing), risk_newest=Subquery(newest_risk)
        )
    )
    if not rows:
        found = risk.aggregate(
            paused=Count("pk", filter=Q(pauses_couple=True, resolved_at__isnull=True)),
            newest=Max("created_at"),
        )
        return {}, RiskFacts(paused=bool(found["paused"]), newest=found["newest"])
    first = rows[0].__dict__  # the two annotated columns, the same on every row
    facts = RiskFacts(paused=bool(first["risk_paused"]), newest=first["risk_newest"])
    return {row.user_id: row for row in rows}, facts


def _answered(last: Screening | None) -> bool:
    """Answered recently: taken within the interval, and not left at "rather not say"."""
    if last is None or last.result == Screening.Result.DECLINED:
        return False
    return not is_due(timezone.localdate(last.taken_at), timezone.localdate())


@per_request
def screening_due(user: User) -> bool:
    """True when the person should be asked the relationship check now: in a couple, never
    taken or taken more than the interval ago. A person without a partner is never asked
    about "your partner" (they can still open the check themselves)."""
    partner = household(user).partner
    if partner is None:
        return False
    last = _latest_screenings(frozenset({user.pk, partner.pk})).get(user.pk)
    return is_due(timezone.localdate(last.taken_at) if last else None, timezone.localdate())


def active_pauses(user: User) -> list[RiskEvent]:
    """The person's own unresolved pauses, newest first. Never anyone else's."""
    return list(
        RiskEvent.objects.filter(user=user, pauses_couple=True, resolved_at__isnull=True).order_by(
            "-created_at"
        )
    )


@dataclass(frozen=True, slots=True)
class PauseState:
    since: date  # the day the oldest open pause began
    can_end_from: date  # MIN_PAUSE_DAYS after the newest one

    def can_end(self, today: date) -> bool:
        return today >= self.can_end_from


def pause_state(user: User) -> PauseState | None:
    """The person's own pause, as one thing: since when, and from when they may end it."""
    days = [timezone.localdate(p.created_at) for p in active_pauses(user)]
    if not days:
        return None
    return PauseState(since=min(days), can_end_from=max(days) + timedelta(days=MIN_PAUSE_DAYS))


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
