"""Check-in insights: how the day after a session compares with the day after other days.

For each measure (mood, stress, closeness, desire on 0-10; hours of sleep) we take every
check-in on day t and look at day t - 1: if a session happened that day, the value counts as
"after a session", otherwise as "after another day". We report both means, the difference
(after sessions minus after other days), a bootstrap 95% confidence interval for the
difference and the number of days behind each mean.

Project choices (documented, not taken from a source):

- Missing days stay missing. A check-in counts only if that day exists; nothing is carried
  forward or filled in. Whether a session happened on day t - 1 comes from the session dates,
  so a check-in still counts when the day before had no check-in of its own.
- Each measure stands alone: a check-in that skipped "desire" still counts for "mood".
- Minimum data (``MinimumData``): at least 5 values after session days, 5 after other days
  and 14 in all, per measure. Below that, the result is ``NotEnoughData`` with the counts,
  so the page can say how many more days are needed. Five is the fewest for which a mean
  and a bootstrap interval are not pure noise; fourteen is two weeks of check-ins.
- Bootstrap: each group is resampled with replacement on its own (the group sizes stay
  fixed), 2000 times by default, and the interval is the 2.5th and 97.5th percentile of the
  resampled differences (percentile method, linear interpolation between order statistics).
  It is deterministic for a given seed: each measure gets its own random stream derived from
  the seed, so adding or removing one measure never changes the others.
- The percentile interval is not guaranteed to contain the observed difference (with one
  resample it plainly cannot). With 2000 resamples it did in every case the tests tried,
  but the properties asserted for any input are only what always holds: lower <= upper, and
  both lie between the smallest and largest difference the data allow.
- Words: the summaries say "went together with", never that sessions caused a change. These
  are a person's own diary data, with no control group; many things change how a day goes.

Speed: five years of daily data (about 1,800 days) and all five measures take well under a
second in plain Python (see ``_ByteSampler``). numpy is deliberately not used.

Pure Python, no Django.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from hearth.program.text import Text
from hearth.program.text import Text as _

DEFAULT_RESAMPLES = 2000
CONFIDENCE = 0.95


class Measure(StrEnum):
    MOOD = "mood"
    STRESS = "stress"
    CLOSENESS = "closeness"
    DESIRE = "desire"
    SLEEP_HOURS = "sleep_hours"


SCALE_MEASURES = (Measure.MOOD, Measure.STRESS, Measure.CLOSENESS, Measure.DESIRE)


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One day's check-in. Any field may be None (not answered that day)."""

    mood: int | None = None
    stress: int | None = None
    closeness: int | None = None
    desire: int | None = None
    sleep_hours: float | None = None

    def __post_init__(self) -> None:
        for measure in SCALE_MEASURES:
            value = getattr(self, measure.value)
            if value is not None and (isinstance(value, bool) or value not in range(0, 11)):
                raise ValueError(f"{measure.value} must be a whole number from 0 to 10")
        sleep = self.sleep_hours
        if sleep is not None and not (0 <= sleep <= 24 and math.isfinite(sleep)):
            raise ValueError("sleep_hours must be between 0 and 24")

    def value(self, measure: Measure) -> float | None:
        value: float | None = getattr(self, Measure(measure).value)
        return value


@dataclass(frozen=True, slots=True)
class MinimumData:
    after_session: int = 5
    after_other: int = 5
    total: int = 14

    def met_by(self, n_after_session: int, n_after_other: int) -> bool:
        return (
            n_after_session >= self.after_session
            and n_after_other >= self.after_other
            and n_after_session + n_after_other >= self.total
        )


DEFAULT_MINIMUM = MinimumData()


@dataclass(frozen=True, slots=True)
class Comparison:
    measure: Measure
    mean_after_session: float
    mean_after_other: float
    difference: float  # after sessions minus after other days
    ci_low: float
    ci_high: float
    n_after_session: int
    n_after_other: int
    resamples: int

    @property
    def interval_excludes_zero(self) -> bool:
        return self.ci_low > 0 or self.ci_high < 0


