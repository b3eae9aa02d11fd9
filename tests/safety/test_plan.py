from __future__ import annotations

import pytest

from hearth.safety.plan import (
    MAX_STEP_CHARS,
    STEP_IDS,
    STEPS,
    SafetyPlan,
    StepId,
    build_plan,
    crisis_line_suggestions,
    step,
)
from hearth.safety.resources import load_resources


def test_the_plan_has_the_six_stanley_and_brown_steps_in_order() -> None:
    assert STEP_IDS == (
        "warning_signs",
        "on_my_own",
        "people_and_places",
        "people_to_ask",
        "professionals",
        "safe_surroundings",
    )
    assert [s.number for s in STEPS] == [1, 2, 3, 4, 5, 6]


def test_every_step_has_a_title_and_a_help_text() -> None:
    for plan_step in STEPS:
        assert plan_step.title
        assert plan_step.help_text.endswith((".", "?"))


def test_a_step_can_be_looked_up_by_its_id() -> None:
    assert step("professionals").number == 5
    assert step(StepId.WARNING_SIGNS).number == 1


def test_an_empty_plan_is_not_started() -> None:
    plan = SafetyPlan()
    assert not plan.is_started
    assert plan.text("warning_signs") == ""


def test_the_plan_keeps_the_persons_own_words_only_trimmed() -> None:
    words = "When I stop answering messages.\nWhen I can't sleep."
    plan = build_plan({"warning_signs": f"  {words}  \n"})
    assert plan.text(StepId.WARNING_SIGNS) == words
    assert plan.filled_steps == (StepId.WARNING_SIGNS,)
    assert plan.is_started


def test_blank_steps_are_left_empty() -> None:
    plan = build_plan({"on_my_own": "   ", "people_to_ask": "Sam"})
    assert plan.filled_steps == (StepId.PEOPLE_TO_ASK,)


def test_the_plan_as_plain_data_lists_every_step_in_order() -> None:
    data = build_plan({"safe_surroundings": "Give the pills to Jo"}).as_dict()
    assert list(data) == list(STEP_IDS)
    assert data["safe_surroundings"] == "Give the pills to Jo"
    assert data["warning_signs"] == ""


def test_plain_data_round_trips() -> None:
    plan = build_plan({"people_and_places": "The library", "professionals": "Dr Lee"})
    assert build_plan(plan.as_dict()) == plan


def test_an_unknown_step_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown safety plan step"):
        build_plan({"step_seven": "text"})


def test_a_very_long_step_is_refused() -> None:
    build_plan({"on_my_own": "a" * MAX_STEP_CHARS})
    with pytest.raises(ValueError, match="longer than"):
        build_plan({"on_my_own": "a" * (MAX_STEP_CHARS + 1)})


def test_the_stored_plan_cannot_be_changed_in_place() -> None:
    plan = build_plan({"on_my_own": "Walk"})
    with pytest.raises(TypeError):
        plan.entries[StepId.ON_MY_OWN] = "Run"  # type: ignore[index]


def test_crisis_lines_for_the_region_can_be_suggested_for_step_five() -> None:
    lines = crisis_line_suggestions(load_resources("us"))
    assert lines[0] == "988 Suicide & Crisis Lifeline: call 988, text 988, https://988lifeline.org"
    assert "Crisis Text Line: text HOME 741741" in lines
    assert lines[-1] == "Emergency services: call 911"  # crisis lines first, 911 last


def test_suggestions_from_the_default_list_carry_no_number() -> None:
    assert crisis_line_suggestions(load_resources("default")) == ()
