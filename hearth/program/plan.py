"""Build a person's or a couple's plan from private intake answers. Pure: no Django.

``build_plan(intakes, content)`` takes one intake (solo track) or two (couple track) and
returns a ``Plan``: tracks of stages with exercises filtered by both partners' boundaries,
session length, sessions per week, reading, and explanations.

Privacy rule: what one partner answered must never reach the other. So a plan has
- a shared part (tracks, lengths, shared reading, ``shared_explanation``) that depends on
  the answers only through neutral facts (no concern is ever named, no "your partner..."), and
- one ``PersonalView`` per person, built from that person's own answers only.
``Plan.adaptations`` is internal (it reveals concerns): never show it to a partner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from hearth.core.text import Text as _
from hearth.program.content import (
    ACTIVITIES,
    AREAS,
    CONCERNS,
    Content,
    Exercise,
    Stage,
    Track,
)

Pace = Literal["slow", "steady"]

BODY_CHANGE_CAUSES: tuple[str, ...] = ("ageing", "illness", "surgery", "accident")
PHYSICAL: tuple[str, ...] = ("mobility_limits", "tires_easily")
TIMES: tuple[str, ...] = ("morning", "afternoon", "evening", "weekend")
# Medicines a person may take that can change desire, arousal or orgasm (intake question).
MEDICINES: tuple[str, ...] = ("mood", "blood_pressure", "hormonal", "other")
SESSION_LENGTHS: tuple[int, ...] = (10, 15, 20, 30, 45, 60)
DEFAULT_SESSION_MINUTES = 30
SHORT_SESSION_MINUTES = 20

# Which adaptation each concern turns on (core applies to every plan).
CONCERN_ADAPTATIONS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "trauma_history": frozenset({"trauma_informed"}),
        "depression": frozenset({"depression_aware"}),
        "body_change": frozenset({"body_change"}),
        "after_childbirth": frozenset({"body_change", "pain_aware"}),
        "pain": frozenset({"pain_aware"}),
    }
)
# The exercise tag each adaptation prefers when an exercise has variants.
PREFERRED_TAG: Mapping[str, str] = MappingProxyType(
    {
        "trauma_informed": "trauma_safe",
        "depression_aware": "low_effort",
        "body_change": "body_change_ok",
        "pain_aware": "pain_aware",
    }
)
# Words that would give a concern away. The shared explanation never contains any of them,
# and a person's private texts only contain those of their own concerns (tested).
CONCERN_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "low_desire": ("desire",),
        "depression": ("depress", "mood", "medicine", "medication", "prescriber"),
        "anxiety": ("anxi", "worry", "worried"),
        "trauma_history": ("trauma", "abuse", "past hurt", "survivor", "trigger"),
        "body_change": ("body has changed", "ageing", "illness", "surgery", "accident"),
        "pain": ("pain", "sore"),
        "arousal_concerns": ("arousal",),
        "erection_concerns": ("erection",),
        "communication": ("talking is hard", "communicat"),
        "after_childbirth": ("childbirth", "baby", "birth"),
    }
)


# Words each medicine answer puts into its own hint. A private text may contain them only
# when the person gave that answer (tested like CONCERN_WORDS).
MEDICINE_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "mood": ("mood", "medicine", "prescriber"),
        "blood_pressure": ("medicine", "blood pressure", "erection"),
        "hormonal": ("medicine", "dryness"),
        "other": ("medicine", "desire", "arousal"),
    }
)


# Answers after which "pain means stop" is said to the person, and a doctor's check is asked
# for, privately, before a stage that includes genitals.
MEDICAL_CONCERNS: frozenset[str] = frozenset(
    {"pain", "body_change", "erection_concerns", "after_childbirth"}
)
PAIN_MEANS_STOP = _("Pain means stop. Never push through pain.")


class IntakeError(ValueError):
    """An intake uses a tag outside the vocabularies."""


@dataclass(frozen=True)
class Intake:
    """One person's private intake answers, as tags. ``person`` is an opaque id."""

    person: str
    concerns: frozenset[str] = frozenset()
    body_change_causes: frozenset[str] = frozenset()
    physical: frozenset[str] = frozenset()
    pain_areas: frozenset[str] = frozenset()
    off_limit_areas: frozenset[str] = frozenset()
    off_limit_activities: frozenset[str] = frozenset()
    medicines: frozenset[str] = frozenset()
    pace: Pace = "steady"
    session_minutes: int | None = None
    times: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for name, values, vocabulary in (
            ("concerns", self.concerns, CONCERNS),
            ("body_change_causes", self.body_change_causes, BODY_CHANGE_CAUSES),
            ("physical", self.physical, PHYSICAL),
            ("pain_areas", self.pain_areas, AREAS),
            ("off_limit_areas", self.off_limit_areas, AREAS),
            ("off_limit_activities", self.off_limit_activities, ACTIVITIES),
            ("medicines", self.medicines, MEDICINES),
            ("times", self.times, TIMES),
        ):
            unknown = set(values) - set(vocabulary)
            if unknown:
                raise IntakeError(f"unknown {name}: {sorted(unknown)}")
        if self.pace not in ("slow", "steady"):
            raise IntakeError(f"unknown pace: {self.pace!r}")
        if self.session_minutes is not None and self.session_minutes < 1:
            raise IntakeError("session_minutes must be positive")

    @property
    def adaptations(self) -> frozenset[str]:
        found = {a for c in self.concerns for a in CONCERN_ADAPTATIONS.get(c, frozenset())}
        if self.physical:
            found.add("body_change")
        if self.pain_areas:
            found.add("pain_aware")
        return frozenset(found)

    @property
    def excluded_areas(self) -> frozenset[str]:
        return self.off_limit_areas | self.pain_areas

    @property
    def excluded_activities(self) -> frozenset[str]:
        avoid = {"lying_down", "lying_face_down"} if "mobility_limits" in self.physical else set()
        return self.off_limit_activities | avoid

    @property
    def needs_medical_care(self) -> bool:
        """Pain, body change, erection changes, a recent birth or surgery was reported."""
        return bool(
            self.concerns & MEDICAL_CONCERNS
            or "surgery" in self.body_change_causes
            or self.pain_areas
        )

    @property
    def wants_short_sessions(self) -> bool:
        return bool({"trauma_informed", "depression_aware"} & self.adaptations) or (
            "tires_easily" in self.physical
        )


