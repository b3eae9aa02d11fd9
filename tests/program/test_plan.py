from __future__ import annotations

from typing import TypedDict

import pytest

from hearth.program.content import Content
from hearth.program.plan import PAIN_MEANS_STOP, Intake, IntakeError, Plan, build_plan


class Tags(TypedDict, total=False):
    """Some of an intake's tag answers, given by keyword."""

    concerns: frozenset[str]
    body_change_causes: frozenset[str]
    pain_areas: frozenset[str]


def ids(plan: Plan, stage_id: str) -> list[str]:
    return [e.id for e in plan.track.stage(stage_id).exercises]


def all_ids(plan: Plan) -> set[str]:
    return {e.id for e in plan.exercises()}


def test_one_intake_gives_a_solo_track(content: Content, partner_a: Intake) -> None:
    plan = build_plan([partner_a], content)
    assert [t.kind for t in plan.tracks] == ["solo"]
    assert plan.starting_stage == "solo-0"
    assert "solo" in plan.adaptations
    assert {"solo-comfort-map", "solo-self-focus", "solo-reading"} <= all_ids(plan)


def test_two_intakes_give_a_couple_track(
    content: Content, partner_a: Intake, partner_b: Intake
) -> None:
    plan = build_plan([partner_a, partner_b], content)
    assert [t.kind for t in plan.tracks] == ["couple"]
    assert plan.track.people == ("a", "b")
    assert [s.id for s in plan.track.stages] == [f"couple-{n}" for n in range(5)]


def test_a_core_couple_plan_starts_at_whole_body_touch(
    content: Content, partner_a: Intake, partner_b: Intake
) -> None:
    plan = build_plan([partner_a, partner_b], content)
    assert plan.adaptations == {"core"}
    assert plan.starting_stage == "couple-1"
    assert plan.session_minutes == 30
    assert plan.sessions_per_week == 3
    assert plan.pace_holders == frozenset()
    assert "settling-in" not in all_ids(plan)


def test_it_rejects_zero_or_three_intakes(content: Content) -> None:
    with pytest.raises(IntakeError):
        build_plan([], content)
    with pytest.raises(IntakeError):
        build_plan([Intake("a"), Intake("b"), Intake("c")], content)


def test_it_rejects_unknown_tags() -> None:
    with pytest.raises(IntakeError, match="concerns"):
        Intake("a", concerns=frozenset({"sadness"}))
    with pytest.raises(IntakeError, match="off_limit_areas"):
        Intake("a", off_limit_areas=frozenset({"elbowz"}))


def test_the_trauma_informed_plan_maps_safe_zones_first_and_keeps_sessions_short(
    content: Content, partner_b: Intake
) -> None:
    survivor = Intake("a", concerns=frozenset({"trauma_history"}))
    plan = build_plan([survivor, partner_b], content)
    assert "trauma_informed" in plan.adaptations
    assert plan.starting_stage == "couple-0"
    assert ids(plan, "couple-0")[:2] == ["comfort-map", "settling-in"]
    assert plan.session_minutes <= 20
    assert all(e.minutes <= 20 for e in plan.exercises())
    assert plan.pace_holders == {"a"}


def test_the_trauma_informed_plan_prefers_face_to_face_over_touch_from_behind(
    content: Content, partner_b: Intake
) -> None:
    survivor = Intake("a", concerns=frozenset({"trauma_history"}))
    plan = build_plan([survivor, partner_b], content)
    touch = next(e for e in plan.track.stage("couple-0").exercises if e.adapted_from)
    assert touch.id == "shoulder-touch-facing"
    assert touch.adapted_from == "back-touch"


def test_the_depression_aware_plan_offers_low_effort_and_shorter_sessions(
    content: Content, partner_b: Intake
) -> None:
    plan = build_plan([Intake("a", concerns=frozenset({"depression"})), partner_b], content)
    assert "depression_aware" in plan.adaptations
    assert plan.session_minutes == 20
    assert plan.sessions_per_week == 2
    assert ids(plan, "couple-1") == ["whole-body-touch-supported"]
    nudge = " ".join(plan.personal["a"].hints)
    assert "prescriber" in nudge and "do not stop" in nudge


