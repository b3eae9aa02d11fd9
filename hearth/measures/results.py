"""What the result, history and partner pages show, built from stored sittings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.measures import catalog, fhir, words
from hearth.measures.change import ChangeResult, reliable_change
from hearth.measures.charts import Chart, Point, score_chart
from hearth.measures.definitions import Band, Flag, Instrument
from hearth.measures.models import Administration
from hearth.measures.scoring import band_for, score


@dataclass(frozen=True)
class Result:
    instrument: Instrument
    sitting: Administration
    score_line: str
    band: Band | None
    flags: tuple[Flag, ...]
    change_lines: tuple[str, ...]
    change: ChangeResult | None
    chart: Chart
    extra_lines: tuple[str, ...] = ()  # answers to questions that are never scored

    @property
    def adapted(self) -> str | None:
        return words.adapted_label(self.instrument)

    @property
    def adapted_why(self) -> str | None:
        return words.adapted_why(self.instrument)

    @property
    def english_note(self) -> str | None:
        return words.english_note([self.instrument])


def chart_for(instrument: Instrument, sittings: Sequence[Administration], chart_id: str) -> Chart:
    points = [
        Point(timezone.localdate(s.completed_at), s.total)
        for s in sittings
        if s.completed_at is not None and s.total is not None
    ]
    return score_chart(instrument, points, chart_id=chart_id)


def result(
    sitting: Administration, history: Sequence[Administration], language: str | None = None
) -> Result:
    """The person's own view of one completed sitting; ``history`` is oldest first. The
    words are in ``language`` where the instrument has a validated translation."""
    instrument = catalog.instruments(language)[sitting.instrument_id]
    assert sitting.total is not None and sitting.completed_at is not None
    baseline = history[0] if history else None
    change = None
    if baseline is not None and baseline.pk != sitting.pk and baseline.total is not None:
        change = reliable_change(instrument, baseline.total, sitting.total)
    # A result page shows the chart as it stood then, not later scores.
    upto = [s for s in history if s.completed_at and s.completed_at <= sitting.completed_at]
    return Result(
        instrument=instrument,
        sitting=sitting,
        score_line=words.score_line(instrument, sitting.total),
        band=band_for(instrument, sitting.total),
        flags=tuple(f for f in instrument.flags if f.id in sitting.flags),
        change_lines=tuple(words.change_lines(instrument, change)) if change else (),
        change=change,
        chart=chart_for(instrument, upto, f"chart-{instrument.id}"),
        extra_lines=tuple(words.extra_lines(instrument, sitting.answers)),
    )


# ---------------------------------------------------------------------------------------------
# FHIR


def _subject(user: User) -> str:
    return f"Patient/user-{user.pk}"


def _response_id(sitting: Administration) -> str:
    # Stable ids: downloading twice gives the same resource ids, so a receiving system can
    # tell a repeat from a new result.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"hearth:administration:{sitting.pk}"))


def fhir_bundle(user: User) -> dict[str, Any]:
    """Every completed sitting of the person: Questionnaires, responses and observations."""
    known = catalog.instruments()
    sittings = list(
        Administration.objects.filter(
            user=user, status=Administration.Status.COMPLETED, instrument_id__in=known
        ).order_by("completed_at", "pk")
    )
    used = sorted({s.instrument_id for s in sittings})
    resources: list[dict[str, Any]] = [
        fhir.questionnaire(known[i], notice=words.adapted_label(known[i])) for i in used
    ]
    firsts: dict[str, Administration] = {}
    for sitting in sittings:
        first = firsts.setdefault(sitting.instrument_id, sitting)
        note = change_note(known[sitting.instrument_id], first, sitting)
        resources.extend(_sitting_resources(known, sitting, _subject(user), note))
    return fhir.bundle(resources)


def change_note(instrument: Instrument, first: Administration, sitting: Administration) -> str:
    """The verdict on the change since the first score and its rule, as every view says it;
    for an instrument in adapted wording, the label first."""
    label = words.adapted_label(instrument)
    head = f"{label}. " if label else ""
    if first.pk == sitting.pk or first.total is None or sitting.total is None:
        return head + words.rule_line(instrument)
    change = reliable_change(instrument, first.total, sitting.total)
    assert first.completed_at is not None
    since = _("Since the first score (%(day)s): %(change)s points. %(verdict)s.") % {
        "day": timezone.localdate(first.completed_at).isoformat(),
        "change": f"{change.difference:+g}",
        "verdict": words.verdict(change),
    }
    return f"{head}{since} {words.rule_line(instrument)}"


def _sitting_resources(
    known: dict[str, Instrument], sitting: Administration, subject: str, note: str
) -> list[dict[str, Any]]:
    instrument = known[sitting.instrument_id]
    assert sitting.completed_at is not None
    response_id = _response_id(sitting)
    response = fhir.questionnaire_response(
        instrument,
        sitting.answers,
        authored=sitting.completed_at,
        subject=subject,
        resource_id=response_id,
    )
    scored = score(instrument, sitting.answers)
    observations = fhir.observations(
        known,
        scored,
        effective=sitting.completed_at,
        subject=subject,
        derived_from=f"urn:uuid:{response_id}",
        note=note,
    )
    return [response, *observations]
