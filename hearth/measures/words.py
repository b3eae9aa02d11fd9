"""Plain words for results and change. Pure, no Django; every sentence is tested for
reading level (US grade 8 or below)."""

from __future__ import annotations

from hearth.measures.batch import format_total
from hearth.measures.change import ChangeResult, Direction
from hearth.measures.definitions import Instrument


def better_side(instrument: Instrument) -> str:
    side = "Higher" if instrument.higher_is_better else "Lower"
    return f"{side} scores are better on the {instrument.short_title}."


def score_line(instrument: Instrument, total: float) -> str:
    low, high = format_total(instrument.min_score), format_total(instrument.max_score)
    return f"Your score is {format_total(total)}, on a scale from {low} to {high}."


def change_lines(instrument: Instrument, change: ChangeResult) -> list[str]:
    """What changed since the first score, whether it is reliable, and whether it matters."""
    return [
        _movement(change),
        _reliability(instrument, change),
        *([_index(change.rci)] if change.rci is not None else []),
        _significance(change),
    ]


def _movement(change: ChangeResult) -> str:
    before, after = format_total(change.before), format_total(change.after)
    points = format_total(abs(change.difference))
    if change.difference == 0:
        return f"Your first score was {before}. It is the same now."
    way = "higher" if change.difference > 0 else "lower"
    return f"Your first score was {before}. Now it is {after}, which is {points} points {way}."


def _reliability(instrument: Instrument, change: ChangeResult) -> str:
    name = instrument.short_title
    if change.direction == Direction.IMPROVED:
        return "This is a reliable change for the better. It is bigger than normal ups and downs."
    if change.direction == Direction.DETERIORATED:
        return (
            "This is a reliable change for the worse. It is bigger than normal ups and downs. "
            "It may help to talk it over with a doctor or therapist."
        )
    if change.direction == Direction.NO_RELIABLE_CHANGE:
        return "This change is small enough that it could be normal ups and downs."
    return (
        f"We cannot say if this change is reliable. There is not enough published data on "
        f"how much {name} scores go up and down by chance."
    )


def _index(rci: float) -> str:
    return f"The reliable change index is {rci:.2f}. A size above 1.96 counts as a reliable change."


def _significance(change: ChangeResult) -> str:
    if change.clinically_significant:
        if change.direction == Direction.IMPROVED:
            return (
                "Your score also moved into the range that is usual for most people. "
                "Experts call this a clinically significant change."
            )
        return "Your score also moved out of the range that is usual for most people."
    if change.cutoff is None:
        return (
            "No cut-off has been published for this one. "
            "So we cannot say if the change is clinically significant."
        )
    if change.clinically_significant is None:
        return (
            "We can only call a change clinically significant once we know it is reliable. "
            "So we cannot say that here."
        )
    return (
        f"The score did not cross the cut-off of {change.cutoff.value:.1f} in a reliable way, "
        "so this is not called a clinically significant change."
    )
