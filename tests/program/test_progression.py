from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hearth.program.progression import (
    DEFAULT_RULES,
    NOT_YET,
    NotAllowed,
    ProgressState,
    SessionRecord,
    Suggestion,
    accept_advance,
    advance_ready,
    apply_step_back,
    can_accept_advance,
    can_propose_advance,
    can_step_back,
    couple_sessions_allowed,
    decline_advance,
    propose_advance,
    record_session,
    session_cooldown_until,
    start,
)

DAY0 = date(2025, 3, 3)
STAGES = ("couple-0", "couple-1", "couple-2", "couple-3", "couple-4")
READY_DAY = DAY0 + timedelta(days=DEFAULT_RULES.min_days)


def couple(stage: str = "couple-1", pace_holders: frozenset[str] = frozenset()) -> ProgressState:
    return start("couple", ("a", "b"), STAGES, stage, DAY0, pace_holders)


def with_sessions(state: ProgressState, count: int = 4, comfort: int = 4) -> ProgressState:
    for n in range(count):
        record = SessionRecord(
            stage=state.stage,
            day=state.stage_since + timedelta(days=3 * n),
            outcome="done",
            comfort=tuple((p, comfort) for p in state.people),
        )
        state = record_session(state, record)
    return state


def ready_couple(pace_holders: frozenset[str] = frozenset()) -> ProgressState:
    return with_sessions(couple(pace_holders=pace_holders))


def test_advancing_is_offered_after_two_weeks_enough_sessions_and_comfort() -> None:
    assert advance_ready(ready_couple(), today=READY_DAY)


def test_advancing_is_not_offered_before_two_weeks() -> None:
    decision = advance_ready(ready_couple(), today=READY_DAY - timedelta(days=1))
    assert not decision.allowed and decision.code == "too_soon"


def test_advancing_is_not_offered_before_enough_sessions() -> None:
    decision = advance_ready(with_sessions(couple(), count=3), today=READY_DAY)
    assert decision.code == "few_sessions"


def test_advancing_waits_until_comfort_is_settled_for_everyone() -> None:
    state = with_sessions(couple())
    uneasy = SessionRecord("couple-1", DAY0 + timedelta(days=12), "done", (("b", 1),))
    for _ in range(3):
        state = record_session(state, uneasy)
    decision = advance_ready(state, today=READY_DAY)
    assert decision.code == "comfort"
    assert "partner" not in decision.reason and " b " not in f" {decision.reason} "


def test_advancing_needs_a_comfort_rating_from_each_person() -> None:
    state = couple()
    for n in range(4):
        state = record_session(
            state, SessionRecord("couple-1", DAY0 + timedelta(days=n), "done", (("a", 5),))
        )
    assert advance_ready(state, today=READY_DAY).code == "comfort"


def test_there_is_no_advancing_past_the_last_stage() -> None:
    state = with_sessions(couple("couple-4"))
    assert advance_ready(state, today=READY_DAY).code == "last_stage"


def test_advancing_needs_both_partners_to_agree() -> None:
    proposed = propose_advance(ready_couple(), "a", today=READY_DAY)
    assert proposed.stage == "couple-1"
    assert proposed.proposal is not None and proposed.proposal.accepted_by == {"a"}
    assert not can_accept_advance(proposed, "a")
    moved = accept_advance(proposed, "b", today=READY_DAY)
    assert moved.stage == "couple-2"
    assert moved.stage_since == READY_DAY
    assert moved.proposal is None


def test_a_not_yet_clears_the_proposal_and_counts_against_nobody() -> None:
    proposed = propose_advance(ready_couple(), "a", today=READY_DAY)
    declined = decline_advance(proposed, "b", today=READY_DAY)
    assert declined.proposal is None
    assert declined.stage == "couple-1"
    assert can_propose_advance(declined, "b", today=READY_DAY)


def test_a_second_proposal_waits_for_the_first() -> None:
    proposed = propose_advance(ready_couple(), "a", today=READY_DAY)
    assert can_propose_advance(proposed, "b", today=READY_DAY).code == "pending"


def test_a_solo_person_moves_on_by_their_own_choice() -> None:
    state = with_sessions(start("solo", ("a",), ("solo-0", "solo-1"), "solo-0", DAY0))
    assert propose_advance(state, "a", today=READY_DAY).stage == "solo-1"


def test_in_a_paced_plan_only_the_pace_holder_can_propose() -> None:
    state = ready_couple(pace_holders=frozenset({"a"}))
    decision = can_propose_advance(state, "b", today=READY_DAY)
    assert not decision.allowed and decision.code == "pace_holder_proposes"
    with pytest.raises(NotAllowed):
        propose_advance(state, "b", today=READY_DAY)
    proposed = propose_advance(state, "a", today=READY_DAY)
    assert can_accept_advance(proposed, "b")
    assert accept_advance(proposed, "b", today=READY_DAY).stage == "couple-2"


