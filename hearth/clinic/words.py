"""Short clinician-facing words for change. Pure, no Django."""

from __future__ import annotations

from hearth.measures.batch import format_total
from hearth.measures.change import ChangeResult, Direction

DIRECTION_WORDS = {
    Direction.IMPROVED: "Reliably better",
    Direction.DETERIORATED: "Reliably worse",
    Direction.NO_RELIABLE_CHANGE: "No reliable change",
    Direction.UNKNOWN: "Change cannot be judged yet",
}


def change_words(change: ChangeResult | None) -> str:
    if change is None:
        return "Only one score so far"
    difference = format_total(change.difference)
    sign = "+" if change.difference > 0 else ""
    return f"{sign}{difference} since first score. {DIRECTION_WORDS[change.direction]}."


def significance_words(change: ChangeResult | None) -> str:
    if change is None or change.clinically_significant is None:
        return "Cannot say"
    return "Yes" if change.clinically_significant else "No"
