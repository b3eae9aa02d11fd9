"""Summaries are plain, honest about chance and never claim that sessions caused anything."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from hearth.checkins.stats import (
    NOT_PROOF_NOTE,
    CheckIn,
    Comparison,
    Measure,
    MeasureResult,
    MinimumData,
    NotEnoughData,
    compare_after_sessions,
    summarize,
    summarize_all,
)
from tests.reading import MAX_GRADE, grade

CAUSAL = re.compile(
    r"\b(caus\w*|because|due to|lead(s)? to|led to|result(s|ed)? in|effect\w*|made|makes|"
    r"thanks to|so that|improv\w*|boost\w*)\b",
    re.IGNORECASE,
)


def comparison(measure: Measure, difference: float, ci: tuple[float, float]) -> Comparison:
    return Comparison(measure, 5.0 + difference, 5.0, difference, *ci, 12, 30, 2000)


def every_kind_of_result() -> list[MeasureResult]:
    results: list[MeasureResult] = []
    for measure, difference in itertools.product(Measure, (1.26, -0.8, 0.0, 0.04)):
        for ci in ((difference - 0.5, difference + 0.5), (0.2, 2.0), (-2.0, -0.1)):
            results.append(comparison(measure, difference, ci))
    for measure, counts in itertools.product(Measure, ((0, 0), (1, 7), (4, 1), (9, 3))):
        results.append(NotEnoughData(measure, *counts, MinimumData()))
    return results


@pytest.mark.parametrize("result", every_kind_of_result())
def test_a_summary_never_says_caused_or_because(result: MeasureResult) -> None:
    assert not CAUSAL.search(summarize(result))


@pytest.mark.parametrize("result", every_kind_of_result())
def test_a_summary_reads_at_grade_eight_or_below(result: MeasureResult) -> None:
    assert grade(summarize(result)) <= MAX_GRADE


def test_the_not_proof_note_makes_no_causal_claim() -> None:
    # Its reading level is checked with its catalogue's, in tests/test_reading_level.py.
    assert not CAUSAL.search(NOT_PROOF_NOTE)
    assert "not proof" in NOT_PROOF_NOTE


def test_a_higher_mood_after_sessions_is_said_to_go_together_with_them() -> None:
    text = summarize(comparison(Measure.MOOD, 1.26, (0.4, 2.1)))
    assert "your mood was 6.3 out of 10 on average" in text
    assert "On other days it was 5.0" in text
    assert "a higher mood went together with the day after a session" in text
    assert "not likely to be chance alone" in text
    assert text.endswith(NOT_PROOF_NOTE)


def test_an_interval_that_includes_zero_says_it_may_be_chance() -> None:
    text = summarize(comparison(Measure.STRESS, -0.8, (-1.5, 0.3)))
    assert "less stress went together with the day after a session" in text
    assert "It may be chance." in text


def test_sleep_is_described_in_hours_and_nights() -> None:
    text = summarize(comparison(Measure.SLEEP_HOURS, 0.5, (0.1, 0.9)))
    assert "On nights after a session, you slept 5.5 hours on average" in text
    assert "longer sleep went together with the night after a session" in text


def test_a_difference_that_rounds_to_zero_is_about_the_same() -> None:
    text = summarize(comparison(Measure.DESIRE, 0.04, (0.01, 0.07)))
    assert "about the same" in text
    assert "went together" not in text
    assert "chance" not in text


def test_not_enough_data_says_what_is_still_needed() -> None:
    text = summarize(NotEnoughData(Measure.CLOSENESS, 1, 7, MinimumData()))
    assert text == (
        "We need more check-ins before we can compare your sense of closeness. "
        "So far we have 1 day after a session and 7 days after other days. "
        "We need at least 5 of each kind, and 14 in all."
    )


def test_every_measure_of_a_real_run_gets_a_summary() -> None:
    checkins = {date(2026, 1, d): CheckIn(mood=d % 11) for d in range(1, 31)}
    sessions = {date(2026, 1, d) for d in range(1, 31, 3)}
    summaries = summarize_all(compare_after_sessions(checkins, sessions))
    assert len(summaries) == len(Measure)
    assert "went together with" in summaries[0] or "about the same" in summaries[0]
    assert all(s.startswith("We need more check-ins") for s in summaries[1:])