def test_the_pace_reason_names_no_concern() -> None:
    decision = can_propose_advance(
        ready_couple(pace_holders=frozenset({"a"})), "b", today=READY_DAY
    )
    assert "trauma" not in decision.reason.lower()


def test_step_back_needs_nobodys_agreement() -> None:
    stepped = apply_step_back(couple("couple-3"), "b", today=READY_DAY)
    assert stepped.stage == "couple-2"
    assert stepped.stage_since == READY_DAY


def test_step_back_is_allowed_during_a_pending_proposal_and_clears_it() -> None:
    proposed = propose_advance(ready_couple(), "a", today=READY_DAY)
    stepped = apply_step_back(proposed, "b", today=READY_DAY)
    assert stepped.stage == "couple-0" and stepped.proposal is None


def test_step_back_at_the_first_stage_is_allowed_and_stays_there() -> None:
    assert apply_step_back(couple("couple-0"), "a", today=DAY0).stage == "couple-0"


def test_step_back_is_allowed_by_a_partner_who_is_not_the_pace_holder() -> None:
    state = couple("couple-2", pace_holders=frozenset({"a"}))
    assert apply_step_back(state, "b", today=DAY0).stage == "couple-1"


def test_step_back_is_allowed_during_a_safety_pause() -> None:
    paused = ProgressState(**{**couple("couple-2").__dict__, "safety_pause": True})
    assert can_step_back(paused, "a")
    assert apply_step_back(paused, "a", today=DAY0).stage == "couple-1"


def test_strangers_cannot_step_back_or_propose() -> None:
    assert not can_step_back(couple(), "z")
    assert can_propose_advance(ready_couple(), "z", today=READY_DAY).code == "not_member"


def test_a_safety_pause_blocks_couple_sessions_and_every_step_forward() -> None:
    ready = ready_couple()
    proposed = propose_advance(ready, "a", today=READY_DAY)
    for state in (ready, proposed):
        paused = ProgressState(**{**state.__dict__, "safety_pause": True})
        assert couple_sessions_allowed(paused).code == "paused"
        assert can_propose_advance(paused, "a", today=READY_DAY).code == "paused"
        assert not can_accept_advance(paused, "b")
        with pytest.raises(NotAllowed):
            accept_advance(paused, "b", today=READY_DAY)


def test_the_pause_reason_is_neutral() -> None:
    paused = ProgressState(**{**couple().__dict__, "safety_pause": True})
    reason = couple_sessions_allowed(paused).reason.lower()
    for word in ("safety", "coercion", "violence", "risk", "screen"):
        assert word not in reason


def test_only_sessions_held_to_the_end_count_toward_moving_on() -> None:
    state = couple()
    for n in range(4):
        record = SessionRecord(
            "couple-1", DAY0 + timedelta(days=n), "stopped_early", (("a", 4), ("b", 4))
        )
        state = record_session(state, record)
    assert advance_ready(state, today=READY_DAY).code == "few_sessions"
    # Ending early is never held against anyone: with four finished ones it opens all the same.
    assert advance_ready(with_sessions(state), today=READY_DAY)


def test_comfort_looks_at_the_last_four_sessions_held_to_the_end() -> None:
    state = couple()
    for n, score in enumerate((1, 1, 5, 5, 5, 5)):
        record = SessionRecord(
            "couple-1", DAY0 + timedelta(days=n), "done", (("a", score), ("b", 4))
        )
        state = record_session(state, record)
    assert advance_ready(state, today=READY_DAY)  # the two early lows are past
    low_last = record_session(
        state, SessionRecord("couple-1", DAY0 + timedelta(days=9), "done", (("a", 1), ("b", 1)))
    )
    assert advance_ready(low_last, today=READY_DAY).code == "comfort"


def test_a_session_ended_early_with_high_worry_holds_moving_on_back_for_two_weeks() -> None:
    ready = ready_couple()
    hard = SessionRecord(
        "couple-1", READY_DAY - timedelta(days=2), "stopped_early", worry=(("b", 8),)
    )
    state = record_session(ready, hard)
    assert advance_ready(state, today=READY_DAY).code == "held_back"
    later = READY_DAY - timedelta(days=2) + timedelta(days=DEFAULT_RULES.recent_days)
    assert advance_ready(state, today=later)
    mild = SessionRecord(
        "couple-1", READY_DAY - timedelta(days=2), "stopped_early", worry=(("b", 6),)
    )
    assert advance_ready(record_session(ready, mild), today=READY_DAY)
    finished = SessionRecord(
        "couple-1", READY_DAY - timedelta(days=2), "done", ((("b", 4)),), (("b", 9),)
    )
    assert advance_ready(record_session(ready, finished), today=READY_DAY)


