"""Risk rules: from plain signals to what must happen next.

``evaluate`` takes what a person just told Hearth (a scored questionnaire, a daily check-in,
the relationship safety check) and returns a ``RiskOutcome``: a set of actions, each with a
stable reason code. The outcome holds codes only, never wording, so nothing in it can be
shown to a partner by mistake; the partner side gets ``RiskOutcome.for_partner()``, which
says only whether couple exercises are available ("not today" when not).

Rules (reason code -> actions; the table ``RULES`` below is the single source of truth):
"clinical" rules follow docs/clinical.md#safety-routing; "project" rules are Hearth's own
choices, explained below.

=========================  =====================================================  =========
reason                     actions                                                source
=========================  =====================================================  =========
``phq9_item9``             crisis resources now, safety plan, clinician alert     clinical
``instrument_risk_flag``   crisis resources now, safety plan, clinician alert     project
``checkin_self_harm``      crisis resources now, safety plan, clinician alert     project
``checkin_danger``         help now (abuse services first), pause couple          project
                           exercises
``checkin_unsafe``         crisis resources now, safety plan, clinician alert,    project
                           pause couple exercises (check-ins saved before the
                           question was split in two; kept for their events)
``coercion_positive``      help now (abuse services first), pause couple          clinical
                           exercises
``phq9_item9_unanswered``  gentle support resources, safety plan                  project
``phq9_severe``            gentle support resources                               project
``low_mood_streak``        gentle support resources                               project
=========================  =====================================================  =========

Project choices and their trade-offs:

- ``instrument_risk_flag``: any flag of kind "risk" from any instrument (a clinic may load
  its own) is treated like PHQ-9 item 9. Better one alert too many than a silent risk item.
- The check-in asks two separate questions: danger from someone else, and thoughts of
  harming oneself. A person in danger from their partner must not be answered as if they
  were suicidal, and the reverse. ``checkin_self_harm`` is treated like PHQ-9 item 9.
- ``checkin_danger`` and ``coercion_positive`` do not alert the clinician automatically: a
  couples therapist may also see the partner, and any leak could raise the danger. The
  person is shown help (abuse and sexual-violence services first, those usable by text or
  without speaking before the rest) and can choose to tell their clinician. The pause is
  silent: the partner sees only that the couple part is paused, as when a check is due.
- ``checkin_unsafe`` is the old single "I do not feel safe" box: it did not say unsafe from
  what, so it keeps both answers (crisis actions and a pause). New check-ins never raise it.
- ``phq9_item9_unanswered``: the scoring engine requires item 9, but if a signal arrives
  without it, a skipped risk question is met with gentle support, never with silence.
- ``phq9_severe``: total 20 or more ("severe" band, Kroenke 2001) without item 9: support
  resources and a nudge towards care, but no alert (not a risk event by itself).
- ``low_mood_streak``: mood 2 or lower (0-10) on 3 calendar days in a row, ending on the
  check-in day. A missing check-in breaks the run: we never guess a missing day.
- Clinician alerts go only to clinicians the person has consented to share with; this
  module cannot know who they are and only says that an alert is due.

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from hearth.safety.coercion import Answer, screen_positive

PHQ9 = "phq9"
PHQ9_ITEM9 = "q9"
PHQ9_SELF_HARM_FLAG = "self_harm"
PHQ9_SEVERE_TOTAL = 20
LOW_MOOD_MAX = 2
LOW_MOOD_DAYS = 3
MOOD_RANGE = range(0, 11)


class Action(StrEnum):
    SHOW_CRISIS_RESOURCES = "show_crisis_resources"  # now, before anything else
    OFFER_SAFETY_PLAN = "offer_safety_plan"
    ALERT_CLINICIAN = "alert_clinician"  # consented clinicians only
    PAUSE_COUPLE_EXERCISES = "pause_couple_exercises"  # partner sees a neutral "not today"
    OFFER_SUPPORT_RESOURCES = "offer_support_resources"  # gentle, no interruption


class Reason(StrEnum):
    PHQ9_ITEM9 = "phq9_item9"
    INSTRUMENT_RISK_FLAG = "instrument_risk_flag"
    CHECKIN_SELF_HARM = "checkin_self_harm"
    CHECKIN_DANGER = "checkin_danger"
    CHECKIN_UNSAFE = "checkin_unsafe"
    COERCION_POSITIVE = "coercion_positive"
    PHQ9_ITEM9_UNANSWERED = "phq9_item9_unanswered"
    PHQ9_SEVERE = "phq9_severe"
    LOW_MOOD_STREAK = "low_mood_streak"


class Level(StrEnum):
    NONE = "none"
    SUPPORT = "support"  # gentle offers only
    RISK = "risk"  # crisis resources shown now


_CRISIS = frozenset(
    {Action.SHOW_CRISIS_RESOURCES, Action.OFFER_SAFETY_PLAN, Action.ALERT_CLINICIAN}
)

_DANGER = frozenset({Action.SHOW_CRISIS_RESOURCES, Action.PAUSE_COUPLE_EXERCISES})

# Reasons that mean danger from someone else: help shows abuse and sexual-violence services
# first. The old single check-in box is among them: it may have meant the partner.
DANGER_REASONS = frozenset({Reason.CHECKIN_DANGER, Reason.CHECKIN_UNSAFE, Reason.COERCION_POSITIVE})

RULES: Mapping[Reason, frozenset[Action]] = {
    Reason.PHQ9_ITEM9: _CRISIS,
    Reason.INSTRUMENT_RISK_FLAG: _CRISIS,
    Reason.CHECKIN_SELF_HARM: _CRISIS,
    Reason.CHECKIN_DANGER: _DANGER,
    Reason.CHECKIN_UNSAFE: _CRISIS | {Action.PAUSE_COUPLE_EXERCISES},
    Reason.COERCION_POSITIVE: _DANGER,
    Reason.PHQ9_ITEM9_UNANSWERED: frozenset(
        {Action.OFFER_SUPPORT_RESOURCES, Action.OFFER_SAFETY_PLAN}
    ),
    Reason.PHQ9_SEVERE: frozenset({Action.OFFER_SUPPORT_RESOURCES}),
    Reason.LOW_MOOD_STREAK: frozenset({Action.OFFER_SUPPORT_RESOURCES}),
}


@dataclass(frozen=True, slots=True)
class QuestionnaireSignal:
    """A scored questionnaire, as the measures engine returns it.

    ``answers`` maps item ids (``q1`` ... ``q9`` for the PHQ-9) to the chosen value, or None
    when skipped. ``risk_flags`` are the ids of raised flags whose kind is "risk".
    """

    instrument: str
    answers: Mapping[str, int | None]
    risk_flags: frozenset[str] = frozenset()
    total: float | None = None


@dataclass(frozen=True, slots=True)
class CheckinSignal:
    """A daily check-in. ``recent_moods`` holds earlier days' moods (any number of days;
    the low-mood rule looks at the ``LOW_MOOD_DAYS - 1`` days before ``day``)."""

    day: date
    mood: int | None = None
    danger_from_someone: bool | None = None
    self_harm_thoughts: bool | None = None
    feels_unsafe: bool | None = None  # the old single box (legacy rows and API clients)
    recent_moods: Mapping[date, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CoercionSignal:
    """Answers to the relationship safety check (see ``hearth.safety.coercion``)."""

    answers: Mapping[str, Answer | str]


Signal = QuestionnaireSignal | CheckinSignal | CoercionSignal


@dataclass(frozen=True, slots=True)
class Finding:
    reason: Reason
    actions: frozenset[Action]


@dataclass(frozen=True, slots=True)
class PartnerView:
    """All a partner may learn: whether couple exercises can go ahead. Never why."""

    couple_exercises_available: bool


@dataclass(frozen=True, slots=True)
class RiskOutcome:
    findings: tuple[Finding, ...] = ()

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(f.reason for f in self.findings)

    @property
    def actions(self) -> frozenset[Action]:
        return frozenset(a for f in self.findings for a in f.actions)

    def requires(self, action: Action) -> bool:
        return action in self.actions

    @property
    def show_crisis_resources(self) -> bool:
        return self.requires(Action.SHOW_CRISIS_RESOURCES)

    @property
    def offer_safety_plan(self) -> bool:
        return self.requires(Action.OFFER_SAFETY_PLAN)

    @property
    def alert_clinician(self) -> bool:
        return self.requires(Action.ALERT_CLINICIAN)

    @property
    def pause_couple_exercises(self) -> bool:
        return self.requires(Action.PAUSE_COUPLE_EXERCISES)

    @property
    def offer_support_resources(self) -> bool:
        return self.requires(Action.OFFER_SUPPORT_RESOURCES)

    @property
    def danger_from_someone(self) -> bool:
        """True when help should start with abuse and sexual-violence services."""
        return any(r in DANGER_REASONS for r in self.reasons)

    @property
    def level(self) -> Level:
        if self.show_crisis_resources:
            return Level.RISK
        return Level.SUPPORT if self.findings else Level.NONE

    def for_partner(self) -> PartnerView:
        return PartnerView(couple_exercises_available=not self.pause_couple_exercises)


def clinician_reasons(reasons: Iterable[str]) -> tuple[str, ...]:
    """Of an event's reason codes, those a consented clinician may read: only the ones
    whose rule alerts a clinician. A check-in that raised both "danger from someone" and
    "thoughts of self-harm" alerts for the second; the first never reaches them."""
    return tuple(
        r for r in reasons if r in set(Reason) and Action.ALERT_CLINICIAN in RULES[Reason(r)]
    )


def evaluate(signals: Signal | Iterable[Signal]) -> RiskOutcome:
    """Apply every rule to one signal or several; each reason appears at most once."""
    batch: Iterable[Signal] = (
        (signals,)
        if isinstance(signals, QuestionnaireSignal | CheckinSignal | CoercionSignal)
        else signals
    )
    reasons = {r for s in batch for r in _reasons(s)}
    # Findings follow the order of ``Reason`` (most urgent first), not the input order,
    # so the same facts always give the same outcome.
    ordered = [r for r in Reason if r in reasons]
    return RiskOutcome(tuple(Finding(r, RULES[r]) for r in ordered))


def _reasons(signal: Signal) -> set[Reason]:
    if isinstance(signal, QuestionnaireSignal):
        return _questionnaire_reasons(signal)
    if isinstance(signal, CheckinSignal):
        return _checkin_reasons(signal)
    return {Reason.COERCION_POSITIVE} if screen_positive(signal.answers) else set()


def normalize_instrument(instrument: str) -> str:
    """'PHQ-9', 'phq_9' and 'phq9' are the same instrument."""
    return instrument.strip().lower().replace("-", "").replace("_", "")


def _questionnaire_reasons(signal: QuestionnaireSignal) -> set[Reason]:
    if normalize_instrument(signal.instrument) == PHQ9:
        return _phq9_reasons(signal)
    return {Reason.INSTRUMENT_RISK_FLAG} if signal.risk_flags else set()


def _phq9_reasons(signal: QuestionnaireSignal) -> set[Reason]:
    reasons: set[Reason] = set()
    item9 = signal.answers.get(PHQ9_ITEM9)
    if item9 is not None and item9 not in range(0, 4):
        raise ValueError(f"PHQ-9 item 9 must be 0 to 3, got {item9!r}")
    if (item9 or 0) > 0 or PHQ9_SELF_HARM_FLAG in signal.risk_flags:
        reasons.add(Reason.PHQ9_ITEM9)
    elif item9 is None:
        reasons.add(Reason.PHQ9_ITEM9_UNANSWERED)
    if signal.risk_flags - {PHQ9_SELF_HARM_FLAG}:
        reasons.add(Reason.INSTRUMENT_RISK_FLAG)
    if signal.total is not None and signal.total >= PHQ9_SEVERE_TOTAL:
        reasons.add(Reason.PHQ9_SEVERE)
    return reasons


def _checkin_reasons(signal: CheckinSignal) -> set[Reason]:
    reasons: set[Reason] = set()
    if signal.danger_from_someone:
        reasons.add(Reason.CHECKIN_DANGER)
    if signal.self_harm_thoughts:
        reasons.add(Reason.CHECKIN_SELF_HARM)
    if signal.feels_unsafe:
        reasons.add(Reason.CHECKIN_UNSAFE)
    if _low_mood_streak(signal):
        reasons.add(Reason.LOW_MOOD_STREAK)
    return reasons


def _low_mood_streak(signal: CheckinSignal) -> bool:
    moods = {**signal.recent_moods}
    if signal.mood is not None:
        moods[signal.day] = signal.mood
    for mood in moods.values():
        if mood not in MOOD_RANGE:
            raise ValueError(f"mood must be a whole number from 0 to 10, got {mood!r}")
    days = (signal.day - timedelta(days=n) for n in range(LOW_MOOD_DAYS))
    return all(moods.get(d, LOW_MOOD_MAX + 1) <= LOW_MOOD_MAX for d in days)
