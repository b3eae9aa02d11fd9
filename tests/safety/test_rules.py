from __future__ import annotations

from datetime import date, timedelta

import pytest

from hearth.safety.rules import (
    RULES,
    Action,
    CheckinSignal,
    CoercionSignal,
    Level,
    QuestionnaireSignal,
    Reason,
    RiskOutcome,
    Signal,
    clinician_reasons,
    evaluate,
)

TODAY = date(2026, 11, 26)
ALL_NO = {"humiliated": "no", "afraid": "no", "raped": "no", "kicked": "no"}


def phq9(item9: int | None, total: float | None = 5, **other: int) -> QuestionnaireSignal:
    answers: dict[str, int | None] = {f"q{n}": 0 for n in range(1, 9)}
    answers.update(other)
    answers["q9"] = item9
    return QuestionnaireSignal("phq9", answers, total=total)


def moods(*values: int, end: date = TODAY) -> dict[date, int]:
    """Moods for consecutive days ending on ``end`` (last value is ``end``)."""
    return {end - timedelta(days=len(values) - 1 - n): v for n, v in enumerate(values)}


# --- PHQ-9 item 9 ------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [1, 2, 3])
def test_item_nine_above_zero_shows_crisis_resources(answer: int) -> None:
    outcome = evaluate(phq9(answer))
    assert outcome.reasons == (Reason.PHQ9_ITEM9,)
    assert outcome.show_crisis_resources


def test_item_nine_above_zero_offers_the_safety_plan_and_alerts_the_clinician() -> None:
    outcome = evaluate(phq9(1))
    assert outcome.offer_safety_plan
    assert outcome.alert_clinician
    assert outcome.level is Level.RISK


def test_item_nine_above_zero_does_not_pause_couple_exercises() -> None:
    assert not evaluate(phq9(3)).pause_couple_exercises


def test_item_nine_at_zero_raises_nothing_even_with_a_high_other_item() -> None:
    outcome = evaluate(phq9(0, total=9, q1=3, q2=3, q3=3))
    assert outcome == RiskOutcome()
    assert outcome.level is Level.NONE


def test_item_nine_counts_whatever_the_total() -> None:
    assert evaluate(phq9(1, total=1)).show_crisis_resources


def test_the_self_harm_flag_alone_is_enough_for_the_item_nine_rule() -> None:
    signal = QuestionnaireSignal("phq9", {}, risk_flags=frozenset({"self_harm"}))
    assert evaluate(signal).reasons == (Reason.PHQ9_ITEM9,)


@pytest.mark.parametrize("name", ["PHQ-9", "phq_9", " Phq9 "])
def test_instrument_names_are_matched_loosely(name: str) -> None:
    signal = QuestionnaireSignal(name, {"q9": 2})
    assert evaluate(signal).reasons == (Reason.PHQ9_ITEM9,)


@pytest.mark.parametrize("value", [-1, 4, 9])
def test_an_impossible_item_nine_value_is_refused(value: int) -> None:
    with pytest.raises(ValueError, match="item 9"):
        evaluate(phq9(value))


def test_a_skipped_item_nine_offers_gentle_support_without_an_alert() -> None:
    outcome = evaluate(phq9(None))
    assert outcome.reasons == (Reason.PHQ9_ITEM9_UNANSWERED,)
    assert outcome.offer_support_resources
    assert outcome.offer_safety_plan
    assert not outcome.alert_clinician
    assert not outcome.show_crisis_resources
    assert outcome.level is Level.SUPPORT


def test_a_missing_item_nine_key_counts_as_skipped() -> None:
    signal = QuestionnaireSignal("phq9", {"q1": 2})
    assert evaluate(signal).reasons == (Reason.PHQ9_ITEM9_UNANSWERED,)


# --- PHQ-9 severe total ------------------------------------------------------------------------


def test_a_severe_total_offers_support_without_an_alert() -> None:
    outcome = evaluate(phq9(0, total=20))
    assert outcome.reasons == (Reason.PHQ9_SEVERE,)
    assert outcome.offer_support_resources
    assert not outcome.alert_clinician


def test_a_total_just_below_severe_raises_nothing() -> None:
    assert evaluate(phq9(0, total=19)).findings == ()


def test_a_severe_total_with_item_nine_gives_both_reasons_most_urgent_first() -> None:
    assert evaluate(phq9(2, total=24)).reasons == (Reason.PHQ9_ITEM9, Reason.PHQ9_SEVERE)


# --- other instruments -------------------------------------------------------------------------


def test_a_risk_flag_from_another_instrument_is_treated_as_a_risk() -> None:
    signal = QuestionnaireSignal("clinic_suicide_screen", {"q1": 1}, frozenset({"ideation"}))
    outcome = evaluate(signal)
    assert outcome.reasons == (Reason.INSTRUMENT_RISK_FLAG,)
    assert outcome.alert_clinician and outcome.show_crisis_resources