@dataclass(frozen=True, slots=True)
class NotEnoughData:
    measure: Measure
    n_after_session: int
    n_after_other: int
    minimum: MinimumData

    @property
    def more_needed_after_session(self) -> int:
        return max(0, self.minimum.after_session - self.n_after_session)

    @property
    def more_needed_after_other(self) -> int:
        return max(0, self.minimum.after_other - self.n_after_other)


MeasureResult = Comparison | NotEnoughData


def next_day_values(
    checkins: Mapping[date, CheckIn], session_dates: Collection[date], measure: Measure
) -> tuple[list[float], list[float]]:
    """Values of ``measure`` on days after a session, and on days after other days.

    Only days present in ``checkins`` with the measure answered are used, in date order.
    """
    sessions = frozenset(session_dates)
    after_session: list[float] = []
    after_other: list[float] = []
    for day in sorted(checkins):
        value = checkins[day].value(measure)
        if value is None:
            continue
        group = after_session if day - timedelta(days=1) in sessions else after_other
        group.append(value)
    return after_session, after_other


def compare_measure(
    checkins: Mapping[date, CheckIn],
    session_dates: Collection[date],
    measure: Measure,
    *,
    seed: int = 0,
    resamples: int = DEFAULT_RESAMPLES,
    minimum: MinimumData = DEFAULT_MINIMUM,
) -> MeasureResult:
    after_session, after_other = next_day_values(checkins, session_dates, measure)
    if not minimum.met_by(len(after_session), len(after_other)):
        return NotEnoughData(measure, len(after_session), len(after_other), minimum)
    low, high = bootstrap_interval(
        after_session, after_other, seed=f"{seed}/{measure.value}", resamples=resamples
    )
    mean_session, mean_other = _mean(after_session), _mean(after_other)
    return Comparison(
        measure=measure,
        mean_after_session=mean_session,
        mean_after_other=mean_other,
        difference=mean_session - mean_other,
        ci_low=low,
        ci_high=high,
        n_after_session=len(after_session),
        n_after_other=len(after_other),
        resamples=resamples,
    )


def compare_after_sessions(
    checkins: Mapping[date, CheckIn],
    session_dates: Collection[date],
    *,
    measures: Sequence[Measure] = tuple(Measure),
    seed: int = 0,
    resamples: int = DEFAULT_RESAMPLES,
    minimum: MinimumData = DEFAULT_MINIMUM,
) -> dict[Measure, MeasureResult]:
    """One result per measure, in the order given."""
    return {
        m: compare_measure(
            checkins, session_dates, m, seed=seed, resamples=resamples, minimum=minimum
        )
        for m in measures
    }