def test_a_recent_risk_result_holds_moving_on_back() -> None:
    state = ProgressState(**{**ready_couple().__dict__, "recent_risk": True})
    assert advance_ready(state, today=READY_DAY).code == "held_back"
    assert can_propose_advance(state, "a", today=READY_DAY).code == "held_back"


def test_every_not_yet_reads_the_same_whatever_held_it_back() -> None:
    low = with_sessions(couple(), comfort=1)
    risky = ProgressState(**{**ready_couple().__dict__, "recent_risk": True})
    cases = {
        "too_soon": (ready_couple(), READY_DAY - timedelta(days=1)),
        "few_sessions": (with_sessions(couple(), count=2), READY_DAY),
        "comfort": (low, READY_DAY),
        "held_back": (risky, READY_DAY),
    }
    reasons = set()
    for code, (state, day) in cases.items():
        decision = advance_ready(state, today=day)
        assert decision.code == code
        reasons.add(decision.reason)
    assert reasons == {NOT_YET}
    for word in ("comfort", "worry", "risk", "partner", "session", "14", "four", "4"):
        assert word not in NOT_YET.lower()


def test_after_a_not_yet_the_proposer_waits_a_week_and_the_decliner_does_not() -> None:
    proposed = propose_advance(ready_couple(), "a", today=READY_DAY)
    declined = decline_advance(proposed, "b", today=READY_DAY)
    waiting = can_propose_advance(declined, "a", today=READY_DAY + timedelta(days=6))
    assert not waiting and waiting.code == "cooling_down"
    assert (READY_DAY + timedelta(days=7)).isoformat() in waiting.reason
    assert can_propose_advance(declined, "a", today=READY_DAY + timedelta(days=7))
    assert can_propose_advance(declined, "b", today=READY_DAY)
    # The decliner's own proposal lifts the wait.
    reopened = propose_advance(declined, "b", today=READY_DAY + timedelta(days=1))
    assert reopened.last_decline is None
    assert accept_advance(reopened, "a", today=READY_DAY + timedelta(days=1)).stage == "couple-2"


def test_taking_back_ones_own_proposal_starts_no_wait() -> None:
    proposed = propose_advance(ready_couple(), "a", today=READY_DAY)
    withdrawn = decline_advance(proposed, "a", today=READY_DAY)
    assert withdrawn.last_decline is None
    assert can_propose_advance(withdrawn, "a", today=READY_DAY)


def test_after_a_no_to_a_suggested_time_the_suggester_waits_48_hours() -> None:
    at = datetime(2025, 3, 3, 18, 0)
    asked = Suggestion("a", at, declined_by="b", declined_at=at + timedelta(hours=1))
    until = session_cooldown_until([asked], "a")
    assert until == at + timedelta(hours=49)
    assert session_cooldown_until([asked], "b") is None
    # A "no" one gives to oneself (calling off one's own suggestion) starts no wait.
    own = Suggestion("a", at, declined_by="a", declined_at=at)
    assert session_cooldown_until([own], "a") is None
    # The one who said no suggests a time: the wait is over.
    theirs = Suggestion("b", at + timedelta(hours=5))
    assert session_cooldown_until([asked, theirs], "a") is None


def test_sessions_from_before_a_step_back_do_not_count_at_the_new_stage() -> None:
    state = with_sessions(couple("couple-2"))
    back = apply_step_back(state, "a", today=READY_DAY)
    forward_again = ProgressState(**{**back.__dict__, "stage": "couple-2"})
    assert forward_again.current_sessions() == ()


def test_comfort_ratings_must_be_on_the_scale() -> None:
    with pytest.raises(ValueError):
        SessionRecord("couple-1", DAY0, "done", (("a", 9),))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), max_size=12),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=40),
)
def test_a_not_today_never_counts_against_anyone(
    not_today_days: list[int], sessions: int, days_later: int
) -> None:
    """Adding any "not today" records never changes whether moving on is offered."""
    base = with_sessions(couple(), count=sessions)
    today = DAY0 + timedelta(days=days_later)
    with_skips = base
    for offset in not_today_days:
        skip = SessionRecord("couple-1", DAY0 + timedelta(days=offset), "not_today")
        with_skips = record_session(with_skips, skip)
    assert advance_ready(with_skips, today=today) == advance_ready(base, today=today)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(STAGES),
    st.sampled_from(["a", "b"]),
    st.booleans(),
    st.frozensets(st.sampled_from(["a", "b"])),
)
def test_stepping_back_is_always_allowed(
    stage: str, person: str, paused: bool, pace_holders: frozenset[str]
) -> None:
    state = ProgressState(**{**couple(stage, pace_holders).__dict__, "safety_pause": paused})
    assert can_step_back(state, person)
    stepped = apply_step_back(state, person, today=DAY0)
    assert stepped.stage_index == max(state.stage_index - 1, 0)
