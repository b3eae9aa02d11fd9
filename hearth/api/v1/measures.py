"""Questionnaires: what is due, taking one page by page, results and history with scores.

The same actions as the web pages: ``save_page`` scores the last page and calls the safety
rules (``safety.actions.respond``) itself, so nothing here decides anything about risk. What
the outcome asks for is returned to the person who answered, and to nobody else.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from hearth.api.v1.common import Id, Slug, member, replies
from hearth.api.v1.support import SupportOut, support
from hearth.core.languages import request_language
from hearth.measures import access, actions, catalog, results, words
from hearth.measures.change import ChangeResult
from hearth.measures.definitions import Instrument
from hearth.measures.models import Administration
from hearth.safety.rules import evaluate

router = Router(tags=["questionnaires"])


class DueOut(Schema):
    instrument_id: str
    title: str
    due_date: date
    window_end: date
    started_administration_id: int | None


class OptionOut(Schema):
    value: int
    label: str


class ItemOut(Schema):
    id: str
    text: str
    options: list[OptionOut]
    optional: bool  # an extra question that is never scored may be left out


class SittingOut(Schema):
    administration_id: int
    instrument_id: str
    title: str
    stem: str
    language: str  # the language the questions are asked in ("en", "de")
    adapted_wording: str | None  # "Wording changed; cut-off not tested for it", or null
    attribution: str
    status: str
    page_count: int
    current_page: int | None
    questions: list[ItemOut]


class AnswersIn(Schema):
    answers: dict[str, int]


class SavedOut(Schema):
    administration_id: int
    finished: bool
    next_page: int | None
    support: SupportOut | None


class ChangeOut(Schema):
    difference: float
    verdict: str  # the same words as on the person's own result page
    reliable: bool | None  # None: no published rule to judge it by
    clinically_significant: bool | None


class ResultOut(Schema):
    administration_id: int
    instrument_id: str
    completed_at: datetime
    total: float
    score_line: str
    band: str | None
    change_lines: list[str]
    change: ChangeOut | None
    change_rule: str
    adapted_wording: str | None
    extra_answers: list[str]  # answers to questions that are never scored
    language: str  # the language the questions were asked in
    source: str  # "hearth", or "imported" from a FHIR file
    support: SupportOut


class HistoryRowOut(Schema):
    administration_id: int
    completed_at: datetime
    total: float | None
    band_id: str
    source: str  # "hearth", or "imported" from a FHIR file


def change_out(change: ChangeResult | None) -> dict[str, Any] | None:
    """A change as the API shows it, to clinicians and to the person alike."""
    if change is None:
        return None
    return {
        "difference": change.difference,
        "verdict": words.verdict(change),
        "reliable": change.reliable,
        "clinically_significant": change.clinically_significant,
    }


@router.get("/questionnaires/due", response=replies(200, list[DueOut]))
def due(request: HttpRequest) -> list[dict[str, Any]]:
    user = member(request)
    return [
        {
            "instrument_id": d.instrument.id,
            "title": d.instrument.title,
            "due_date": d.due_date,
            "window_end": d.window_end,
            "started_administration_id": d.started.pk if d.started else None,
        }
        for d in access.due_now(user)
    ]


def _sitting(sitting: Administration, instrument: Instrument) -> dict[str, Any]:
    page = access.current_page(sitting, instrument)
    items = catalog.pages(instrument)[page] if page is not None else ()
    return {
        "administration_id": sitting.pk,
        "instrument_id": instrument.id,
        "title": instrument.title,
        "stem": _stem(instrument, page),
        "language": sitting.language,
        "adapted_wording": words.adapted_label(instrument),
        "attribution": instrument.attribution,
        "status": access.status_of(sitting),  # a closed window reads as missed
        "page_count": access.page_count(instrument),
        "current_page": page,
        "questions": [
            {
                "id": item.id,
                "text": item.text,
                "options": [{"value": o.value, "label": o.label} for o in item.options],
                "optional": catalog.is_optional(instrument, item),
            }
            for item in items
        ],
    }


def _stem(instrument: Instrument, page: int | None) -> str:
    """What the page's questions answer to: the gate's lead after a gate, else the stem."""
    if instrument.gate is not None and page and instrument.gate.lead:
        return instrument.gate.lead
    examples = "; ".join(instrument.stem_examples)
    return f"{instrument.stem} {examples}" if examples else instrument.stem


@router.post("/questionnaires/{instrument_id}/start", response=replies(200, SittingOut))
def start(request: HttpRequest, instrument_id: Slug) -> dict[str, Any]:
    """Start the due sitting, or get the one already started."""
    user = member(request)
    sitting = actions.start(user, instrument_id, request_language())
    return _sitting(sitting, access.access_instrument(sitting.instrument_id, sitting.language))


@router.get("/questionnaires/sittings/{administration_id}", response=replies(200, SittingOut))
def sitting(request: HttpRequest, administration_id: Id) -> dict[str, Any]:
    user = member(request)
    found = access.access_administration(user, administration_id)
    return _sitting(found, access.access_instrument(found.instrument_id, found.language))


@router.post(
    "/questionnaires/sittings/{administration_id}/pages/{page}", response=replies(200, SavedOut)
)
def save_page(
    request: HttpRequest, administration_id: Id, page: int, payload: AnswersIn
) -> dict[str, Any]:
    """Answers for one page (item id -> chosen value). Nothing is kept unless all are valid."""
    user = member(request)
    found = access.access_administration(user, administration_id)
    posted = {actions.FIELD_PREFIX + k: str(v) for k, v in payload.answers.items()}
    saved = actions.save_page(user, found.pk, page, posted)
    instrument = access.access_instrument(found.instrument_id)
    return {
        "administration_id": found.pk,
        "finished": saved.finished,
        "next_page": None if saved.finished else access.current_page(saved.sitting, instrument),
        "support": support(saved.outcome, user) if saved.outcome is not None else None,
    }


@router.get("/questionnaires/sittings/{administration_id}/result", response=replies(200, ResultOut))
def result(request: HttpRequest, administration_id: Id) -> dict[str, Any]:
    user = member(request)
    found = access.access_administration(user, administration_id)
    if found.status != Administration.Status.COMPLETED:
        raise Http404("No result yet.")
    built = results.result(
        found, list(access.completed(user, found.instrument_id)), request_language()
    )
    return {
        "administration_id": found.pk,
        "instrument_id": found.instrument_id,
        "completed_at": found.completed_at,
        "total": found.total,
        "score_line": built.score_line,
        "band": built.band.label if built.band else None,
        "change_lines": list(built.change_lines),
        "change": change_out(built.change),
        "change_rule": words.rule_line(built.instrument),
        "adapted_wording": built.adapted,
        "extra_answers": list(built.extra_lines),
        "language": found.language,
        "source": found.source,
        "support": support(evaluate(access.signal_for(found)), user),
    }


@router.get("/questionnaires/{instrument_id}/history", response=replies(200, list[HistoryRowOut]))
def history(request: HttpRequest, instrument_id: Slug) -> Status[Any]:
    user = member(request)
    instrument = access.access_instrument(instrument_id)
    rows = [
        {
            "administration_id": s.pk,
            "completed_at": s.completed_at,
            "total": s.total,
            "band_id": s.band_id,
            "source": s.source,
        }
        for s in access.completed(user, instrument.id)
    ]
    return Status(200, rows)
