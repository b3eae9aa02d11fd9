"""Fast bootstrap draws for check-in insights: ``mean_samplers``, the only entry point.

A bootstrap resample of n values takes n random draws. ``random.choices`` costs about 100 ns
per value in CPython, too slow for 2000 resamples of 1,800 days and five measures. Check-in
values sit on a small grid (whole points, or hours in halves, quarters or tenths), so here
one random byte picks each value and the sum of a resample comes from two C-level byte
operations. The draws have exactly the textbook resample's probabilities, not approximately
(see ``_ByteStage``); the readable textbook way is ``stats._textbook_sampler``, and
tests/checkins/test_stats_sampler.py checks the exact probabilities and compares intervals
from both. Pure Python, no Django.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["mean_samplers"]

Sampler = Callable[[random.Random], float]


def mean_samplers(
    group_a: Sequence[float], group_b: Sequence[float]
) -> tuple[Sampler, Sampler] | None:
    """Samplers of a resample's mean for each group, or None when the values fit no grid
    (then the textbook resample is the way)."""
    grid = _Grid.fit([*group_a, *group_b])
    if grid is None:
        return None
    return _ByteMeanSampler(group_a, grid), _ByteMeanSampler(group_b, grid)


@dataclass(frozen=True, slots=True)
class _Grid:
    """Values written as ``(offset + code) / scale`` with whole codes from 0 to 255.

    Check-in values are whole points (0-10) or hours in halves, quarters or tenths, so they
    always fit; anything else falls back to the textbook resample.
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
