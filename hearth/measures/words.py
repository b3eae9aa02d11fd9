"""Plain words for results and change; every sentence is tested for reading level (US grade
8 or below). No models or requests: only Django's gettext, so sentences come out in the
reader's language. Numbers are formatted first and passed in as named placeholders."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from hearth.measures.change import ChangeResult, Direction
from hearth.measures.definitions import Instrument, Item
from hearth.measures.scoring import format_total

# The verdict on a change, in the same words on every page, report, CSV, API answer and
# FHIR export (marked here, translated where shown).
VERDICTS = {
    Direction.IMPROVED: gettext_noop("Reliably better"),
    Direction.DETERIORATED: gettext_noop("Reliably worse"),
    Direction.NO_RELIABLE_CHANGE: gettext_noop("No reliable change"),
    Direction.UNKNOWN: gettext_noop("No published rule says when a change on this one is reliable"),
}
ONE_SCORE = gettext_noop("Only one score so far")
# Why Hearth chose its rule where published rules differ (definitions.REASON_KEYS).
REASONS = {
    "reliable_not_noticed": gettext_noop(
        "Hearth uses the first rule. It tells a real change from chance ups and downs. The "
        "second is the smallest change people tend to notice as important."
    ),
    "same_service": gettext_noop(
        "Hearth uses the first rule. It comes from the same service as the PHQ-9 rule, so "
        "both scores are judged the same way. The second rule is stricter."
    ),
}


def verdict(change: ChangeResult | None) -> str:
    """The verdict in the reader's language; the same words for the person and clinician."""
    return _(VERDICTS[change.direction]) if change is not None else _(ONE_SCORE)


def rule_line(instrument: Instrument) -> str:
    """The one rule this instrument's change is judged by, with its reference."""
    norms = instrument.change
    name = instrument.short_title
    if norms.rule == "points":
        assert norms.reliable_change_points is not None
        return _(
            "On the %(name)s, a change of %(points)s points or more counts as reliable "
            "(%(reference)s)."
        ) % {
            "name": name,
            "points": format_total(norms.reliable_change_points),
            "reference": norms.reliable_change_reference.rstrip("."),
        }
    if norms.rule == "index":
        return _(
            "On the %(name)s, a change counts as reliable when the reliable change index is "
            "above 1.96 (Jacobson & Truax 1991; %(reference)s)."
        ) % {"name": name, "reference": norms.clinical_reference.rstrip(".")}
    return _(VERDICTS[Direction.UNKNOWN]) + "."


def alternative_lines(instrument: Instrument) -> list[str]:
    """Another published rule and why Hearth uses its own, for clinicians; else nothing."""
    norms = instrument.change
    if norms.alternative_points is None:
        return []
    other = _("Another published rule uses %(points)s points (%(reference)s).") % {
        "points": format_total(norms.alternative_points),
        "reference": norms.alternative_reference.rstrip("."),
    }
    reason = norms.reliable_change_reason
    return [other, _(REASONS[reason])] if reason else [other]


def cutoff_line(instrument: Instrument) -> str | None:
    """A cut-off the authors published, with its reference."""
    norms = instrument.change
    if norms.cutoff is None:
        return None
    return _("The published cut-off is %(cutoff)s (%(reference)s).") % {
        "cutoff": format_total(norms.cutoff),
        "reference": norms.cutoff_reference.rstrip("."),
    }


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
    """What changed since the first score, whether it is reliable, by which rule, and
    whether it matters."""
    lines = [_movement(change), _reliability(change)]
    if instrument.change.rule != "none":
        lines.append(rule_line(instrument))
    if change.rci is not None:
        lines.append(_index(change.rci))
    return [*lines, _significance(change)]


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


def _reliability(change: ChangeResult) -> str:
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
    return _(VERDICTS[Direction.UNKNOWN]) + "."


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
        "The score did not cross the cut-off of %(cutoff)s in a reliable way. "
        "So this is not called a clinically significant change."
    ) % {"cutoff": f"{change.cutoff.value:.1f}"}


# ---------------------------------------------------------------------------------------------
# Wording: a questionnaire not in its published wording says so wherever it is shown.

ADAPTED = gettext_noop("Wording changed; cut-off not tested for it")
ADAPTED_WHY = gettext_noop(
    "The questions are in our own words, not the published ones. So the published cut-off "
    "may not fit these answers exactly."
)


def adapted_label(instrument: Instrument) -> str | None:
    """The label every view shows beside an instrument in adapted wording, else None."""
    return _(ADAPTED) if instrument.adapted else None


def adapted_why(instrument: Instrument) -> str | None:
    """A plain explanation of the label for the person answering, else None."""
    return _(ADAPTED_WHY) if instrument.adapted else None


def answer_label(item: Item, value: int | None) -> str | None:
    """The words of an answer as the person chose them, or None when not answered."""
    return next((o.label for o in item.options if o.value == value), None)


def extra_lines(instrument: Instrument, answers: dict[str, int]) -> list[str]:
    """The extra questions' answers (never scored), as the result page shows them."""
    lines = []
    for extra in instrument.extras:
        chosen = answer_label(extra, answers.get(extra.id))
        if chosen is not None:
            lines.append(
                _("Your answer to the last question: %(answer)s. It is not part of the score.")
                % {"answer": chosen}
            )
    return lines


# The PGIC: "much" or "very much" better counts as a response in clinicians' reports.
RESPONSE_YES = gettext_noop("Counts as a response (%(reference)s).")
RESPONSE_NO = gettext_noop("Does not count as a response (%(reference)s).")


def response(instrument: Instrument, value: float | None) -> bool | None:
    """Whether an answer counts as a response; None for instruments without the rule."""
    if instrument.response is None or value is None:
        return None
    return int(value) in instrument.response.values


def response_line(instrument: Instrument, value: float | None) -> str | None:
    """The person's own answer in their words, and whether it counts as a response."""
    counts = response(instrument, value)
    if counts is None or instrument.response is None:
        return None
    assert value is not None
    chosen = answer_label(instrument.items[0], int(value)) or format_total(value)
    which = [o.label for o in instrument.items[0].options if o.value in instrument.response.values]
    reference = f"{' / '.join(which)}; {instrument.response.reference}"
    verdict = _(RESPONSE_YES if counts else RESPONSE_NO) % {"reference": reference}
    return _("Latest answer: %(answer)s. %(verdict)s") % {"answer": chosen, "verdict": verdict}


# ---------------------------------------------------------------------------------------------
# Language: a questionnaire without a validated translation stays English, and says so.


def english_note(shown: list[Instrument]) -> str | None:
    """For a reader whose language is not English: which of the questionnaires shown are
    still in English, and why; None when all are in the reader's language."""
    from hearth.core.languages import SOURCE_LANGUAGE, request_language

    if request_language() == SOURCE_LANGUAGE:
        return None
    english = sorted({i.short_title for i in shown if i.language == SOURCE_LANGUAGE})
    if not english:
        return None
    why = _(
        "Hearth asks a questionnaire in another language only if a checked translation has "
        "been published. We must also be allowed to use it."
    )
    if len(shown) == 1:
        return f"{_('This questionnaire is in English.')} {why}"
    names = ", ".join(english)
    return f"{_('These questionnaires are in English: %(names)s.') % {'names': names}} {why}"