@dataclass(frozen=True)
class PlannedExercise:
    id: str
    title: str
    minutes: int
    turn_minutes: int
    turns: int
    areas: tuple[str, ...]
    adapted_from: str | None = None


@dataclass(frozen=True)
class PlannedStage:
    id: str
    order: int
    title: str
    page: str
    ground_rules: tuple[str, ...]
    exercises: tuple[PlannedExercise, ...]


@dataclass(frozen=True)
class PlannedTrack:
    kind: Track
    people: tuple[str, ...]
    stages: tuple[PlannedStage, ...]
    starting_stage: str

    def stage(self, stage_id: str) -> PlannedStage:
        return next(s for s in self.stages if s.id == stage_id)


@dataclass(frozen=True)
class PersonalView:
    """Private to ``person``: shaped only by their own answers."""

    person: str
    reading: tuple[str, ...]
    hints: tuple[str, ...]
    explanation: tuple[str, ...]
    # Said first, in words of no concern: "pain means stop" when the answers call for it.
    cautions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    tracks: tuple[PlannedTrack, ...]
    session_minutes: int
    sessions_per_week: int
    pace_holders: frozenset[str]
    suggested_times: tuple[str, ...]
    shared_reading: tuple[str, ...]
    shared_explanation: tuple[str, ...]
    personal: Mapping[str, PersonalView]
    # Internal: names concerns. Use for logic only; never display to a partner.
    adaptations: frozenset[str] = field(default_factory=frozenset)
    # The plan starts gently (any adaptation, or someone asked for a slow pace). Shared: the
    # shared explanation already says so ("small steps"), and it names nobody. Comfort maps
    # of a gentle plan start at "not yet"; its sessions open with a settling screen.
    gentle: bool = False

    @property
    def track(self) -> PlannedTrack:
        return self.tracks[0]

    @property
    def starting_stage(self) -> str:
        return self.tracks[0].starting_stage

    def exercises(self) -> tuple[PlannedExercise, ...]:
        return tuple(e for t in self.tracks for s in t.stages for e in s.exercises)


