"""The comfort map and the touch list of each turn (pure, hypothesis properties)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.program.comfort import (
    DIRECTIONS,
    MARKS,
    NEW_AREAS,
    ComfortMap,
    MapError,
    Mark,
    StageRules,
    build_map,
    default_marks,
    may_touch,
    narrowed,
    together_lists,
    turn_list,
)
from hearth.program.content import AREAS, default_content

STAGES = default_content().stages
CLOSED = ("not_yet", "no")


def maps(person: str) -> st.SearchStrategy[ComfortMap]:
    marks = st.fixed_dictionaries({a: st.sampled_from(MARKS) for a in AREAS})
    return st.builds(
        ComfortMap,
        person=st.just(person),
        receive=marks,
        give=marks,
        new_areas_chosen=st.booleans(),
    )


def stage_rules() -> st.SearchStrategy[StageRules]:
    """Any stage of the program, with any set of areas its exercise might include."""
    return st.builds(
        lambda stage, areas: StageRules(areas=areas, excluded=stage.excluded_areas),
        st.sampled_from(STAGES),
        st.frozensets(st.sampled_from(AREAS)),
    )


def closed(person: ComfortMap, direction: str) -> set[str]:
    marks = person.receive if direction == "receive" else person.give
    return {a for a, m in marks.items() if m in CLOSED}


@settings(max_examples=500, deadline=None)
@given(maps("ada"), maps("ben"), stage_rules(), st.integers(min_value=1, max_value=8))
def test_a_turn_list_never_holds_an_area_either_person_closed_or_the_stage_excludes(
    ada: ComfortMap, ben: ComfortMap, rules: StageRules, turn: int
) -> None:
    shown = turn_list(ada, ben, rules, turn)
    giver, receiver = (ada, ben) if turn % 2 else (ben, ada)
    assert (shown.giver, shown.receiver) == (giver.person, receiver.person)
    areas = set(shown.areas)
    assert not areas & closed(receiver, "receive")
    assert not areas & closed(giver, "give")
    assert not areas & rules.excluded
    assert areas <= rules.areas
    if not (ada.new_areas_chosen and ben.new_areas_chosen):
        assert not areas & set(NEW_AREAS)
    assert list(shown.areas) == [a for a in AREAS if a in areas]  # body order, no repeats


@settings(max_examples=300, deadline=None)
@given(maps("ada"), maps("ben"), stage_rules(), st.integers(min_value=1, max_value=8))
def test_a_turn_list_holds_every_area_both_welcome_and_the_stage_allows(
    ada: ComfortMap, ben: ComfortMap, rules: StageRules, turn: int
) -> None:
    shown = turn_list(ada, ben, rules, turn)
    giver, receiver = (ada, ben) if turn % 2 else (ben, ada)
    for area in rules.areas - rules.excluded:
        both = receiver.receive[area] == "welcome" and giver.give[area] == "welcome"
        opted = area not in NEW_AREAS or (ada.new_areas_chosen and ben.new_areas_chosen)
        assert (area in shown.areas) == (both and opted), area


@settings(max_examples=300, deadline=None)
@given(maps("ada"), maps("ben"), stage_rules(), st.sampled_from(AREAS), st.sampled_from(CLOSED))
def test_a_list_reads_the_same_whoever_closed_the_area(
    ada: ComfortMap, ben: ComfortMap, rules: StageRules, area: str, mark: Mark
) -> None:
    """Ben touches Ada. Whether Ada closed an area for being touched or Ben closed it for
    touching, the list both of them see is the same: it cannot tell whose mark it was."""
    ada = ComfortMap("ada", {**ada.receive, area: "welcome"}, ada.give, ada.new_areas_chosen)
    ben = ComfortMap("ben", ben.receive, {**ben.give, area: "welcome"}, ben.new_areas_chosen)
    ada_closed = ComfortMap("ada", {**ada.receive, area: mark}, ada.give, ada.new_areas_chosen)
    ben_closed = ComfortMap("ben", ben.receive, {**ben.give, area: mark}, ben.new_areas_chosen)
    by_ada, by_ben = turn_list(ben, ada_closed, rules, 1), turn_list(ben_closed, ada, rules, 1)
    assert by_ada == by_ben
    assert area not in by_ada.areas


@settings(max_examples=300, deadline=None)
@given(maps("ada"), maps("ben"), stage_rules())
def test_together_both_lists_keep_the_same_rules(
    ada: ComfortMap, ben: ComfortMap, rules: StageRules
) -> None:
    ada_gives, ben_gives = together_lists(ada, ben, rules)
    assert ada_gives == turn_list(ada, ben, rules, 1)
    assert ben_gives == turn_list(ada, ben, rules, 2)


@settings(max_examples=300, deadline=None)
@given(maps("ada"), maps("ben"), stage_rules(), st.frozensets(st.sampled_from(AREAS)))
def test_a_running_session_keeps_only_what_is_open_now_and_was_open_at_its_start(
    ada: ComfortMap, ben: ComfortMap, rules: StageRules, at_start: frozenset[str]
) -> None:
    now = turn_list(ada, ben, rules, 1)
    shown = narrowed(now, at_start)
    assert set(shown.areas) == set(now.areas) & at_start
    assert narrowed(now, None) == now


@settings(max_examples=200, deadline=None)
@given(maps("ada"), stage_rules())
def test_touch_on_ones_own_body_follows_only_being_touched(
    ada: ComfortMap, rules: StageRules
) -> None:
    shown = may_touch(ada, ada, rules)
    assert not set(shown.areas) & closed(ada, "receive")
    assert not set(shown.areas) & rules.excluded
    if not ada.new_areas_chosen:
        assert not set(shown.areas) & set(NEW_AREAS)


@settings(max_examples=200, deadline=None)
@given(maps("ben"), stage_rules(), st.integers(min_value=1, max_value=4))
def test_a_gentle_plans_untouched_map_opens_nothing(
    ben: ComfortMap, rules: StageRules, turn: int
) -> None:
    fresh = build_map("ada", default_marks(gentle=True), {}, new_areas_chosen=True)
    assert turn_list(fresh, ben, rules, turn).areas == ()
    assert all(m == "not_yet" for d in DIRECTIONS for m in fresh.marks(d).values())


def test_the_issue_example_ben_may_touch_hands_arms_shoulders_back() -> None:
    defaults = default_marks(gentle=False)
    ada = build_map("ada", defaults, {"receive": {"neck": "not_yet", "legs": "no"}})
    ben = build_map("ben", defaults, {"give": {"head": "no"}})
    rules = StageRules(
        areas=frozenset({"head", "neck", "shoulders", "arms", "hands", "back", "legs"}),
        excluded=frozenset({"chest", "genitals"}),
    )
    assert turn_list(ben, ada, rules, 1).areas == ("shoulders", "arms", "hands", "back")


def test_defaults_outside_a_gentle_plan_follow_the_persons_own_answers() -> None:
    marks = default_marks(gentle=False, off_limits={"feet"}, sore={"back"})
    assert marks["receive"]["feet"] == "no" and marks["receive"]["back"] == "not_yet"
    assert marks["receive"]["hands"] == marks["give"]["feet"] == "welcome"
    assert all(marks[d][a] == "not_yet" for d in DIRECTIONS for a in NEW_AREAS)


def test_new_areas_count_only_after_both_opted_in() -> None:
    everything: dict[str, Mark] = dict.fromkeys(AREAS, "welcome")
    rules = StageRules(areas=frozenset(AREAS))
    ada = ComfortMap("ada", everything, everything, new_areas_chosen=True)
    ben = ComfortMap("ben", everything, everything, new_areas_chosen=False)
    assert "chest" not in turn_list(ada, ben, rules, 1).areas
    ben = ComfortMap("ben", everything, everything, new_areas_chosen=True)
    assert {"chest", "genitals"} <= set(turn_list(ada, ben, rules, 2).areas)


def test_a_map_names_every_area_with_a_known_mark() -> None:
    everything: dict[str, Mark] = dict.fromkeys(AREAS, "welcome")
    with pytest.raises(MapError, match="unknown areas"):
        ComfortMap("a", {**everything, "elbows": "welcome"}, everything)
    with pytest.raises(MapError, match="unknown marks"):
        ComfortMap("a", {**everything, "hands": "maybe"}, everything)  # type: ignore[dict-item]
    with pytest.raises(MapError, match="missing"):
        ComfortMap("a", {"hands": "welcome"}, everything)
