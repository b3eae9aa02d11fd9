"""Pure scoring engine: answers in, a ``ScoreResult`` out. No Django, no I/O.

Any answer the engine cannot score honestly (unknown question, a value off the scale, not a
whole number, too many gaps) raises ``ScoringError`` with a plain message. It never returns
a silent or partial score.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from hearth.measures.definitions import Band, Flag, Instrument, Item

__all__ = [
    "ScoreResult",
    "ScoringError",
    "SubscaleScore",
    "band_for",
    "format_total",
    "parse_answer",
    "score",
    "score_range",
]


class ScoringError(ValueError):
    """The answers cannot be scored. ``str(error)`` is a message a person can act on."""

    def __init__(self, message: str, item_id: str | None = None) -> None:
        super().__init__(message)
        self.item_id = item_id


def format_total(total: float) -> str:
    """A score as people read it: whole numbers without ".0", others with two decimals."""
    if float(total).is_integer():
        return str(int(total))
    return f"{total:.2f}"


@dataclass(frozen=True, slots=True)
class SubscaleScore:
    id: str
    title: str
    score: float | None  # None when one of its items was not answered


@dataclass(frozen=True, slots=True)
class ScoreResult:
    instrument_id: str
    total: float
    band: Band | None
    flags: tuple[Flag, ...]
    subscales: tuple[SubscaleScore, ...] = ()
    derived: tuple[ScoreResult, ...] = ()
    notes: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    prorated: bool = False
    gated: bool = False

    @property
    def band_id(self) -> str | None:
        return self.band.id if self.band else None

    @property
    def flag_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.flags)

    @property
    def has_risk(self) -> bool:
        return any(f.kind == "risk" for f in self.flags)

    def derived_score(self, instrument_id: str) -> ScoreResult | None:
        return next((d for d in self.derived if d.instrument_id == instrument_id), None)


def score_range(instrument: Instrument) -> tuple[float, float]:
    """The lowest and highest total the instrument can give."""
    return instrument.min_score, instrument.max_score


_WHOLE_NUMBER = re.compile(r"[+-]?\d+")


def parse_answer(raw: str, item_id: str = "") -> int | None:
    """Read one answer typed as text: blank means missing; anything else must be an integer."""
    text = raw.strip()
    if not text:
        return None
    if not _WHOLE_NUMBER.fullmatch(text):
        where = f" for {item_id}" if item_id else ""
        raise ScoringError(f"The answer{where} is {text!r}. It must be a whole number.", item_id)
    return int(text)


def score(instrument: Instrument, answers: Mapping[str, int | None]) -> ScoreResult:
    """Score one administration of ``instrument``."""
    values = _checked_answers(instrument, answers)
    if instrument.gate is not None and values[instrument.gate.item] not in (
        instrument.gate.open_values
    ):
        return _gated_result(instrument)
    total, missing, prorated = _total(instrument, values)
    notes = [_prorate_note(instrument, missing)] if prorated else []
    flags = _flags(instrument, values, total, notes)
    derived = _derived(instrument, values, notes)
    return ScoreResult(
        instrument_id=instrument.id,
        total=total,
        band=band_for(instrument, total),
        flags=flags,
        subscales=_subscales(instrument, values),
        derived=derived,
        notes=tuple(notes),
        missing=missing,
        prorated=prorated,
    )


def _checked_answers(
    instrument: Instrument, answers: Mapping[str, int | None]
) -> dict[str, int | None]:
    extras = {e.id: e for e in instrument.extras}
    unknown = sorted(set(answers) - set(instrument.item_ids) - set(extras))
    if unknown:
        raise ScoringError(
            f"{instrument.short_title} has no question called {', '.join(map(repr, unknown))}."
        )
    for extra_id, extra in extras.items():  # kept beside the answers, never scored
        _checked_value(extra, answers.get(extra_id))
    values = {item.id: _checked_value(item, answers.get(item.id)) for item in instrument.items}
    for item in instrument.items:
        if item.required and values[item.id] is None:
            raise ScoringError(
                f"Question {item.id} must be answered before {instrument.short_title} "
                "can be scored.",
                item.id,
            )
    return values


def _checked_value(item: Item, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(
            f"The answer for {item.id} is {value!r}. It must be a whole number.", item.id
        )
    if value not in item.values:
        allowed = ", ".join(str(v) for v in sorted(item.values))
        raise ScoringError(
            f"The answer for {item.id} is {value}, which is off the scale. "
            f"It must be one of: {allowed}.",
            item.id,
        )
    return value


def _total(
    instrument: Instrument, values: Mapping[str, int | None]
) -> tuple[float, tuple[str, ...], bool]:
    scored = instrument.scored_items
    answered = [item.scored_value(v) for item in scored if (v := values[item.id]) is not None]
    missing = tuple(item.id for item in scored if values[item.id] is None)
    if missing:
        _check_missing_allowed(instrument, missing)
    if instrument.method == "mean":
        return sum(answered) / len(answered), missing, bool(missing)
    if not missing:
        return sum(answered), missing, False
    # Prorate: the mean of the answered items stands in for the gaps. Rounding half up with
    # exact fractions keeps a sum score a whole number, so it still fits the bands.
    exact = Fraction(sum(answered) * len(scored), len(answered))
    return math.floor(exact + Fraction(1, 2)), missing, True


def _check_missing_allowed(instrument: Instrument, missing: tuple[str, ...]) -> None:
    policy = instrument.missing
    n = len(instrument.scored_items)
    if policy.rule == "refuse":
        raise ScoringError(
            f"{instrument.short_title} needs every question answered. "
            f"Missing: {', '.join(missing)}."
        )
    if len(missing) > policy.max_missing:
        raise ScoringError(
            f"Too many answers are missing ({len(missing)} of {n}: {', '.join(missing)}). "
            f"{instrument.short_title} can be scored with at most {policy.max_missing} missing."
        )


def _prorate_note(instrument: Instrument, missing: tuple[str, ...]) -> str:
    return (
        f"{len(missing)} answer(s) missing ({', '.join(missing)}). The total was estimated "
        "from the other answers."
    )


def band_for(instrument: Instrument, total: float) -> Band | None:
    """The band a total falls in. Between two mean-score bands, the lower band wins."""
    chosen: Band | None = None
    for band in sorted(instrument.bands, key=lambda b: b.min):
        if total >= band.min:
            chosen = band
    return chosen


def _flags(
    instrument: Instrument, values: Mapping[str, int | None], total: float, notes: list[str]
) -> tuple[Flag, ...]:
    raised = []
    for flag in instrument.flags:
        observed = total if flag.source == "total" else values[flag.source]
        if observed is None:
            notes.append(f"{flag.label}: not checked, because {flag.source} was not answered.")
        elif flag.applies(observed):
            raised.append(flag)
    return tuple(raised)


def _subscales(
    instrument: Instrument, values: Mapping[str, int | None]
) -> tuple[SubscaleScore, ...]:
    results = []
    for sub in instrument.subscales:
        items = [instrument.item(i) for i in sub.items]
        raw = [values[i.id] for i in items]
        if any(v is None for v in raw):
            results.append(SubscaleScore(sub.id, sub.title, None))
            continue
        scored = [i.scored_value(v) for i, v in zip(items, raw, strict=True) if v is not None]
        total = sum(scored) / len(scored) if sub.method == "mean" else sum(scored)
        results.append(SubscaleScore(sub.id, sub.title, total))
    return tuple(results)


def _derived(
    instrument: Instrument, values: Mapping[str, int | None], notes: list[str]
) -> tuple[ScoreResult, ...]:
    results = []
    for link in instrument.derived:
        child_answers = {child: values[parent] for child, parent in link.item_map}
        try:
            results.append(score(link.instrument, child_answers))
        except ScoringError as exc:
            notes.append(f"{link.instrument.short_title} could not be scored: {exc}")
    return tuple(results)


def _gated_result(instrument: Instrument) -> ScoreResult:
    assert instrument.gate is not None
    total = instrument.gate.closed_total
    flags = tuple(f for f in instrument.flags if f.source == "total" and f.applies(total))
    note = "The first answer was no, so the other questions were not scored."
    return ScoreResult(
        instrument_id=instrument.id,
        total=total,
        band=band_for(instrument, total),
        flags=flags,
        notes=(note,),
        gated=True,
    )