# --------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------


def build_plan(intakes: Sequence[Intake], content: Content, *, couple_allowed: bool = True) -> Plan:
    """One intake: solo track. Two: couple track (or, if ``couple_allowed`` is False because
    of a safety pause, a solo track for each person, each filtered by their own answers)."""
    if len(intakes) not in (1, 2):
        raise IntakeError("a plan needs one intake (solo) or two (couple)")
    if len({i.person for i in intakes}) != len(intakes):
        raise IntakeError("each intake needs its own person id")
    adaptations = _plan_adaptations(intakes)
    minutes = _session_minutes(intakes)
    couple = len(intakes) == 2 and couple_allowed
    groups = [tuple(intakes)] if couple or len(intakes) == 1 else [(i,) for i in intakes]
    tracks = tuple(
        _build_track(g, content, _plan_adaptations(g), minutes, "couple" if couple else "solo")
        for g in groups
    )
    plan_kind: Track = "couple" if couple else "solo"
    pace_holders = _pace_holders(intakes) if couple else frozenset()
    shared_reading = _shared_reading(content, plan_kind)
    times = _common_times(intakes)
    per_week = 2 if _gentle(intakes) else 3
    return Plan(
        tracks=tracks,
        session_minutes=minutes,
        sessions_per_week=per_week,
        pace_holders=pace_holders,
        suggested_times=times,
        shared_reading=shared_reading,
        shared_explanation=_shared_explanation(
            tracks, content, minutes, per_week, pace_holders, times, len(intakes)
        ),
        personal=MappingProxyType(
            {i.person: _personal_view(i, content, shared_reading, couple) for i in intakes}
        ),
        adaptations=adaptations,
        gentle=_gentle(intakes),
    )


def _plan_adaptations(intakes: Sequence[Intake]) -> frozenset[str]:
    found = {"core"} | {a for i in intakes for a in i.adaptations}
    if len(intakes) == 1:
        found.add("solo")
    return frozenset(found)


def _gentle(intakes: Sequence[Intake]) -> bool:
    """Start lower and suggest fewer sessions when any answer calls for care."""
    return any(i.adaptations or i.pace == "slow" for i in intakes)


def _session_minutes(intakes: Sequence[Intake]) -> int:
    limits = [DEFAULT_SESSION_MINUTES]
    limits += [SHORT_SESSION_MINUTES for i in intakes if i.wants_short_sessions]
    limits += [i.session_minutes for i in intakes if i.session_minutes is not None]
    wanted = min(limits)
    return max([n for n in SESSION_LENGTHS if n <= wanted], default=SESSION_LENGTHS[0])


def _pace_holders(intakes: Sequence[Intake]) -> frozenset[str]:
    return frozenset(
        i.person for i in intakes if i.pace == "slow" or "trauma_history" in i.concerns
    )


def _common_times(intakes: Sequence[Intake]) -> tuple[str, ...]:
    common = set(TIMES)
    for intake in intakes:
        common &= intake.times
    return tuple(t for t in TIMES if t in common)


