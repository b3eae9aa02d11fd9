"""The fast resampler draws with exactly the textbook bootstrap's probabilities."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest

from hearth.checkins import stats
from hearth.checkins.resample import _ByteStage, _Grid, mean_samplers
from hearth.checkins.stats import bootstrap_interval


def exact_probabilities(stage: _ByteStage) -> dict[int, Fraction]:
    """Work out P(code) from the tables, with no randomness at all."""
    probabilities: Counter[int] = Counter()
    left_over = set(stage.left_over)
    for byte, code in enumerate(stage.table):
        if byte not in left_over:
            probabilities[code] += 1
    result = {code: Fraction(count, 256) for code, count in probabilities.items()}
    share = Fraction(len(left_over), 256)
    if not left_over:
        return result
    if stage.next_stage is not None:
        rest = exact_probabilities(stage.next_stage)
    else:
        total = stage.cum_weights[-1]
        previous = [0, *stage.cum_weights[:-1]]
        rest = {
            code: Fraction(cum - before, total)
            for code, cum, before in zip(stage.codes, stage.cum_weights, previous, strict=True)
        }
    for code, p in rest.items():
        result[code] = result.get(code, Fraction(0)) + share * p
    return result


@pytest.mark.parametrize(
    "counts",
    [
        {5: 1},
        {0: 1, 10: 1},
        {0: 1, 1: 2, 7: 4},
        {n: n + 1 for n in range(11)},
        {0: 1, 3: 1000, 9: 799},  # 1,800 days, one rare value
        {c: 1 for c in range(0, 250, 3)},  # many distinct values
    ],
)
def test_each_value_is_drawn_with_exactly_its_share_of_the_data(counts: dict[int, int]) -> None:
    total = sum(counts.values())
    expected = {code: Fraction(c, total) for code, c in counts.items()}
    assert exact_probabilities(_ByteStage.build(counts)) == expected


def test_left_over_bytes_add_nothing_in_the_first_stage() -> None:
    stage = _ByteStage.build({0: 1, 1: 2, 7: 4})
    assert all(stage.table[b] == 0 for b in stage.left_over)


def test_draws_match_the_exact_probabilities_in_practice() -> None:
    counts = {0: 1, 1: 2, 7: 4}
    stage = _ByteStage.build(counts)
    rng = random.Random(3)
    draws = Counter(stage.draw_sum(rng, 1) for _ in range(21000))
    for code, count in counts.items():
        expected = 21000 * count / 7
        assert abs(draws[code] - expected) < 5 * (expected**0.5)


def test_a_resample_sum_has_the_textbook_mean_and_spread() -> None:
    values = [0, 0, 1, 3, 3, 3, 8, 10, 10, 6, 2]
    stage = _ByteStage.build(Counter(values))
    rng = random.Random(11)
    sums = [stage.draw_sum(rng, len(values)) for _ in range(20000)]
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / len(values)
    sample_mean = sum(sums) / len(sums)
    sample_var = sum((s - sample_mean) ** 2 for s in sums) / len(sums)
    assert sample_mean == pytest.approx(len(values) * mean, rel=0.01)
    assert sample_var == pytest.approx(len(values) * variance, rel=0.05)


@pytest.mark.parametrize(
    ("low_a", "high_a", "low_b", "high_b", "scale"),
    [(2, 10, 0, 8, 1), (0, 10, 0, 10, 1), (10, 18, 8, 20, 2)],  # the last: hours in halves
)
def test_the_fast_interval_agrees_with_the_textbook_resample(
    low_a: int, high_a: int, low_b: int, high_b: int, scale: int
) -> None:
    rng = random.Random(5)
    group_a = [rng.randint(low_a, high_a) / scale for _ in range(400)]
    group_b = [rng.randint(low_b, high_b) / scale for _ in range(700)]
    assert mean_samplers(group_a, group_b) is not None  # the fast way is really taken
    fast = bootstrap_interval(group_a, group_b, seed=1)
    textbook = bootstrap_interval(group_a, group_b, seed=1, fast=False)
    assert fast != textbook  # other random numbers ...
    assert fast == pytest.approx(textbook, abs=0.06)  # ... the same distribution


@pytest.mark.parametrize(
    ("values", "grid"),
    [
        ([0, 5, 10], _Grid(1, 0)),
        ([6.5, 7.0, 8.5], _Grid(2, 13)),
        ([6.25, 7.75], _Grid(4, 25)),
        ([6.1, 7.3], _Grid(10, 61)),
    ],
)
def test_check_in_values_fit_a_small_grid(values: list[float], grid: _Grid) -> None:
    assert _Grid.fit(values) == grid


def test_values_that_fit_no_grid_use_the_textbook_resample() -> None:
    assert _Grid.fit([7.33, 6.0]) is None
    assert _Grid.fit([0.0, 1000.0]) is None
    assert mean_samplers([7.33, 6.0], [1.0]) is None
    fast = bootstrap_interval([7.33, 6.0, 5.5], [1.0, 2.25], seed=4)
    assert fast == bootstrap_interval([7.33, 6.0, 5.5], [1.0, 2.25], seed=4, fast=False)


@pytest.mark.parametrize(("q", "expected"), [(0.0, 1.0), (0.5, 2.5), (0.25, 1.75), (1.0, 4.0)])
def test_quantiles_interpolate_between_ordered_values(q: float, expected: float) -> None:
    assert stats._quantile([1.0, 2.0, 3.0, 4.0], q) == pytest.approx(expected)
