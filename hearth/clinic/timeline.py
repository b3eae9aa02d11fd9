"""One client's page for their clinician: only the kinds of data the client shares with them.

Each section is None when its scope is not granted, so a template cannot show it by
mistake; the page says "not shared" instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from hearth.accounts.models import User
from hearth.checkins.access import therapist_values
from hearth.checkins.insights import LABELS as MEASURE_LABELS
from hearth.clinic.caseload import Score, summarise
from hearth.clinic.models import CareLink, Homework
from hearth.core.languages import request_language
from hearth.couples.sharing import Shared
from hearth.measures import access as measures_access
from hearth.measures import catalog
from hearth.measures.charts import Chart
from hearth.measures.definitions import Instrument
from hearth.measures.models import Administration
from hearth.measures.results import chart_for
from hearth.program.access import current_program
from hearth.program.localized import localized_content
from hearth.program.models import Readiness, Reflection, Session
from hearth.safety.models import RiskEvent
from hearth.safety.rules import clinician_reasons

SESSION_LIMIT = 50
FOLLOW_UP = gettext_noop("A safety answer needs follow-up")
# Marked for the catalogue; translated when a page builds its lines (see risks()).
RISK_WORDS = {
    "phq9_item9": gettext_noop("Answered the PHQ-9 question about self-harm above zero"),
    "instrument_risk_flag": gettext_noop("A safety question on a questionnaire needs follow-up"),
    "checkin_unsafe": gettext_noop("Said they felt unsafe in a daily check-in"),
    "checkin_self_harm": gettext_noop("Said they had thoughts of harming themselves"),
}


@dataclass(frozen=True)
class Measure:
    instrument: Instrument
    chart: Chart
    score: Score


@dataclass(frozen=True)
class SessionLine:
    when: datetime
    stage: str
    exercise: str
    status: str
    minutes: int


@dataclass(frozen=True)
class ReflectionLine:
    when: datetime
    numbers: tuple[int, int, int] | None  # comfort, closeness, anxiety
    distractions: str | None
    text: str | None


@dataclass(frozen=True)
class RiskLine:
    when: datetime
    what: str
    resolved: bool


def measures(client: User) -> list[Measure]:
    known = catalog.instruments(request_language())
    sittings = Administration.objects.filter(
        user=client, status=Administration.Status.COMPLETED, instrument_id__in=known
    ).order_by("instrument_id", "completed_at", "pk")
    grouped: dict[str, list[Administration]] = {}
    for sitting in sittings:
        if sitting.total is not None and sitting.completed_at is not None:
            grouped.setdefault(sitting.instrument_id, []).append(sitting)
    result = []
    for instrument_id, rows in grouped.items():
        instrument = known[instrument_id]
        points = [(s.total, s.completed_at) for s in rows]
        result.append(
            Measure(
                instrument=instrument,
                chart=chart_for(instrument, rows, f"chart-{instrument_id}"),
                score=summarise(instrument, points),  # type: ignore[arg-type]
            )
        )
    return result


def due(client: User) -> list[tuple[str, str]]:
    """(questionnaire, day due) for the client's active schedules, soonest first: the days
    the client's own list shows (measures.access.schedules)."""
    known = catalog.instruments(request_language())
    rows = measures_access.schedules(client, timezone.localdate())
    return [
        (known[s.instrument_id].short_title, s.next_due.isoformat())
        for s in sorted(rows, key=lambda s: s.next_due)
        if s.active and s.instrument_id in known
    ]


def sessions(client: User) -> list[SessionLine]:
    """The client's current program's sessions, newest first. Never readiness answers."""
    program = current_program(client)
    if program is None:
        return []
    content = localized_content()
    stages = {s.id: s.title for s in content.stages}
    exercises = {e.id: e.title for e in content.exercises}
    found = Session.objects.filter(program=program).order_by("-planned_for")[:SESSION_LIMIT]
    return [
        SessionLine(
            when=s.planned_for,
            stage=stages.get(s.stage, s.stage),
            exercise=exercises.get(s.exercise, s.exercise),
            status=s.get_status_display(),
            minutes=s.turn_minutes * s.turns,
        )
        for s in found
    ]


def stage(client: User) -> str:
    program = current_program(client)
    if program is None:
        return gettext("Not started")
    stages = {s.id: s.title for s in localized_content().stages}
    return stages.get(program.stage, program.stage)


def reflections(client: User, shared: Shared) -> list[ReflectionLine]:
    """Only the parts of the client's own reflections they chose to share with this
    therapist (``shared``); parts shared only with the partner never show here."""
    found = Reflection.objects.filter(user=client, pk__in=list(shared.reflections)).order_by(
        "-created_at"
    )[:SESSION_LIMIT]
    lines = []
    for r in found:
        parts = shared.parts(r.pk)
        lines.append(
            ReflectionLine(
                when=r.created_at,
                numbers=(r.comfort, r.closeness, r.anxiety) if "numbers" in parts else None,
                distractions=r.distractions if "distractions" in parts else None,
                text=r.text if "text" in parts else None,
            )
        )
    return lines


def participation(client: User) -> list[date]:
    """The days the client checked in for a session of their current program, newest
    first: their own taking part, and nothing of how it went or of their partner (shown
    while the session log waits for the partner's yes)."""
    program = current_program(client)
    if program is None:
        return []
    days = (
        Readiness.objects.filter(user=client, session__program=program)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:SESSION_LIMIT]
    )
    return list(dict.fromkeys(timezone.localdate(when) for when in days))


@dataclass(frozen=True)
class CheckinTable:
    labels: list[str]
    rows: list[tuple[date, list[str]]]  # newest first; "" where not answered


CHECKIN_DAYS = 28


def checkins(client: User, clinician: User) -> CheckinTable:
    """The client's own check-in numbers for the measures they share with this therapist,
    over the last four weeks. Never the note or the safety answers."""
    since = checkin_since()
    measures, rows = therapist_values(client, clinician, since)
    return CheckinTable(
        labels=[str(MEASURE_LABELS[m]) for m in measures],
        rows=[
            (day, [_number(values.get(m.value)) for m in measures])
            for day, values in reversed(rows)
        ],
    )


def checkin_since() -> date:
    return timezone.localdate() - timedelta(days=CHECKIN_DAYS - 1)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def risks(client: User) -> list[RiskLine]:
    found = (
        RiskEvent.objects.filter(user=client, alert_clinician=True)
        .exclude(source=RiskEvent.Source.COERCION)
        .order_by("-created_at")
    )
    return [
        RiskLine(
            when=e.created_at,
            what="; ".join(
                gettext(RISK_WORDS.get(r, FOLLOW_UP)) for r in clinician_reasons(e.reasons)
            )
            or gettext(FOLLOW_UP),
            resolved=e.resolved_at is not None,
        )
        for e in found
    ]


def homework(link: CareLink) -> list[Homework]:
    return list(link.homework.order_by("-created_at", "-pk"))


def today() -> str:
    return timezone.localdate().isoformat()
