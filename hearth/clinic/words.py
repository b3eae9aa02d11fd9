"""Short clinician-facing words for change: the same verdicts as the person's own page
(``hearth.measures.words``), so both always read the same for the same scores."""

from __future__ import annotations

from hearth.core.text import Text as _
from hearth.measures.change import ChangeResult
from hearth.measures.scoring import format_total
from hearth.measures.words import ONE_SCORE, VERDICTS

DIRECTION_WORDS = VERDICTS


def change_words(change: ChangeResult | None) -> str:
    if change is None:
        return _(ONE_SCORE)
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