def test_the_body_change_plan_uses_supported_positions_and_refers(
    content: Content, partner_b: Intake
) -> None:
    changed = Intake(
        "a", concerns=frozenset({"body_change"}), body_change_causes=frozenset({"surgery"})
    )
    plan = build_plan([changed, partner_b], content)
    assert "body_change" in plan.adaptations
    assert plan.starting_stage == "couple-0"
    assert ids(plan, "couple-1") == ["whole-body-touch-supported"]
    assert ids(plan, "couple-4") == ["mutual-touch-supported"]
    assert "body-changes" in plan.personal["a"].reading
    assert any("doctor" in hint for hint in plan.personal["a"].hints)


def test_the_pain_aware_plan_leaves_out_painful_areas_and_refers(
    content: Content, partner_b: Intake
) -> None:
    sore = Intake("a", concerns=frozenset({"pain"}), pain_areas=frozenset({"back", "hips"}))
    plan = build_plan([sore, partner_b], content)
    assert "pain_aware" in plan.adaptations
    assert not any({"back", "hips"} & set(e.areas) for e in plan.exercises())
    assert any("doctor" in hint for hint in plan.personal["a"].hints)
    assert "when-to-see-a-professional" in plan.personal["a"].reading


def test_mobility_limits_swap_lying_down_exercises_for_supported_ones(
    content: Content, partner_b: Intake
) -> None:
    plan = build_plan([Intake("a", physical=frozenset({"mobility_limits"})), partner_b], content)
    assert "back-touch" not in all_ids(plan)
    assert "back-touch-seated" in all_ids(plan)
    assert ids(plan, "couple-2") == ["guided-touch-supported"]


def test_it_drops_exercises_that_touch_an_area_either_partner_ruled_out(
    content: Content, partner_a: Intake
) -> None:
    no_hands = Intake("b", off_limit_areas=frozenset({"hands"}))
    plan = build_plan([partner_a, no_hands], content)
    assert "holding-hands" not in all_ids(plan)
    assert "hand-touch" not in all_ids(plan)
    assert all("hands" not in e.areas for e in plan.exercises())


def test_it_replaces_an_exercise_with_a_variant_when_the_base_needs_a_ruled_out_area(
    content: Content, partner_a: Intake
) -> None:
    plan = build_plan([partner_a, Intake("b", off_limit_areas=frozenset({"genitals"}))], content)
    stage_3 = plan.track.stage("couple-3").exercises
    assert [(e.id, e.adapted_from) for e in stage_3] == [
        ("whole-body-inclusive-chest", "whole-body-inclusive")
    ]


def test_it_leaves_out_a_stage_that_nothing_fits(content: Content, partner_a: Intake) -> None:
    plan = build_plan(
        [partner_a, Intake("b", off_limit_activities=frozenset({"guiding_hands"}))], content
    )
    assert "couple-2" not in [s.id for s in plan.track.stages]


def test_optional_areas_that_were_ruled_out_are_simply_left_out(
    content: Content, partner_a: Intake
) -> None:
    plan = build_plan([partner_a, Intake("b", off_limit_areas=frozenset({"face"}))], content)
    touch = next(e for e in plan.track.stage("couple-1").exercises)
    assert touch.id == "whole-body-touch"
    assert "face" not in touch.areas and "back" in touch.areas


def test_session_length_follows_the_shorter_preference(content: Content) -> None:
    plan = build_plan([Intake("a", session_minutes=45), Intake("b", session_minutes=15)], content)
    assert plan.session_minutes == 15
    hands = next(e for e in plan.exercises() if e.id == "hand-touch")
    assert (hands.minutes, hands.turn_minutes, hands.turns) == (10, 5, 2)


def test_a_slow_pace_makes_that_person_the_pace_holder(content: Content) -> None:
    plan = build_plan([Intake("a"), Intake("b", pace="slow")], content)
    assert plan.pace_holders == {"b"}
    assert plan.starting_stage == "couple-0"


