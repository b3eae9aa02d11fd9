"""Questionnaires' access functions: the only ways to read questionnaire data for a person.
Missing and forbidden look alike. Nothing here writes; the changes are in actions.py.

A person reads their own administrations. A partner reads scores of the instruments the
owner shares with their current couple, and nothing else: never item answers, never flags.

What is due is read as the next change would leave it: a schedule the person does not have
yet reads as due today, and a window that closed reads as missed, with the due day moved on
in its rhythm. Storing that is a change (actions.mark_missed), made by the person's next
start or save and by `hearth housekeeping`, never by opening a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.accounts.models import User
from hearth.couples.access import household
from hearth.couples.sharing import PARTNER, shared_with
from hearth.measures import catalog
from hearth.measures.definitions import Instrument
from hearth.measures.models import Administration, Schedule
from hearth.safety.rules import QuestionnaireSignal


def access_instrument(instrument_id: str, language: str | None = None) -> Instrument:
    """An instrument that is asked on its own, in ``language`` where it has a validated
    translation (English without one), else 404."""
    found = catalog.instruments(language).get(instrument_id)
    if found is None or found.derived_from is not None:
        raise Http404("No such questionnaire.")
    return found


def access_administration(user: User, administration_id: int) -> Administration:
    """The person's own administration, else 404 (also for partners and clinicians)."""
    found = Administration.objects.filter(pk=administration_id, user=user).first()
    if found is None:
        raise Http404("No such questionnaire.")
    return found


def completed(user: User, instrument_id: str) -> QuerySet[Administration]:
    """The person's own completed sittings of one instrument, oldest first."""
    return Administration.objects.filter(
        user=user, instrument_id=instrument_id, status=Administration.Status.COMPLETED
    ).order_by("completed_at", "pk")


def shared_ids(owner: User) -> set[str]:
    """Instruments the owner shares with the partner they are linked with now."""
    return set(shared_with(owner, PARTNER).instruments)


def partner_shared_scores(viewer: User) -> tuple[User | None, dict[str, list[Administration]]]:
    """The viewer's partner and, per shared instrument, their completed sittings.

    Only ``total``, ``band_id`` and ``completed_at`` are loaded: answers and flags stay
    in the database, so a template cannot show them even by mistake.
    """
    partner = household(viewer).partner
    if partner is None:
        return None, {}
    scores: dict[str, list[Administration]] = {}
    for instrument_id in sorted(shared_ids(partner)):
        rows = completed(partner, instrument_id).only(
            "pk", "instrument_id", "total", "band_id", "completed_at"
        )
        scores[instrument_id] = list(rows)
    return partner, scores


# ---------------------------------------------------------------------------------------------
# What is due


@dataclass(frozen=True)
class Due:
    instrument: Instrument
    due_date: date
    window_end: date
    started: Administration | None


@dataclass(frozen=True)
class Outlook:
    due: list[Due]  # what the person may take today, in a stable order
    coming_up: list[tuple[Instrument, date]]  # not due yet, with the day each one is due


def today() -> date:
    return timezone.localdate()


def is_missed(sitting: Administration, on: date) -> bool:
    """Started, not finished, and its window closed before ``on``."""
    return sitting.status == Administration.Status.IN_PROGRESS and sitting.window_end < on


def status_of(sitting: Administration) -> str:
    """The sitting's status as the person sees it: one still open after its window reads as
    missed, whether or not that has been stored yet."""
    return Administration.Status.MISSED if is_missed(sitting, today()) else sitting.status


def missing_schedules(user: User, schedules: list[Schedule]) -> list[Schedule]:
    """Baseline on first use: every offered instrument the person has no schedule for is due
    today. Unsaved rows; actions.refresh stores them when the person starts one."""
    wanted = catalog.offered_ids(household(user).membership is not None)
    have = {s.instrument_id for s in schedules}
    return [
        Schedule(user=user, instrument_id=i, next_due=today(), interval_days=catalog.INTERVAL_DAYS)
        for i in wanted
        if i not in have
    ]