def test_an_extra_risk_flag_on_the_phq9_is_reported_on_its_own() -> None:
    signal = QuestionnaireSignal("phq9", {"q9": 1}, frozenset({"self_harm", "other_risk"}))
    assert evaluate(signal).reasons == (Reason.PHQ9_ITEM9, Reason.INSTRUMENT_RISK_FLAG)


def test_other_instruments_without_risk_flags_raise_nothing() -> None:
    signal = QuestionnaireSignal("gad7", {f"q{n}": 3 for n in range(1, 8)}, total=21)
    assert evaluate(signal).findings == ()


def test_a_high_score_on_an_item_called_q9_of_another_instrument_is_not_phq9() -> None:
    assert evaluate(QuestionnaireSignal("csi16", {"q9": 5})).findings == ()


# --- daily check-in ----------------------------------------------------------------------------


def test_danger_from_someone_shows_help_now_pauses_couple_work_and_alerts_nobody() -> None:
    outcome = evaluate(CheckinSignal(TODAY, mood=5, danger_from_someone=True))
    assert outcome.reasons == (Reason.CHECKIN_DANGER,)
    assert outcome.show_crisis_resources and outcome.danger_from_someone
    assert outcome.pause_couple_exercises
    # A couples therapist may also see the partner: no automatic alert.
    assert not outcome.alert_clinician
    assert not outcome.offer_safety_plan


def test_thoughts_of_self_harm_in_a_check_in_are_met_like_phq9_item_9() -> None:
    outcome = evaluate(CheckinSignal(TODAY, mood=5, self_harm_thoughts=True))
    assert outcome.reasons == (Reason.CHECKIN_SELF_HARM,)
    assert outcome.show_crisis_resources and outcome.offer_safety_plan and outcome.alert_clinician
    assert not outcome.danger_from_someone and not outcome.pause_couple_exercises


def test_both_answers_get_both_kinds_of_help_with_danger_first() -> None:
    both = CheckinSignal(TODAY, danger_from_someone=True, self_harm_thoughts=True)
    outcome = evaluate(both)
    assert outcome.danger_from_someone and outcome.alert_clinician
    assert outcome.pause_couple_exercises and outcome.offer_safety_plan


def test_a_clinician_reads_only_the_reasons_that_alert_them() -> None:
    reasons = ["checkin_danger", "checkin_self_harm", "coercion_positive", "not-a-code"]
    assert clinician_reasons(reasons) == ("checkin_self_harm",)


def test_the_old_single_unsafe_box_still_gets_both_kinds_of_help() -> None:
    """Check-ins saved before the split (and old API clients) said "unsafe" without why."""
    outcome = evaluate(CheckinSignal(TODAY, mood=5, feels_unsafe=True))
    assert outcome.reasons == (Reason.CHECKIN_UNSAFE,)
    assert outcome.show_crisis_resources
    assert outcome.offer_safety_plan
    assert outcome.alert_clinician
    assert outcome.pause_couple_exercises
    assert outcome.danger_from_someone  # it may have meant the partner: abuse help first


@pytest.mark.parametrize("answer", [False, None])
def test_not_feeling_unsafe_or_not_answering_raises_nothing(answer: bool | None) -> None:
    signal = CheckinSignal(
        TODAY, mood=5, danger_from_someone=answer, self_harm_thoughts=answer, feels_unsafe=answer
    )
    assert evaluate(signal).findings == ()


def test_three_very_low_days_in_a_row_offer_gentle_support_without_an_alert() -> None:
    history = moods(1, 2)  # two days before today
    history = {d - timedelta(days=1): v for d, v in history.items()}
    outcome = evaluate(CheckinSignal(TODAY, mood=0, recent_moods=history))
    assert outcome.reasons == (Reason.LOW_MOOD_STREAK,)
    assert outcome.offer_support_resources
    assert not outcome.alert_clinician
    assert not outcome.show_crisis_resources


def test_todays_mood_may_also_come_from_the_history() -> None:
    assert evaluate(CheckinSignal(TODAY, recent_moods=moods(2, 2, 2))).reasons == (
        Reason.LOW_MOOD_STREAK,
    )


def test_two_very_low_days_are_not_a_streak() -> None:
    assert evaluate(CheckinSignal(TODAY, recent_moods=moods(2, 2))).findings == ()


def test_a_mood_of_three_breaks_the_streak() -> None:
    assert evaluate(CheckinSignal(TODAY, recent_moods=moods(1, 3, 1))).findings == ()


def test_a_missing_day_breaks_the_streak_rather_than_being_guessed() -> None:
    history = moods(1, 1, 1, 1)
    del history[TODAY - timedelta(days=1)]
    assert evaluate(CheckinSignal(TODAY, recent_moods=history)).findings == ()


