"""Plain words for results and change; every sentence is tested for reading level (US grade
8 or below). No models or requests: only Django's gettext, so sentences come out in the
reader's language. Numbers are formatted first and passed in as named placeholders."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hearth.measures.batch import format_total
from hearth.measures.change import ChangeResult, Direction
from hearth.measures.definitions import Instrument


def better_side(instrument: Instrument) -> str:
    name = {"name": instrument.short_title}
    if instrument.higher_is_better:
        return _("Higher scores are better on the %(name)s.") % name
    return _("Lower scores are better on the %(name)s.") % name


def score_line(instrument: Instrument, total: float) -> str:
    low, high = format_total(instrument.min_score), format_total(instrument.max_score)
    return _("Your score is %(score)s, on a scale from %(low)s to %(high)s.") % {
        "score": format_total(total),
        "low": low,
        "high": high,
    }


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
    numbers = {"before": before, "after": after, "points": points}
    if change.difference == 0:
        return _("Your first score was %(before)s. It is the same now.") % numbers
    if change.difference > 0:
        return (
            _(
                "Your first score was %(before)s. Now it is %(after)s, which is %(points)s points "
                "higher."
            )
            % numbers
        )
    return (
        _("Your first score was %(before)s. Now it is %(after)s, which is %(points)s points lower.")
        % numbers
    )


def _reliability(instrument: Instrument, change: ChangeResult) -> str:
    name = instrument.short_title
    if change.direction == Direction.IMPROVED:
        return _(
            "This is a reliable change for the better. It is bigger than normal ups and downs."
        )
    if change.direction == Direction.DETERIORATED:
        return _(
            "This is a reliable change for the worse. It is bigger than normal ups and downs. "
            "It may help to talk it over with a doctor or therapist."
        )
    if change.direction == Direction.NO_RELIABLE_CHANGE:
        return _("This change is small enough that it could be normal ups and downs.")
    return _(
        "We cannot say if this change is reliable. There is not enough published data on "
        "how much %(name)s scores go up and down by chance."
    ) % {"name": name}


def _index(rci: float) -> str:
    return _(
        "The reliable change index is %(rci)s. A size above 1.96 counts as a reliable change."
    ) % {"rci": f"{rci:.2f}"}


def _significance(change: ChangeResult) -> str:
    if change.clinically_significant:
        if change.direction == Direction.IMPROVED:
            return _(
                "Your score also moved into the range that is usual for most people. "
                "Experts call this a clinically significant change."
            )
        return _("Your score also moved out of the range that is usual for most people.")
    if change.cutoff is None:
        return _(
            "No cut-off has been published for this one. "
            "So we cannot say if the change is clinically significant."
        )
    if change.clinically_significant is None:
        return _(
            "We can only call a change clinically significant once we know it is reliable. "
            "So we cannot say that here."
        )
    return _(
        "The score did not cross the cut-off of %(cutoff)s in a reliable way, "
        "so this is not called a clinically significant change."
    ) % {"cutoff": f"{change.cutoff.value:.1f}"}