def schedules(user: User, on: date) -> list[Schedule]:
    """The person's schedules as the next change would leave them: the baseline added, and
    a due day whose window closed moved on in its rhythm. One query; nothing is saved (the
    rows are changed in memory only)."""
    rows = list(Schedule.objects.filter(user=user).order_by("next_due", "instrument_id"))
    for row in rows:
        row.next_due = catalog.next_due_after_miss(row.next_due, row.interval_days, on)
    return rows + missing_schedules(user, rows)


def _open_sittings(user: User, on: date) -> list[Administration]:
    sittings = Administration.objects.filter(user=user, status=Administration.Status.IN_PROGRESS)
    return [s for s in sittings if not is_missed(s, on)]


def asked(user: User, schedules: list[Schedule]) -> list[Schedule]:
    """Schedules of instruments the person is asked now: active ones, CSI-4 only while
    linked, only instruments this server knows."""
    in_couple = household(user).membership is not None
    known = catalog.instruments()
    return [
        s
        for s in schedules
        if s.active
        and s.instrument_id in known
        and (in_couple or s.instrument_id not in catalog.COUPLE_IDS)
    ]


def _due_and_later(user: User, on: date) -> tuple[list[Schedule], list[Schedule]]:
    """The schedules the person is asked now: due ones in a stable order, then the later ones
    by day. One query (the schedules)."""
    chosen = asked(user, schedules(user, on))
    due = sorted(
        (s for s in chosen if s.next_due <= on), key=lambda s: catalog.sort_key(s.instrument_id)
    )
    later = sorted(
        (s for s in chosen if s.next_due > on),
        key=lambda s: (s.next_due, catalog.sort_key(s.instrument_id)),
    )
    return due, later


def outlook(user: User) -> Outlook:
    """What is due and what is coming up, with the sitting each due one has started: two
    queries, and no writes."""
    on, known = today(), catalog.instruments()
    due, later = _due_and_later(user, on)
    started = {(a.instrument_id, a.due_date): a for a in _open_sittings(user, on)}
    return Outlook(
        due=[
            Due(
                known[s.instrument_id],
                s.next_due,
                catalog.window_end(s.next_due),
                started.get((s.instrument_id, s.next_due)),
            )
            for s in due
        ],
        coming_up=[(known[s.instrument_id], s.next_due) for s in later],
    )


@dataclass(frozen=True)
class Glance:
    """What is due and what comes next, as the home page names them: no sittings."""

    due: list[Instrument]  # in the order of Outlook.due
    coming_up: list[tuple[Instrument, date]]  # as Outlook.coming_up


def glance(user: User) -> Glance:
    """Outlook without the sittings started, which the home page does not show: one query
    (the schedules), and no writes."""
    known = catalog.instruments()
    due, later = _due_and_later(user, today())
    return Glance(
        due=[known[s.instrument_id] for s in due],
        coming_up=[(known[s.instrument_id], s.next_due) for s in later],
    )


def due_now(user: User) -> list[Due]:
    """What the person may take today, in a stable order."""
    return outlook(user).due


# ---------------------------------------------------------------------------------------------
# A sitting's pages and what safety needs to know of it


def page_count(instrument: Instrument) -> int:
    return len(catalog.pages(instrument))


def current_page(sitting: Administration, instrument: Instrument) -> int | None:
    """The first page with a question not answered yet; None when all are done."""
    if _gate_closed(sitting.answers, instrument):
        return None
    for index, items in enumerate(catalog.pages(instrument)):
        needed = [i for i in items if not catalog.is_optional(instrument, i)]
        if any(item.id not in sitting.answers for item in needed):
            return index
    return None


def _gate_closed(answers: Mapping[str, int], instrument: Instrument) -> bool:
    gate = instrument.gate
    return gate is not None and gate.item in answers and answers[gate.item] not in gate.open_values


def signal_for(sitting: Administration) -> QuestionnaireSignal:
    """What the safety rules need to know about a completed sitting."""
    instrument = catalog.instruments().get(sitting.instrument_id)
    risk_ids = {f.id for f in instrument.flags if f.kind == "risk"} if instrument else set()
    return QuestionnaireSignal(
        instrument=sitting.instrument_id,
        answers=dict(sitting.answers),
        risk_flags=frozenset(set(sitting.flags) & risk_ids),
        total=sitting.total,
    )
