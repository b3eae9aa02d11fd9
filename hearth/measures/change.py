"""Reliable and clinically significant change (Jacobson & Truax 1991). Pure functions.

    SE    = s1 * sqrt(1 - rxx)
    Sdiff = sqrt(2) * SE
    RC    = (x2 - x1) / Sdiff            reliable when |RC| > 1.96

A change is clinically significant when it is reliable and the score also crosses the
cut-off between the clinical and the functional range:

    c = (s0 * M1 + s1 * M0) / (s0 + s1)  when both norms are known
    a = M1 -/+ 2 * s1                    when only clinical norms are known
    b = M0 +/- 2 * s0                    when only functional norms are known

The sign in a and b points toward the healthy side, which depends on ``higher_is_better``.
A cut-off the instrument's authors published (the CSI-4's 13.5) comes before all three.

Only the instrument's own stored rule is used (``ChangeNorms``): never an SD estimated from
whoever happens to be in a caseload, so a person and their clinician always get the same
verdict for the same two scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from hearth.measures.definitions import ChangeNorms, Instrument

Z_CRITICAL = 1.96

CutoffKind = Literal["published", "c", "a", "b"]


class Direction(StrEnum):
    IMPROVED = "improved"
    DETERIORATED = "deteriorated"
    NO_RELIABLE_CHANGE = "no_reliable_change"
    UNKNOWN = "unknown"  # no published rule to judge it by


@dataclass(frozen=True, slots=True)
class Cutoff:
    kind: CutoffKind
    value: float


@dataclass(frozen=True, slots=True)
class ChangeResult:
    before: float
    after: float
    difference: float
    rci: float | None
    reliable: bool | None
    direction: Direction
    cutoff: Cutoff | None
    clinically_significant: bool | None
    rule: str  # "index", "points" or "none" (ChangeNorms.rule)


def standard_error_of_difference(sd: float, rxx: float) -> float:
    """Sdiff = sqrt(2) * s * sqrt(1 - rxx)."""
    return math.sqrt(2) * sd * math.sqrt(1 - rxx)


def reliable_change_index(before: float, after: float, sd: float, rxx: float) -> float:
    return (after - before) / standard_error_of_difference(sd, rxx)


def cutoff(norms: ChangeNorms, higher_is_better: bool) -> Cutoff | None:
    """The cut-off between clinical and functional scores, or None when no norms exist."""
    if norms.cutoff is not None:
        return Cutoff("published", norms.cutoff)
    m1, s1 = norms.clinical_mean, norms.clinical_sd
    m0, s0 = norms.functional_mean, norms.functional_sd
    toward_health = 1 if higher_is_better else -1
    if None not in (m1, s1, m0, s0):
        assert m1 is not None and s1 is not None and m0 is not None and s0 is not None
        return Cutoff("c", (s0 * m1 + s1 * m0) / (s0 + s1))
    if m1 is not None and s1 is not None:
        return Cutoff("a", m1 + toward_health * 2 * s1)
    if m0 is not None and s0 is not None:
        return Cutoff("b", m0 - toward_health * 2 * s0)
    return None


def reliable_change(instrument: Instrument, before: float, after: float) -> ChangeResult:
    """Judge the change from ``before`` to ``after`` by the instrument's one stored rule."""
    norms = instrument.change
    difference = after - before
    rci, reliable = _reliability(norms, difference)
    direction = _direction(difference, reliable, instrument.higher_is_better)
    cut = cutoff(norms, instrument.higher_is_better)
    significant = None
    if cut is not None and reliable is not None:
        crossed = _healthy(before, cut, instrument) != _healthy(after, cut, instrument)
        significant = reliable and crossed
    return ChangeResult(
        before, after, difference, rci, reliable, direction, cut, significant, norms.rule
    )


def _reliability(norms: ChangeNorms, difference: float) -> tuple[float | None, bool | None]:
    if norms.rule == "index":
        assert norms.clinical_sd is not None and norms.rxx is not None
        rci = difference / standard_error_of_difference(norms.clinical_sd, norms.rxx)
        return rci, abs(rci) > Z_CRITICAL
    if norms.rule == "points":
        assert norms.reliable_change_points is not None
        return None, abs(difference) >= norms.reliable_change_points
    return None, None


def _direction(difference: float, reliable: bool | None, higher_is_better: bool) -> Direction:
    if reliable is None:
        return Direction.UNKNOWN
    if not reliable:
        return Direction.NO_RELIABLE_CHANGE
    better = difference > 0 if higher_is_better else difference < 0
    return Direction.IMPROVED if better else Direction.DETERIORATED


def _healthy(score: float, cut: Cutoff, instrument: Instrument) -> bool:
    """True when ``score`` lies on the functional side of the cut-off."""
    return score > cut.value if instrument.higher_is_better else score < cut.value