def test_an_old_streak_that_ended_before_today_does_not_count() -> None:
    history = {**moods(0, 0, 0, end=TODAY - timedelta(days=1)), TODAY: 6}
    assert evaluate(CheckinSignal(TODAY, recent_moods=history)).findings == ()


def test_an_impossible_mood_is_refused() -> None:
    with pytest.raises(ValueError, match="mood"):
        evaluate(CheckinSignal(TODAY, mood=11))


# --- coercion screen ---------------------------------------------------------------------------


def test_a_positive_coercion_screen_pauses_couple_exercises() -> None:
    outcome = evaluate(CoercionSignal({**ALL_NO, "humiliated": "yes"}))
    assert outcome.reasons == (Reason.COERCION_POSITIVE,)
    assert outcome.pause_couple_exercises
    assert outcome.show_crisis_resources and outcome.danger_from_someone


def test_a_positive_coercion_screen_does_not_alert_the_clinician_by_itself() -> None:
    assert not evaluate(CoercionSignal({**ALL_NO, "afraid": "yes"})).alert_clinician


def test_rather_not_say_on_the_check_is_not_a_disclosure() -> None:
    """It keeps couple exercises off in the actions (the check is not answered), but it is
    no risk event: nothing is recorded, nobody is alerted."""
    outcome = evaluate(CoercionSignal({**ALL_NO, "raped": "prefer_not_to_say"}))
    assert outcome.findings == ()


def test_a_negative_coercion_screen_raises_nothing() -> None:
    outcome = evaluate(CoercionSignal(ALL_NO))
    assert outcome.findings == ()
    assert outcome.for_partner().couple_exercises_available


# --- combining and the partner's view ----------------------------------------------------------


def test_several_signals_are_combined_and_each_reason_appears_once() -> None:
    outcome = evaluate(
        [
            CoercionSignal({**ALL_NO, "afraid": "yes"}),
            phq9(1),
            phq9(2),
            CheckinSignal(TODAY, feels_unsafe=True),
        ]
    )
    assert outcome.reasons == (
        Reason.PHQ9_ITEM9,
        Reason.CHECKIN_UNSAFE,
        Reason.COERCION_POSITIVE,
    )
    assert outcome.actions == frozenset(Action) - {Action.OFFER_SUPPORT_RESOURCES}


def test_the_order_of_signals_does_not_change_the_outcome() -> None:
    signals: list[Signal] = [CoercionSignal({**ALL_NO, "afraid": "yes"}), phq9(1, total=22)]
    assert evaluate(signals) == evaluate(list(reversed(signals)))


def test_no_signals_mean_no_action() -> None:
    outcome = evaluate([])
    assert outcome.actions == frozenset()
    assert outcome.level is Level.NONE


def test_the_partner_view_only_says_whether_couple_exercises_can_go_ahead() -> None:
    view = evaluate(CoercionSignal({**ALL_NO, "kicked": "yes"})).for_partner()
    assert not view.couple_exercises_available
    assert [f for f in view.__slots__] == ["couple_exercises_available"]


def test_the_partner_view_of_a_private_risk_keeps_couple_exercises_available() -> None:
    # Item 9 is private to the person: nothing changes on the partner's side.
    assert evaluate(phq9(3)).for_partner().couple_exercises_available


def test_an_outcome_carries_only_codes_and_no_wording() -> None:
    outcome = evaluate([phq9(2, total=25), CoercionSignal({**ALL_NO, "afraid": "yes"})])
    for finding in outcome.findings:
        assert isinstance(finding.reason, Reason)
        assert all(isinstance(action, Action) for action in finding.actions)
        assert " " not in finding.reason.value


def test_reason_codes_are_stable_strings() -> None:
    assert {r.value for r in Reason} == {
        "phq9_item9",
        "instrument_risk_flag",
        "checkin_self_harm",
        "checkin_danger",
        "checkin_unsafe",
        "coercion_positive",
        "phq9_item9_unanswered",
        "phq9_severe",
        "low_mood_streak",
    }


def test_every_reason_has_a_rule_and_only_risk_reasons_alert_a_clinician() -> None:
    assert set(RULES) == set(Reason)
    alerting = {r for r, actions in RULES.items() if Action.ALERT_CLINICIAN in actions}
    assert alerting == {
        Reason.PHQ9_ITEM9,
        Reason.INSTRUMENT_RISK_FLAG,
        Reason.CHECKIN_SELF_HARM,
        Reason.CHECKIN_UNSAFE,
    }


def test_every_alert_comes_with_crisis_resources() -> None:
    for actions in RULES.values():
        if Action.ALERT_CLINICIAN in actions:
            assert Action.SHOW_CRISIS_RESOURCES in actions