def bootstrap_interval(
    group_a: Sequence[float],
    group_b: Sequence[float],
    *,
    seed: int | str = 0,
    resamples: int = DEFAULT_RESAMPLES,
    confidence: float = CONFIDENCE,
) -> tuple[float, float]:
    """Percentile bootstrap interval for mean(group_a) - mean(group_b).

    Each group is resampled with replacement to its own size. Deterministic for a seed.
    """
    if not group_a or not group_b:
        raise ValueError("both groups need at least one value")
    if resamples < 1 or not 0 < confidence < 1:
        raise ValueError("resamples must be 1 or more and confidence between 0 and 1")
    rng = random.Random(seed)
    draw_a, draw_b = _mean_sampler(group_a, group_b)
    diffs = sorted(draw_a(rng) - draw_b(rng) for _ in range(resamples))
    tail = (1 - confidence) / 2
    return _quantile(diffs, tail), _quantile(diffs, 1 - tail)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _quantile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between order statistics (numpy's default, Hyndman-Fan 7)."""
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    fraction = position - below
    return ordered[below] + (ordered[above] - ordered[below]) * fraction


# --- resampling ------------------------------------------------------------------------------

_Sampler = Callable[[random.Random], float]


def _mean_sampler(group_a: Sequence[float], group_b: Sequence[float]) -> tuple[_Sampler, _Sampler]:
    grid = _Grid.fit([*group_a, *group_b])
    if grid is None:
        return _ChoicesSampler(group_a), _ChoicesSampler(group_b)
    return _ByteMeanSampler(group_a, grid), _ByteMeanSampler(group_b, grid)


class _ChoicesSampler:
    """The textbook resample, used when the values do not fit a small grid."""

    def __init__(self, values: Sequence[float]) -> None:
        self.values = list(values)

    def __call__(self, rng: random.Random) -> float:
        return math.fsum(rng.choices(self.values, k=len(self.values))) / len(self.values)


@dataclass(frozen=True, slots=True)
class _Grid:
    """Values written as ``(offset + code) / scale`` with whole codes from 0 to 255.

    Check-in values are whole points (0-10) or hours in halves, quarters or tenths, so they
    always fit; anything else falls back to ``random.choices``.
    """

    scale: int
    offset: int

    @staticmethod
    def fit(values: Sequence[float]) -> _Grid | None:
        for scale in (1, 2, 4, 10):
            scaled = [round(v * scale) for v in values]
            if any(abs(s / scale - v) > 1e-9 for s, v in zip(scaled, values, strict=True)):
                continue
            if max(scaled) - min(scaled) <= 255:
                return _Grid(scale, min(scaled))
        return None

    def code(self, value: float) -> int:
        return round(value * self.scale) - self.offset


class _ByteMeanSampler:
    """Mean of one resample, drawn with a few byte operations instead of n Python steps.

    ``random.choices`` costs about 100 ns per value in CPython, too slow for 2000 resamples of
    1,800 days and five measures. Here one random byte picks each value: ``bytes.translate``
    turns all n bytes into codes at once and ``sum`` adds them, both in C. The draw is exact,
    not approximate: each code owns ``floor(256 * count / n)`` byte values, and the few byte
    values left over lead to a second stage that draws with the remaining weights (see
    ``_ByteStage``). The trade-off is some subtle code, tested against the exact multinomial
    probabilities in tests/checkins/test_stats_sampler.py.
    """

    def __init__(self, values: Sequence[float], grid: _Grid) -> None:
        self.n = len(values)
        self.grid = grid
        self.stage = _ByteStage.build(Counter(grid.code(v) for v in values))

    def __call__(self, rng: random.Random) -> float:
        code_sum = self.stage.draw_sum(rng, self.n)
        return (code_sum + self.n * self.grid.offset) / (self.n * self.grid.scale)


@dataclass(frozen=True, slots=True)
class _ByteStage:
    """Draw codes with probability ``weight / total`` using one random byte each.

    ``table`` maps a byte to its code (0 for left-over bytes, which add nothing), and
    ``left_over`` lists the bytes whose draw is decided by ``next_stage`` instead. Code j
    gets a_j = floor(256 * w_j / W) bytes; the left-over bytes carry weights
    w'_j = 256 * w_j - W * a_j, which sum to W * len(left_over). So
    P(j) = a_j / 256 + (len(left_over) / 256) * w'_j / (W * len(left_over)) = w_j / W.
    """

    table: bytes
    left_over: bytes
    next_stage: _ByteStage | None
    codes: tuple[int, ...]
    cum_weights: tuple[int, ...]

    @staticmethod
    def build(weights: Mapping[int, int], depth: int = 0) -> _ByteStage:
        total = sum(weights.values())
        table = bytearray(256)
        start = 0
        rest: dict[int, int] = {}
        for code, weight in sorted(weights.items()):
            share = 256 * weight // total
            table[start : start + share] = bytes([code]) * share
            start += share
            if 256 * weight - total * share:
                rest[code] = 256 * weight - total * share
        # Three byte stages leave about one draw in a million to ``random.choices``.
        next_stage = _ByteStage.build(rest, depth + 1) if rest and depth < 2 else None
        cum = tuple(_running_sum(rest.values()))
        return _ByteStage(bytes(table), bytes(range(start, 256)), next_stage, tuple(rest), cum)

    def draw_sum(self, rng: random.Random, k: int) -> int:
        picks = rng.randbytes(k)
        code_sum = sum(picks.translate(self.table))
        left = k - len(picks.translate(None, self.left_over)) if self.left_over else 0
        if not left:
            return code_sum
        if self.next_stage is not None:
            return code_sum + self.next_stage.draw_sum(rng, left)
        return code_sum + sum(rng.choices(self.codes, cum_weights=self.cum_weights, k=left))


def _running_sum(values: Collection[int]) -> list[int]:
    out: list[int] = []
    for value in values:
        out.append((out[-1] if out else 0) + value)
    return out


# --- plain-language summaries -----------------------------------------------------------------

# Shown under every comparison. Diary data from one person, no control group: the summary
# describes what went together and must never suggest that sessions made anything happen.
NOT_PROOF_NOTE = _(
    "This is not proof. Many things change how a day goes, like work, health or the weather. "
    "Use it as a starting point to talk, not as a final answer."
)

_LABELS: Mapping[Measure, str] = {
    Measure.MOOD: _("mood"),
    Measure.STRESS: _("stress"),
    Measure.CLOSENESS: _("sense of closeness"),
    Measure.DESIRE: _("desire"),
    Measure.SLEEP_HOURS: _("sleep"),
}

# (when higher after sessions, when lower after sessions): plain, neutral phrases. "More
# stress" is stated as plainly as "more desire": the summary reports, it does not judge.
_DIRECTIONS: Mapping[Measure, tuple[str, str]] = {
    Measure.MOOD: (_("a higher mood"), _("a lower mood")),
    Measure.STRESS: (_("more stress"), _("less stress")),
    Measure.CLOSENESS: (_("feeling closer"), _("feeling less close")),
    Measure.DESIRE: (_("more desire"), _("less desire")),
    Measure.SLEEP_HOURS: (_("longer sleep"), _("shorter sleep")),
}

# Differences that round to 0.0 are reported as "about the same".
_SAME = 0.05


def summarize(result: MeasureResult) -> str:
    """A few short sentences for the person; ends with ``NOT_PROOF_NOTE`` for comparisons."""
    if isinstance(result, NotEnoughData):
        return _summarize_missing(result)
    return _sentences([_means(result), *_together(result), NOT_PROOF_NOTE])


def _sentences(parts: Sequence[str]) -> str:
    """Sentences joined by spaces; each part stays translatable (the joint itself is not)."""
    names = {f"s{i}": part for i, part in enumerate(parts)}
    return Text(" ".join(f"%({name})s" for name in names), **names)


def summarize_all(results: Mapping[Measure, MeasureResult]) -> tuple[str, ...]:
    return tuple(summarize(r) for r in results.values())


def _means(result: Comparison) -> str:
    after, other = f"{result.mean_after_session:.1f}", f"{result.mean_after_other:.1f}"
    if result.measure is Measure.SLEEP_HOURS:
        return _(
            "On nights after a session, you slept %(after)s hours on average. "
            "On other nights you slept %(other)s hours.",
            after=after,
            other=other,
        )
    return _(
        "On days after a session, your %(label)s was %(after)s out of 10 on "
        "average. On other days it was %(other)s.",
        label=_LABELS[result.measure],
        after=after,
        other=other,
    )


def _together(result: Comparison) -> list[str]:
    label = _LABELS[result.measure]
    if abs(result.difference) < _SAME:
        return [_("So your %(label)s was about the same either way.", label=label)]
    higher, lower = _DIRECTIONS[result.measure]
    phrase = higher if result.difference > 0 else lower
    if result.measure is Measure.SLEEP_HOURS:
        line = _(
            "In your check-ins, %(phrase)s went together with the night after a session.",
            phrase=phrase,
        )
    else:
        line = _(
            "In your check-ins, %(phrase)s went together with the day after a session.",
            phrase=phrase,
        )
    return [line, _certainty(result)]


def _certainty(result: Comparison) -> str:
    if result.interval_excludes_zero:
        return _(
            "The gap was steady across your check-ins, so it is not likely to be chance alone."
        )
    return _("The gap is small next to your usual ups and downs. It may be chance.")


def _summarize_missing(result: NotEnoughData) -> str:
    need = result.minimum
    return _(
        "We need more check-ins before we can compare your %(label)s. "
        "So far we have %(after)s after a session and "
        "%(other)s after other days. "
        "We need at least %(each)s of each kind, and %(total)s in all.",
        label=_LABELS[result.measure],
        after=_days(result.n_after_session),
        other=_days(result.n_after_other),
        each=need.after_session,
        total=need.total,
    )


def _days(count: int) -> str:
    return _("1 day") if count == 1 else _("%(count)s days", count=count)
