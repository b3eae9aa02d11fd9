"""Property tests: boundaries always hold, and explanations never leak between partners."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hearth.program.content import AREAS, Content, default_content
from hearth.program.plan import (
    CONCERN_WORDS,
    MEDICINE_WORDS,
    Intake,
    IntakeError,
    Plan,
    build_plan,
)

from .strategies import intakes

CONTENT: Content = default_content()


def plan_or_none(people: list[Intake], **kwargs: bool) -> Plan | None:
    try:
        return build_plan(people, CONTENT, **kwargs)
    except IntakeError:
        return None  # nothing at all fits these boundaries: an honest, empty answer


def mentions(text: str, concern: str) -> list[str]:
    lowered = text.lower()
    return [w for w in CONCERN_WORDS[concern] if w in lowered]


def private_text(plan: Plan, person: str) -> str:
    view = plan.personal[person]
    return " ".join((*view.explanation, *view.hints))


@settings(max_examples=300, deadline=None)
@given(intakes("alpha"), intakes("beta"), st.booleans())
def test_no_planned_exercise_touches_an_area_either_partner_excluded(
    a: Intake, b: Intake, couple_allowed: bool
) -> None:
    plan = plan_or_none([a, b], couple_allowed=couple_allowed)
    assume(plan is not None)
    assert plan is not None
    for track in plan.tracks:
        people = [i for i in (a, b) if i.person in track.people]
        excluded = frozenset().union(*(i.excluded_areas for i in people))
        for stage in track.stages:
            for exercise in stage.exercises:
                assert not excluded & set(exercise.areas), (exercise.id, excluded)
                source = CONTENT.exercise(exercise.id)
                assert not source.activities & frozenset().union(
                    *(i.off_limit_activities for i in people)
                )


@settings(max_examples=200, deadline=None)
@given(intakes("alpha"))
def test_no_solo_exercise_touches_an_area_the_person_excluded(a: Intake) -> None:
    plan = plan_or_none([a])
    assume(plan is not None)
    assert plan is not None
    assert all(not set(e.areas) & a.excluded_areas for e in plan.exercises())


@settings(max_examples=300, deadline=None)
@given(intakes("alpha"), intakes("beta"))
def test_the_shared_explanation_names_no_concern(a: Intake, b: Intake) -> None:
    plan = plan_or_none([a, b])
    assume(plan is not None)
    assert plan is not None
    shared = " ".join(plan.shared_explanation)
    for concern in CONCERN_WORDS:
        assert mentions(shared, concern) == [], concern
    assert "partner" not in shared.lower()
    assert a.person not in shared and b.person not in shared


@settings(max_examples=300, deadline=None)
@given(intakes("alpha"), intakes("beta"))
def test_no_concern_word_from_the_other_intake_reaches_a_private_explanation(
    a: Intake, b: Intake
) -> None:
    plan = plan_or_none([a, b])
    assume(plan is not None)
    assert plan is not None
    for me, other in ((a, b), (b, a)):
        text = private_text(plan, me.person)
        # A person's own medicine answers may bring words of their own into their hints.
        own = {w for m in me.medicines for w in MEDICINE_WORDS[m]}
        for concern in other.concerns - me.concerns:
            assert [w for w in mentions(text, concern) if w not in own] == [], (concern, text)


@settings(max_examples=200, deadline=None)
@given(intakes("alpha"), intakes("beta"), intakes("beta"))
def test_a_private_view_depends_only_on_that_persons_own_answers(
    a: Intake, b1: Intake, b2: Intake
) -> None:
    first, second = plan_or_none([a, b1]), plan_or_none([a, b2])
    if first is None or second is None:
        return
    assert first.personal["alpha"] == second.personal["alpha"]


@settings(max_examples=200, deadline=None)
@given(intakes("alpha"), intakes("beta"))
def test_the_shared_explanation_cannot_tell_who_said_what(a: Intake, b: Intake) -> None:
    """Swap the two sets of answers between the people: the shared text stays the same."""
    swapped_a = Intake(**{**b.__dict__, "person": a.person})
    swapped_b = Intake(**{**a.__dict__, "person": b.person})
    plan, swapped = plan_or_none([a, b]), plan_or_none([swapped_a, swapped_b])
    if plan is None or swapped is None:
        return
    assert plan.shared_explanation == swapped.shared_explanation
    assert plan.shared_reading == swapped.shared_reading


def test_it_never_says_because_your_partner_has_a_trauma_history() -> None:
    survivor = Intake("b", concerns=frozenset({"trauma_history"}), pace="slow")
    plan = build_plan([Intake("a"), survivor], CONTENT)
    seen_by_a = " ".join((*plan.shared_explanation, *plan.personal["a"].explanation))
    assert mentions(seen_by_a, "trauma_history") == []
    assert "trauma-and-touch" not in (*plan.shared_reading, *plan.personal["a"].reading)
    assert any(line.startswith("One of you asked to set") for line in plan.shared_explanation)


def test_a_private_explanation_says_what_in_your_own_answers_shaped_the_plan() -> None:
    me = Intake("a", concerns=frozenset({"depression"}), off_limit_areas=frozenset({"face"}))
    text = " ".join(build_plan([me, Intake("b")], CONTENT).personal["a"].explanation)
    assert "low mood" in text
    assert "face" in text
    plain = " ".join(build_plan([Intake("a"), Intake("b")], CONTENT).personal["a"].explanation)
    assert "core plan" in plain


def test_areas_are_never_listed_in_the_shared_explanation() -> None:
    b = Intake("b", off_limit_areas=frozenset(AREAS) - {"hands"})
    shared = " ".join(build_plan([Intake("a"), b], CONTENT).shared_explanation).lower()
    for area in ("face", "chest", "genitals", "feet", "legs", "hips", "belly"):
        assert area not in shared


@settings(max_examples=300, deadline=None)
@given(intakes("alpha"), intakes("beta"))
def test_a_gentle_plan_says_no_more_than_the_shared_explanation_does(a: Intake, b: Intake) -> None:
    """Comfort maps start at "not yet" and sessions open with a settling screen in a gentle
    plan: both partners see that, so it must reveal nothing the shared text does not."""
    plan = plan_or_none([a, b])
    if plan is None or not plan.gentle:
        return
    assert CONTENT.stage(plan.starting_stage).order == 0
    assert any("Starting with small steps" in line for line in plan.shared_explanation)
    swapped = plan_or_none(
        [Intake(**{**b.__dict__, "person": "alpha"}), Intake(**{**a.__dict__, "person": "beta"})]
    )
    assert swapped is not None and swapped.gentle