def _build_track(
    intakes: Sequence[Intake],
    content: Content,
    adaptations: frozenset[str],
    minutes: int,
    kind: Track,
) -> PlannedTrack:
    areas_out = frozenset().union(*(i.excluded_areas for i in intakes))
    activities_out = frozenset().union(*(i.excluded_activities for i in intakes))
    prefer = frozenset(PREFERRED_TAG[a] for a in adaptations if a in PREFERRED_TAG)
    stages = []
    for stage in content.track_stages(kind):
        planned = _plan_stage(stage, content, adaptations, prefer, areas_out, activities_out)
        exercises = tuple(_timed(e, areas, minutes, base) for e, areas, base in planned)
        if exercises:
            stages.append(_planned_stage(stage, exercises))
    return PlannedTrack(
        kind=kind,
        people=tuple(i.person for i in intakes),
        stages=tuple(stages),
        starting_stage=_starting_stage(stages, kind, _gentle(intakes)),
    )


def _planned_stage(stage: Stage, exercises: tuple[PlannedExercise, ...]) -> PlannedStage:
    return PlannedStage(
        id=stage.id,
        order=stage.order,
        title=stage.title,
        page=stage.page,
        ground_rules=stage.ground_rules,
        exercises=exercises,
    )


def _starting_stage(stages: Sequence[PlannedStage], kind: Track, gentle: bool) -> str:
    if not stages:
        raise IntakeError("no exercise fits these boundaries; the plan would be empty")
    if kind == "solo" or gentle:
        return stages[0].id
    # A couple with no call for extra care starts at full-body touch (order 1) if offered.
    return next((s.id for s in stages if s.order >= 1), stages[0].id)


def _plan_stage(
    stage: Stage,
    content: Content,
    adaptations: frozenset[str],
    prefer: frozenset[str],
    areas_out: frozenset[str],
    activities_out: frozenset[str],
) -> list[tuple[Exercise, tuple[str, ...], str | None]]:
    chosen = []
    for base in content.base_exercises(stage.id):
        if base.when and not base.when & adaptations:
            continue
        candidates = [base, *content.variants_of(base.id)]
        pick = _best_fit(candidates, prefer, areas_out, activities_out)
        if pick is not None:
            exercise, areas = pick
            chosen.append((exercise, areas, base.id if exercise is not base else None))
    return chosen


def _best_fit(
    candidates: Sequence[Exercise],
    prefer: frozenset[str],
    areas_out: frozenset[str],
    activities_out: frozenset[str],
) -> tuple[Exercise, tuple[str, ...]] | None:
    """The fitting candidate matching most preferred tags; ties go to the earlier one."""
    best: tuple[int, Exercise, tuple[str, ...]] | None = None
    for exercise in candidates:
        areas = _fit(exercise, areas_out, activities_out)
        if areas is None:
            continue
        score = len(exercise.adaptations & prefer)
        if best is None or score > best[0]:
            best = (score, exercise, areas)
    return None if best is None else (best[1], best[2])


def _fit(
    exercise: Exercise, areas_out: frozenset[str], activities_out: frozenset[str]
) -> tuple[str, ...] | None:
    """The areas the exercise may touch under these boundaries, or None if it cannot fit."""
    if exercise.areas & areas_out or exercise.activities & activities_out:
        return None
    allowed = exercise.areas | (exercise.optional_areas - areas_out)
    if exercise.involves_touch and not allowed:
        return None
    return tuple(a for a in AREAS if a in allowed)


def _timed(
    exercise: Exercise, areas: tuple[str, ...], minutes: int, adapted_from: str | None
) -> PlannedExercise:
    length = max((d for d in exercise.durations if d <= minutes), default=exercise.durations[0])
    return PlannedExercise(
        id=exercise.id,
        title=exercise.title,
        minutes=length,
        turn_minutes=exercise.turn_minutes(length),
        turns=exercise.turns,
        areas=areas,
        adapted_from=adapted_from,
    )


# --------------------------------------------------------------------------------------
# Reading and explanations
# --------------------------------------------------------------------------------------


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _shared_reading(content: Content, kind: Track) -> tuple[str, ...]:
    return _unique([*content.reading.get("everyone", ()), *content.reading.get(kind, ())])


