"""What the result, history and partner pages show, built from stored sittings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from hearth.accounts.models import User
from hearth.core.languages import SOURCE_LANGUAGE
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


def _stable_id(kind: str, value: object) -> str:
    """A UUID that is the same in every export, and that says nothing about the database to
    whoever reads the file: keyed with the site's secret key."""
    digest = salted_hmac(f"hearth.measures.fhir.{kind}", str(value)).hexdigest()
    return str(uuid.UUID(hex=digest[:32], version=4))


def patient_id(user: User) -> str:
    """The pseudonym of the person in every FHIR file: stable, and no database id."""
    return _stable_id("patient", user.pk)


def fhir_bundle(user: User) -> dict[str, Any]:
    """Every completed sitting of the person: the pseudonymous Patient, the Questionnaires
    they answered, and for each sitting the response and an Observation per total. Every
    reference resolves inside the Bundle."""
    base = settings.SITE_URL
    known = catalog.instruments()
    sittings = list(
        Administration.objects.filter(
            user=user, status=Administration.Status.COMPLETED, instrument_id__in=known
        ).order_by("completed_at", "pk")
    )
    person = patient_id(user)
    subject = fhir.urn(person)
    entries: list[tuple[str, dict[str, Any]]] = [
        (subject, fhir.patient(base=base, resource_id=person))
    ]
    for instrument_id in sorted({s.instrument_id for s in sittings}):
        instrument = known[instrument_id]
        questionnaire = fhir.questionnaire(
            instrument,
            base=base,
            notice=words.adapted_label(instrument),
            translations=_translations(instrument_id),
        )
        entries.append((questionnaire["url"], questionnaire))
    firsts: dict[str, Administration] = {}
    for sitting in sittings:
        first = firsts.setdefault(sitting.instrument_id, sitting)
        note = change_note(known[sitting.instrument_id], first, sitting)
        entries.extend(_sitting_resources(base, known, sitting, subject, note))
    return fhir.bundle(entries, resource_id=str(uuid.uuid4()), timestamp=timezone.now().isoformat())


def _translations(instrument_id: str) -> list[Instrument]:
    return [
        catalog.instruments(language)[instrument_id]
        for language in sorted(catalog.languages_of(instrument_id) - {SOURCE_LANGUAGE})
    ]


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
    base: str, known: dict[str, Instrument], sitting: Administration, subject: str, note: str
) -> list[tuple[str, dict[str, Any]]]:
    instrument = known[sitting.instrument_id]
    assert sitting.completed_at is not None
    response_id = _stable_id("response", sitting.pk)
    # In the words and language it was asked in; the score never depends on them.
    asked = catalog.instruments(sitting.language).get(sitting.instrument_id, instrument)
    response = fhir.questionnaire_response(
        asked,
        sitting.answers,
        base=base,
        authored=sitting.completed_at,
        subject=subject,
        resource_id=response_id,
    )
    scored = score(instrument, sitting.answers)
    ids = {
        r.instrument_id: _stable_id(f"observation.{r.instrument_id}", sitting.pk)
        for r in [scored, *scored.derived]
    }
    observations = fhir.observations(
        known,
        scored,
        base=base,
        effective=sitting.completed_at,
        subject=subject,
        ids=ids,
        derived_from=fhir.urn(response_id),
        note=note,
    )
    return [(fhir.urn(response_id), response)] + [(fhir.urn(o["id"]), o) for o in observations]