def test_suggested_times_are_the_ones_both_marked(content: Content) -> None:
    a = Intake("a", times=frozenset({"evening", "weekend"}))
    b = Intake("b", times=frozenset({"weekend", "morning"}))
    assert build_plan([a, b], content).suggested_times == ("weekend",)


def test_a_safety_pause_gives_each_person_a_solo_track_and_no_couple_exercises(
    content: Content, partner_a: Intake
) -> None:
    plan = build_plan(
        [partner_a, Intake("b", off_limit_areas=frozenset({"feet"}))], content, couple_allowed=False
    )
    assert [(t.kind, t.people) for t in plan.tracks] == [("solo", ("a",)), ("solo", ("b",))]
    assert all(not s.id.startswith("couple") for t in plan.tracks for s in t.stages)
    assert plan.pace_holders == frozenset()
    b_track = plan.tracks[1]
    assert all("feet" not in e.areas for s in b_track.stages for e in s.exercises)


def test_concern_pages_go_to_the_private_reading_list_only(
    content: Content, partner_b: Intake
) -> None:
    plan = build_plan([Intake("a", concerns=frozenset({"trauma_history"})), partner_b], content)
    assert "trauma-and-touch" in plan.personal["a"].reading
    assert "trauma-and-touch" not in plan.shared_reading
    assert "trauma-and-touch" not in plan.personal["b"].reading
    assert set(plan.shared_reading) <= set(content.pages)


def test_every_planned_page_exists(content: Content) -> None:
    everything = frozenset({"depression", "trauma_history", "pain", "low_desire", "anxiety"})
    plan = build_plan([Intake("a", concerns=everything), Intake("b")], content)
    for page in (*plan.shared_reading, *plan.personal["a"].reading):
        assert page in content.pages
    for stage in plan.track.stages:
        assert stage.page in content.pages


def test_a_medicine_for_mood_brings_the_prescriber_note_without_a_low_mood_answer(
    content: Content,
) -> None:
    me = Intake("a", medicines=frozenset({"mood"}))
    plan = build_plan([me, Intake("b")], content)
    hints = " ".join(plan.personal["a"].hints)
    assert "talk with your prescriber" in hints and "do not stop it on your own" in hints
    assert plan.personal["b"].hints == ()
    assert "prescriber" not in " ".join(plan.shared_explanation)


def test_the_prescriber_note_shows_once_for_low_mood_and_a_mood_medicine(
    content: Content,
) -> None:
    me = Intake("a", concerns=frozenset({"depression"}), medicines=frozenset({"mood"}))
    hints = build_plan([me], content).personal["a"].hints
    assert sum("prescriber" in h for h in hints) == 1


def test_an_unknown_medicine_is_refused() -> None:
    with pytest.raises(IntakeError, match="medicines"):
        Intake("a", medicines=frozenset({"aspirin"}))


@pytest.mark.parametrize(
    "answer",
    [
        {"concerns": frozenset({"pain"})},
        {"concerns": frozenset({"body_change"})},
        {"concerns": frozenset({"erection_concerns"})},
        {"concerns": frozenset({"after_childbirth"})},
        {"body_change_causes": frozenset({"surgery"})},
        {"pain_areas": frozenset({"back"})},
    ],
    ids=["pain", "body change", "erection changes", "a recent birth", "surgery", "sore area"],
)
def test_every_report_of_pain_or_body_change_is_told_pain_means_stop_privately(
    content: Content, answer: Tags
) -> None:
    """Issue 14, item 8: pain, body change, erection changes, a recent birth or surgery.
    Only the person who said so reads it: the partner's own view says nothing of it."""
    plan = build_plan([Intake(person="a", **answer), Intake(person="b")], content)
    assert plan.personal["a"].cautions == (PAIN_MEANS_STOP,)
    assert plan.personal["b"].cautions == ()
    assert PAIN_MEANS_STOP not in " ".join(plan.shared_explanation)