def _shared_explanation(
    tracks: Sequence[PlannedTrack],
    content: Content,
    minutes: int,
    per_week: int,
    pace_holders: frozenset[str],
    times: Sequence[str],
    people: int,
) -> tuple[str, ...]:
    """Neutral text for everyone in the plan: it names no concern and no person."""
    lines: list[str] = []
    if people == 2 and tracks[0].kind == "couple":
        lines.append(_("This plan is built from both of your private answers."))
        lines.append(_("Neither of you can see what the other answered."))
    elif people == 2:
        lines.append(_("For now, the plan offers exercises you can each do on your own."))
    else:
        lines.append(_("This plan is built from your private answers."))
    start = content.stage(tracks[0].starting_stage)
    lines.append(
        _("It starts at stage %(order)s: %(title)s.", order=start.order, title=start.title)
    )
    if start.order == 0:
        lines.append(
            _("Starting with small steps is common. It says nothing about where you end up.")
        )
    lines.append(
        _(
            "Sessions last about %(minutes)s minutes, about %(per_week)s times a week.",
            minutes=minutes,
            per_week=per_week,
        )
    )
    lines.append(_("That is a suggestion, not a quota. Skipping a day costs nothing."))
    if people == 2 and tracks[0].kind == "couple":
        lines.append(_("Any place or activity either of you ruled out is left out or adapted."))
        lines.append(_pace_line(pace_holders, people))
    lines.append(_("Stepping back a stage is always fine and needs nobody's agreement."))
    if times:
        lines.append(_("Good times for you: %(times)s.", times=tuple(times)))
    return tuple(lines)


def _pace_line(pace_holders: frozenset[str], people: int) -> str:
    if 0 < len(pace_holders) < people:
        return _(
            "One of you asked to set the pace. That person proposes each step forward, "
            "and the other can say yes."
        )
    return _("Either of you can propose a step forward. You move on only when you both agree.")


# What each of a person's own concerns changed, in their own private explanation. Each text
# uses only its own concern's words (see CONCERN_WORDS).
_OWN_CONCERN_TEXT: Mapping[str, str] = MappingProxyType(
    {
        "trauma_history": _(
            "You told us touch can bring back past hurt. So the plan starts with a comfort map "
            "and small, safe touch. Sessions are short with a known end, and a grounding pause "
            "comes first. You propose each step forward."
        ),
        "depression": _(
            "You told us about low mood. So sessions are shorter and low-effort options come "
            "first. Skipping a day is always fine."
        ),
        "body_change": _(
            "You told us your body has changed. So the plan favours supported positions and "
            "lighter touch, and brings touch back slowly."
        ),
        "after_childbirth": _(
            "You told us about a recent birth. So the plan starts gently, with supported "
            "positions and lighter touch."
        ),
        "pain": _(
            "You told us about pain. So the plan favours gentle, supported options and leaves "
            "out places you marked as sore."
        ),
        "low_desire": _(
            "You told us desire feels low. Your reading explains how desire often follows "
            "closeness, rather than coming first."
        ),
        "anxiety": _(
            "You told us worry gets in the way. Your reading explains how stress presses the "
            "brakes, and how to bring attention back to touch."
        ),
        "arousal_concerns": _(
            "You told us about changes in arousal. The plan has no goals to reach, and your "
            "reading explains what presses the brakes."
        ),
        "erection_concerns": _(
            "You told us about erection changes. The plan has no goals to reach, and your "
            "reading explains what presses the brakes."
        ),
        "communication": _(
            "You told us talking is hard. Each session ends with short prompts, a gentle way "
            "in. You choose what to share."
        ),
    }
)

