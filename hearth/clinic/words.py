"""Short clinician-facing words for change. Pure, no Django."""

from __future__ import annotations

from hearth.measures.batch import format_total
from hearth.measures.change import ChangeResult, Direction
from hearth.program.text import Text as _

DIRECTION_WORDS = {
    Direction.IMPROVED: _("Reliably better"),
    Direction.DETERIORATED: _("Reliably worse"),
    Direction.NO_RELIABLE_CHANGE: _("No reliable change"),
    Direction.UNKNOWN: _("Change cannot be judged yet"),
}


def change_words(change: ChangeResult | None) -> str:
    if change is None:
        return _("Only one score so far")
    difference = format_total(change.difference)
    sign = "+" if change.difference > 0 else ""
    return _(
        "%(change)s since first score. %(direction)s.",
        change=f"{sign}{difference}",
        direction=DIRECTION_WORDS[change.direction],
    )


def significance_words(change: ChangeResult | None) -> str:
    if change is None or change.clinically_significant is None:
        return _("Cannot say")
    return _("Yes") if change.clinically_significant else _("No")
