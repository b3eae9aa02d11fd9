"""The safety plan: six steps after Stanley & Brown (2012), in Hearth's own words.

The steps, their order and the idea of a written plan come from Stanley & Brown; the titles
and help texts are the project's own. What a person writes under each step is their own text:
this module only shapes and checks it. The Django side stores it encrypted and never shows
it to a partner; a clinician sees it only if the person shares it.

Pure Python, no Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from hearth.core.text import Text as _
from hearth.safety.resources import Focus, RegionResources

# Long enough for a real list of names and numbers, short enough to keep a plan readable
# on a phone in a hard moment. A project choice.
MAX_STEP_CHARS = 2000


class StepId(StrEnum):
    WARNING_SIGNS = "warning_signs"
    ON_MY_OWN = "on_my_own"
    PEOPLE_AND_PLACES = "people_and_places"
    PEOPLE_TO_ASK = "people_to_ask"
    PROFESSIONALS = "professionals"
    SAFE_SURROUNDINGS = "safe_surroundings"


@dataclass(frozen=True, slots=True)
class PlanStep:
    id: StepId
    number: int
    title: str
    help_text: str


STEPS: tuple[PlanStep, ...] = (
    PlanStep(
        StepId.WARNING_SIGNS,
        1,
        _("Signs that a hard time is coming"),
        _(
            "What do you notice when things start to get hard? Think of thoughts, moods, "
            "places or times of day. Write them in your own words."
        ),
    ),
    PlanStep(
        StepId.ON_MY_OWN,
        2,
        _("Things I can do on my own"),
        _(
            "What helps you feel a little calmer, even for a short time? It could be a walk, "
            "music, a shower or slow breaths."
        ),
    ),
    PlanStep(
        StepId.PEOPLE_AND_PLACES,
        3,
        _("People and places that take my mind off things"),
        _(
            "Who or where helps you think of something else? You do not have to talk about how "
            "you feel. A cafe, a park or a friend's kitchen can help."
        ),
    ),
    PlanStep(
        StepId.PEOPLE_TO_ASK,
        4,
        _("People I can ask for help"),
        _(
            "Who could you call or text when you need support? Add their names and numbers, so "
            "you do not have to look for them later."
        ),
    ),
    PlanStep(
        StepId.PROFESSIONALS,
        5,
        _("Doctors, therapists and crisis lines"),
        _(
            "Add your doctor, your therapist and a crisis line. Write down when you can reach "
            "them. We list crisis lines for your area to help you start."
        ),
    ),
    PlanStep(
        StepId.SAFE_SURROUNDINGS,
        6,
        _("Making my surroundings safer"),
        _(
            "Think of things you could use to hurt yourself, like medicines or weapons. Could "
            "you lock them away, or give them to someone you trust for a while? Small steps "
            "count."
        ),
    ),
)

STEP_IDS: tuple[StepId, ...] = tuple(step.id for step in STEPS)


def step(step_id: StepId | str) -> PlanStep:
    return _BY_ID[StepId(step_id)]


@dataclass(frozen=True, slots=True)
class SafetyPlan:
    """The person's text per step. Steps left out are empty, which is fine: a plan grows."""

    entries: Mapping[StepId, str] = field(default_factory=dict)

    def text(self, step_id: StepId | str) -> str:
        return self.entries.get(StepId(step_id), "")

    @property
    def filled_steps(self) -> tuple[StepId, ...]:
        return tuple(s for s in STEP_IDS if self.text(s))

    @property
    def is_started(self) -> bool:
        return bool(self.filled_steps)

    def as_dict(self) -> dict[str, str]:
        """Plain data for storage: every step id, in order, with its text ('' if empty)."""
        return {s.value: self.text(s) for s in STEP_IDS}


def build_plan(entries: Mapping[str, str]) -> SafetyPlan:
    """A plan from plain data (form or storage). Text is kept as written, only trimmed.

    Raises ``ValueError`` for an unknown step id or a text over ``MAX_STEP_CHARS``.
    """
    clean: dict[StepId, str] = {}
    for key, value in entries.items():
        step_id = _step_id(key)
        text = value.strip()
        if len(text) > MAX_STEP_CHARS:
            raise ValueError(f"step {step_id.value} is longer than {MAX_STEP_CHARS} characters")
        if text:
            clean[step_id] = text
    return SafetyPlan(entries=MappingProxyType(clean))


def crisis_line_suggestions(
    resources: RegionResources, call: str = "call %(number)s", text: str = "text %(number)s"
) -> tuple[str, ...]:
    """One line per crisis resource, to pre-fill step 5 if the person wants to.

    Only a suggestion the person can edit or delete: the plan stays their own text. ``call``
    and ``text`` are the words around a number, translated by the caller.
    """
    return tuple(
        _contact_line(e.name, (e.shown_number, _sms(e.text, e.text_word), e.web), call, text)
        for e in resources.ordered(Focus.SELF_HARM)
        if e.has_ways
    )


def _sms(number: str | None, word: str | None) -> str | None:
    if number is None:
        return None
    return f"{word} {number}" if word else number


def _contact_line(
    name: str, numbers: tuple[str | None, str | None, str | None], call: str, text: str
) -> str:
    phone, sms, web = numbers
    ways = [
        call % {"number": phone} if phone else "",
        text % {"number": sms} if sms else "",
        web or "",
    ]
    reach = ", ".join(w for w in ways if w)
    return f"{name}: {reach}" if reach else name


def _step_id(key: str) -> StepId:
    try:
        return StepId(key)
    except ValueError:
        raise ValueError(f"unknown safety plan step: {key!r}") from None


_BY_ID: Mapping[StepId, PlanStep] = {s.id: s for s in STEPS}