_MOOD_MEDICINE_HINT = _(
    "If you take medicine for your mood and notice changes in your sex life, talk "
    "with your prescriber. Please do not stop it on your own."
)
_OWN_CONCERN_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "depression": _MOOD_MEDICINE_HINT,
        "trauma_history": _(
            "A therapist who knows about trauma can support you alongside this plan."
        ),
        "pain": _(
            "Pain during touch is worth a check with a doctor. There may be a cause to treat."
        ),
        "body_change": _(
            "A doctor or sex therapist can help you adapt after your body has changed."
        ),
        "after_childbirth": _("A doctor can check how you are healing after the birth."),
        "erection_concerns": _(
            "Erection changes are worth a check with a doctor. There may be a medical cause."
        ),
        "arousal_concerns": _(
            "A doctor or sex therapist can help look for causes of arousal changes."
        ),
        "low_desire": _(
            "If low desire troubles you, a doctor or sex therapist can help find causes."
        ),
    }
)


# What each medicine answer adds to the person's own hints (only ever their own).
_OWN_MEDICINE_HINTS: Mapping[str, str] = MappingProxyType(
    {
        "mood": _MOOD_MEDICINE_HINT,
        "blood_pressure": _(
            "Some medicines for blood pressure can affect erections. If you notice a change, "
            "talk with your doctor. Do not stop a medicine on your own."
        ),
        "hormonal": _(
            "Some hormonal medicines, like some contraceptive pills, can sometimes cause "
            "dryness. If you notice it, talk with your doctor."
        ),
        "other": _(
            "Some medicines can change desire or arousal. If you notice a change, ask your "
            "doctor or pharmacist before you change anything."
        ),
    }
)


def _personal_view(
    intake: Intake, content: Content, shared_reading: Sequence[str], couple: bool
) -> PersonalView:
    own = [c for c in CONCERNS if c in intake.concerns]
    reading = _unique(p for c in own for p in content.reading.get(c, ()))
    return PersonalView(
        person=intake.person,
        reading=tuple(p for p in reading if p not in shared_reading),
        hints=_unique(
            [
                *(_OWN_CONCERN_HINTS[c] for c in own if c in _OWN_CONCERN_HINTS),
                *(_OWN_MEDICINE_HINTS[m] for m in MEDICINES if m in intake.medicines),
            ]
        ),
        explanation=_personal_explanation(intake, own, couple),
        cautions=(PAIN_MEANS_STOP,) if intake.needs_medical_care else (),
    )


def _personal_explanation(intake: Intake, own: Sequence[str], couple: bool) -> tuple[str, ...]:
    lines = [_OWN_CONCERN_TEXT[c] for c in own]
    if "mobility_limits" in intake.physical:
        lines.append(
            _("You told us some positions are hard. So sitting or propped-up versions come first.")
        )
    if "tires_easily" in intake.physical:
        lines.append(_("You told us you tire easily. So sessions are kept short."))
    if intake.off_limit_areas:
        lines.append(
            _(
                "You ruled out: %(areas)s. These stay out.",
                areas=_listing(intake.off_limit_areas, AREAS),
            )
        )
    if intake.pain_areas:
        lines.append(
            _(
                "You asked for care with: %(areas)s. These stay out.",
                areas=_listing(intake.pain_areas, AREAS),
            )
        )
    if intake.off_limit_activities:
        listed = _listing(intake.off_limit_activities, ACTIVITIES)
        lines.append(
            _(
                "You ruled out: %(listed)s. Exercises that need them are adapted or left out.",
                listed=listed,
            )
        )
    if intake.pace == "slow" and "trauma_history" not in intake.concerns:
        lines.append(_("You asked for a slow pace. So you propose each step forward."))
    if intake.session_minutes is not None:
        lines.append(
            _(
                "You asked for sessions of about %(minutes)s minutes or less.",
                minutes=intake.session_minutes,
            )
        )
    if not lines:
        lines.append(_("Your answers fit the core plan."))
    if couple:
        lines.append(_("Your partner never sees these answers, and you never see theirs."))
    return tuple(lines)


def _listing(tags: Iterable[str], order: Sequence[str]) -> tuple[str, ...]:
    """Tag names in vocabulary order; a tuple, so the web layer translates each name."""
    chosen = set(tags)
    return tuple(t.replace("_", " ") for t in order if t in chosen)
