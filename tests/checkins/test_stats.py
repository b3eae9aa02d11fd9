"""Next-day comparisons, checked against small datasets worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hearth.checkins.stats import (
    CheckIn,
    Comparison,
    Measure,
    MinimumData,
    NotEnoughData,
    bootstrap_interval,
    compare_after_sessions,
    compare_measure,
    next_day_values,
)


def jan(day: int) -> date:
    return date(2026, 1, day)


# Hand-worked dataset. Sessions on 1, 3, 5, 7 and 9 January; check-ins every day 1-16.
# After a session (check-ins on 2, 4, 6, 8, 10): mood 7, 8, 6, 7, 9 -> 37 / 5 = 7.4
# After other days (1, 3, 5, 7, 9, 11-16):
#   mood 4, 5, 6, 5, 4, 5, 6, 5, 5, 4, 6 -> 55 / 11 = 5.0; difference 7.4 - 5.0 = 2.4
# Sleep after a session: 7, 7.5, 8, 6.5, 7 -> 36 / 5 = 7.2; after other days: all 6.0;
# difference 1.2. Stress, closeness and desire were never answered.
SESSIONS = {jan(1), jan(3), jan(5), jan(7), jan(9)}
MOOD_AFTER_SESSION = {2: 7, 4: 8, 6: 6, 8: 7, 10: 9}
MOOD_OTHER = {1: 4, 3: 5, 5: 6, 7: 5, 9: 4, 11: 5, 12: 6, 13: 5, 14: 5, 15: 4, 16: 6}
SLEEP_AFTER_SESSION = {2: 7.0, 4: 7.5, 6: 8.0, 8: 6.5, 10: 7.0}


def hand_checkins() -> dict[date, CheckIn]:
    moods = {**MOOD_AFTER_SESSION, **MOOD_OTHER}
    return {
        jan(d): CheckIn(mood=mood, sleep_hours=SLEEP_AFTER_SESSION.get(d, 6.0))
        for d, mood in moods.items()
    }


def test_values_are_split_by_whether_the_day_before_had_a_session() -> None:
    after_session, after_other = next_day_values(hand_checkins(), SESSIONS, Measure.MOOD)
    assert after_session == [7, 8, 6, 7, 9]
    assert after_other == [4, 5, 6, 5, 4, 5, 6, 5, 5, 4, 6]


def test_mood_means_and_difference_match_the_hand_computation() -> None:
    result = compare_measure(hand_checkins(), SESSIONS, Measure.MOOD)
    assert isinstance(result, Comparison)
    assert result.mean_after_session == pytest.approx(7.4)
    assert result.mean_after_other == pytest.approx(5.0)
    assert result.difference == pytest.approx(2.4)
    assert (result.n_after_session, result.n_after_other) == (5, 11)


def test_sleep_means_and_difference_match_the_hand_computation() -> None:
    result = compare_measure(hand_checkins(), SESSIONS, Measure.SLEEP_HOURS)
    assert isinstance(result, Comparison)
    assert result.mean_after_session == pytest.approx(7.2)
    assert result.mean_after_other == pytest.approx(6.0)
    assert result.difference == pytest.approx(1.2)


def test_the_interval_for_the_hand_dataset_lies_within_the_possible_differences() -> None:
    result = compare_measure(hand_checkins(), SESSIONS, Measure.MOOD)
    assert isinstance(result, Comparison)
    # Resampled means stay within each group's range: 6..9 after sessions, 4..6 otherwise.
    assert 6 - 6 <= result.ci_low <= result.difference <= result.ci_high <= 9 - 4
    assert result.interval_excludes_zero
    assert result.resamples == 2000


def test_measures_never_answered_report_not_enough_data_with_zero_days() -> None:
    results = compare_after_sessions(hand_checkins(), SESSIONS)
    assert list(results) == list(Measure)
    for measure in (Measure.STRESS, Measure.CLOSENESS, Measure.DESIRE):
        assert results[measure] == NotEnoughData(measure, 0, 0, MinimumData())


def test_each_measure_stands_alone_when_a_check_in_skips_one_question() -> None:
    checkins = hand_checkins()
    checkins[jan(4)] = CheckIn(mood=8, sleep_hours=None)
    mood = compare_measure(checkins, SESSIONS, Measure.MOOD)
    sleep = compare_measure(checkins, SESSIONS, Measure.SLEEP_HOURS)
    assert isinstance(mood, Comparison)
    assert isinstance(sleep, NotEnoughData)
    assert sleep.n_after_session == 4
    assert sleep.more_needed_after_session == 1


# --- missing days ------------------------------------------------------------------------------


def test_a_missing_day_is_never_filled_in() -> None:
    checkins = hand_checkins()
    del checkins[jan(4)]  # a day after a session, mood 8
    after_session, after_other = next_day_values(checkins, SESSIONS, Measure.MOOD)
    assert after_session == [7, 6, 7, 9]
    assert len(after_other) == 11
    result = compare_measure(checkins, SESSIONS, Measure.MOOD)
    assert isinstance(result, NotEnoughData)
    assert (result.n_after_session, result.n_after_other) == (4, 11)


def test_a_day_after_a_session_counts_even_without_a_check_in_on_the_session_day() -> None:
    checkins = hand_checkins()
    del checkins[jan(1)]
    after_session, after_other = next_day_values(checkins, SESSIONS, Measure.MOOD)
    assert after_session == [7, 8, 6, 7, 9]
    assert after_other == [5, 6, 5, 4, 5, 6, 5, 5, 4, 6]


def test_a_gap_after_a_session_does_not_carry_the_session_forward() -> None:
    # Session on 1 January, no check-in on the 2nd: the 3rd is "after another day".
    checkins = {jan(1): CheckIn(mood=5), jan(3): CheckIn(mood=9)}
    assert next_day_values(checkins, {jan(1)}, Measure.MOOD) == ([], [5, 9])


def test_check_ins_are_read_in_date_order_whatever_the_mapping_order() -> None:
    checkins = dict(reversed(list(hand_checkins().items())))
    assert next_day_values(checkins, SESSIONS, Measure.MOOD)[0] == [7, 8, 6, 7, 9]


def test_two_sessions_in_a_row_make_the_second_day_count_as_after_a_session() -> None:
    checkins = {jan(1): CheckIn(mood=1), jan(2): CheckIn(mood=2), jan(3): CheckIn(mood=3)}
    assert next_day_values(checkins, {jan(1), jan(2)}, Measure.MOOD) == ([2, 3], [1])


# --- the minimum-data rule ---------------------------------------------------------------------


def counts_dataset(after_session: int, after_other: int) -> dict[date, CheckIn]:
    """Sessions on even offsets; each session day is followed by a check-in."""
    start = date(2026, 3, 1)
    days: dict[date, CheckIn] = {}
    for n in range(after_session):
        days[start + timedelta(days=2 * n + 1)] = CheckIn(mood=6)
    for n in range(after_other):
        days[start + timedelta(days=1000 + n)] = CheckIn(mood=4)
    return days


def session_days(after_session: int) -> set[date]:
    return {date(2026, 3, 1) + timedelta(days=2 * n) for n in range(after_session)}


@pytest.mark.parametrize(
    ("after_session", "after_other", "enough"),
    [
        (5, 9, True),  # exactly at every minimum
        (7, 7, True),
        (5, 8, False),  # 13 days in all
        (4, 20, False),  # too few after sessions
        (20, 4, False),  # too few after other days
        (0, 30, False),
        (0, 0, False),
    ],
)
def test_results_wait_for_the_documented_minimum(
    after_session: int, after_other: int, enough: bool
) -> None:
    checkins = counts_dataset(after_session, after_other)
    result = compare_measure(checkins, session_days(after_session), Measure.MOOD)
    assert isinstance(result, Comparison) is enough
    assert (result.n_after_session, result.n_after_other) == (after_session, after_other)


def test_the_minimum_can_be_changed() -> None:
    checkins = counts_dataset(2, 2)
    low = MinimumData(after_session=2, after_other=2, total=4)
    result = compare_measure(checkins, session_days(2), Measure.MOOD, minimum=low)
    assert isinstance(result, Comparison)
    assert result.difference == pytest.approx(2.0)


def test_not_enough_data_says_how_many_more_days_are_needed() -> None:
    result = NotEnoughData(Measure.MOOD, 3, 7, MinimumData())
    assert result.more_needed_after_session == 2
    assert result.more_needed_after_other == 0


# --- the bootstrap -----------------------------------------------------------------------------


def test_the_bootstrap_is_the_same_for_the_same_seed() -> None:
    first = compare_after_sessions(hand_checkins(), SESSIONS, seed=7)
    again = compare_after_sessions(hand_checkins(), SESSIONS, seed=7)
    assert first == again


def test_a_different_seed_gives_a_slightly_different_interval() -> None:
    a = bootstrap_interval([1, 5, 9, 2, 8, 3], [4, 4, 6, 2, 7], seed=1)
    b = bootstrap_interval([1, 5, 9, 2, 8, 3], [4, 4, 6, 2, 7], seed=2)
    assert a != b


def test_one_measure_does_not_change_the_interval_of_another() -> None:
    alone = compare_after_sessions(hand_checkins(), SESSIONS, measures=[Measure.SLEEP_HOURS])
    together = compare_after_sessions(hand_checkins(), SESSIONS)
    assert alone[Measure.SLEEP_HOURS] == together[Measure.SLEEP_HOURS]


def test_constant_groups_give_an_interval_of_zero_width() -> None:
    assert bootstrap_interval([6] * 5, [4] * 9) == (2.0, 2.0)


def test_two_value_group_gives_the_hand_computed_percentiles() -> None:
    # Resampling [0, 10] gives means 0, 5, 10 with chances 1/4, 1/2, 1/4; the other group is
    # constant. With 2000 resamples the 2.5th percentile is 0 and the 97.5th is 10.
    assert bootstrap_interval([0, 10], [0]) == (0.0, 10.0)


def test_values_off_the_usual_grid_still_work() -> None:
    low, high = bootstrap_interval([7.33, 6.91, 8.02, 7.5, 6.2], [6.01, 5.5, 6.66, 7.1, 5.9])
    assert low <= high
    assert low >= 6.2 - 7.1 and high <= 8.02 - 5.5


def test_the_bootstrap_refuses_empty_groups_and_bad_settings() -> None:
    with pytest.raises(ValueError):
        bootstrap_interval([], [1])
    with pytest.raises(ValueError):
        bootstrap_interval([1], [1], resamples=0)
    with pytest.raises(ValueError):
        bootstrap_interval([1], [1], confidence=1.0)


# --- input checks ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [{"mood": 11}, {"stress": -1}, {"desire": True}, {"closeness": 5.5}, {"sleep_hours": 25.0}],
)
def test_impossible_check_in_values_are_refused(fields: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        CheckIn(**fields)  # type: ignore[arg-type]


def test_not_a_number_is_refused_as_sleep() -> None:
    with pytest.raises(ValueError):
        CheckIn(sleep_hours=float("nan"))


# --- speed -------------------------------------------------------------------------------------


def five_years() -> tuple[dict[date, CheckIn], set[date]]:
    start = date(2021, 1, 1)
    checkins: dict[date, CheckIn] = {}
    sessions: set[date] = set()
    for n in range(1826):
        day = start + timedelta(days=n)
        if n % 7 in (1, 4):
            sessions.add(day)
        if n % 11 == 3:
            continue  # an occasional missing day
        value = (n * 7) % 11
        checkins[day] = CheckIn(value, 10 - value, (n * 3) % 11, (n * 5) % 11, 5 + (n % 9) / 2)
    return checkins, sessions


def test_five_years_of_daily_data_give_a_comparison_for_every_measure() -> None:
    # Its speed is measured in bench/bench_insights.py, not asserted here.
    checkins, sessions = five_years()
    results = compare_after_sessions(checkins, sessions)
    assert all(isinstance(r, Comparison) for r in results.values())
