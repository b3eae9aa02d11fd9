"""Clinician endpoints: the caseload and each client's data, only within consent.

Every read loads the care link through ``clinic.access.access_client_link`` with the scope
the data needs (hearth.couples.sharing.shared_with decides), so a scope the client has not
granted (or a client not on the caseload) is the same 404 as a client who does not exist.
Each read is written to the client's audit log, as the web pages do. The relationship
safety check never appears here: ``timeline.risks`` leaves it out for every clinician.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from hearth.api.v1.common import Id, clinician, replies
from hearth.api.v1.measures import ChangeOut, change_out
from hearth.checkins.access import therapist_values
from hearth.clinic import actions, caseload, timeline
from hearth.clinic.access import access_client_link, granted, shared
from hearth.measures import words

router = Router(tags=["clinic"])


class ClientRowOut(Schema):
    client_id: int
    display_name: str
    linked_since: datetime
    scopes: dict[str, bool]


class HomeworkOut(Schema):
    stage: str
    exercises: list[str]
    instructions: str
    created_at: datetime


class ClientOut(ClientRowOut):
    homework: list[HomeworkOut]


class ScoreOut(Schema):
    instrument_id: str
    title: str
    latest: float
    latest_on: str
    band: str
    baseline: float
    count: int
    change: ChangeOut | None
    change_rule: str
    adapted_wording: str | None  # "Wording changed; cut-off not tested for it", or null
    response: bool | None  # the PGIC: much or very much better; null for the others
    response_line: str | None


class SessionLineOut(Schema):
    when: datetime
    stage: str
    exercise: str
    status: str
    minutes: int


class ReflectionLineOut(Schema):
    when: datetime
    numbers: list[int] | None
    distractions: str | None
    text: str | None


class ParticipationOut(Schema):
    days: list[date]  # newest first


class CheckinTableOut(Schema):
    measures: list[str]
    rows: list[dict[str, Any]]  # {"day": "2026-12-01", "mood": 6.0, ...}, newest first


class RiskLineOut(Schema):
    when: datetime
    what: str
    resolved: bool


@router.get("/clinic/clients", response=replies(200, list[ClientRowOut]))
def clients(request: HttpRequest) -> list[dict[str, Any]]:
    """Your caseload: the clients who linked with you, and what each chose to share."""
    me = clinician(request)
    rows = caseload.build(me)
    actions.record_listing(me, [r.client.pk for r in rows])
    return [
        {
            "client_id": r.client.pk,
            "display_name": r.client.display_name,
            "linked_since": r.link.created_at,
            "scopes": r.scopes,
        }
        for r in rows
    ]


@router.get("/clinic/clients/{client_id}", response=replies(200, ClientOut))
def client(request: HttpRequest, client_id: Id) -> dict[str, Any]:
    me = clinician(request)
    link = access_client_link(me, client_id)
    actions.record_view(me, link.client, "api_client", [])
    return {
        "client_id": link.client.pk,
        "display_name": link.client.display_name,
        "linked_since": link.created_at,
        "scopes": granted(link),
        "homework": [
            {
                "stage": h.stage,
                "exercises": list(h.exercises),
                "instructions": h.instructions,
                "created_at": h.created_at,
            }
            for h in timeline.homework(link)
        ],
    }


@router.get("/clinic/clients/{client_id}/results", response=replies(200, list[ScoreOut]))
def results(request: HttpRequest, client_id: Id) -> list[dict[str, Any]]:
    """Questionnaire scores (needs the client's "results" consent). Never item answers."""
    me = clinician(request)
    link = access_client_link(me, client_id, "results")
    actions.record_view(me, link.client, "api_results", ["results"])
    return [
        {
            "instrument_id": m.instrument.id,
            "title": m.instrument.title,
            "latest": m.score.latest,
            "latest_on": m.score.latest_on.isoformat(),
            "band": m.score.band,
            "baseline": m.score.baseline,
            "count": m.score.count,
            "change": change_out(m.score.change),
            "change_rule": words.rule_line(m.instrument),
            "adapted_wording": m.score.adapted,
            "response": m.score.response,
            "response_line": m.score.response_line,
        }
        for m in timeline.measures(link.client)
    ]


@router.get("/clinic/clients/{client_id}/sessions", response=replies(200, list[SessionLineOut]))
def sessions(request: HttpRequest, client_id: Id) -> list[dict[str, Any]]:
    """Sessions of the client's program (needs "sessions"). Never readiness answers."""
    me = clinician(request)
    link = access_client_link(me, client_id, "sessions")
    actions.record_view(me, link.client, "api_sessions", ["sessions"])
    return [line.__dict__ for line in timeline.sessions(link.client)]


@router.get("/clinic/clients/{client_id}/participation", response=replies(200, ParticipationOut))
def participation(request: HttpRequest, client_id: Id) -> dict[str, Any]:
    """The client's own session days (needs "participation": the client lets you see the
    session log, and it waits for their partner's yes). Nothing of how a session went, and
    nothing of the partner. Once both say yes, read /sessions instead."""
    me = clinician(request)
    link = access_client_link(me, client_id, "participation")
    actions.record_view(me, link.client, "api_participation", ["participation"])
    return {"days": timeline.participation(link.client)}


@router.get("/clinic/clients/{client_id}/checkins", response=replies(200, CheckinTableOut))
def checkins(request: HttpRequest, client_id: Id) -> dict[str, Any]:
    """The client's own check-in numbers for the measures they share with you, last four
    weeks (needs "checkins"). Never the note or the safety answers."""
    me = clinician(request)
    link = access_client_link(me, client_id, "checkins")
    actions.record_view(me, link.client, "api_checkins", ["checkins"])
    since = timeline.checkin_since()
    measures, rows = therapist_values(link.client, me, since)
    return {
        "measures": [m.value for m in measures],
        "rows": [{"day": day.isoformat(), **values} for day, values in reversed(rows)],
    }


@router.get(
    "/clinic/clients/{client_id}/reflections", response=replies(200, list[ReflectionLineOut])
)
def reflections(request: HttpRequest, client_id: Id) -> list[dict[str, Any]]:
    """Only the parts of reflections the client chose to share (needs "reflections")."""
    me = clinician(request)
    link = access_client_link(me, client_id, "reflections")
    actions.record_view(me, link.client, "api_reflections", ["reflections"])
    return [
        {
            "when": r.when,
            "numbers": list(r.numbers) if r.numbers else None,
            "distractions": r.distractions,
            "text": r.text,
        }
        for r in timeline.reflections(link.client, shared(link))
    ]


@router.get("/clinic/clients/{client_id}/alerts", response=replies(200, list[RiskLineOut]))
def alerts(request: HttpRequest, client_id: Id) -> list[dict[str, Any]]:
    """Safety alerts (needs "risk_alerts"). The relationship safety check is never here."""
    me = clinician(request)
    link = access_client_link(me, client_id, "risk_alerts")
    actions.record_view(me, link.client, "api_alerts", ["risk_alerts"])
    return [r.__dict__ for r in timeline.risks(link.client)]
