"""Questionnaire state changes. Each checks access and rules, runs in a transaction and
writes its audit row; errors carry a message fit to show the person, in their language
(messages are lazy translations, turned into text when shown). What is due, and a
sitting's pages, are read in access.py: opening a page changes nothing."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import ClassVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hearth.accounts.models import User
from hearth.core import audit
from hearth.core.errors import Refused
from hearth.couples import sharing
from hearth.couples.access import household
from hearth.measures import access, catalog
from hearth.measures.access import access_administration, access_instrument
from hearth.measures.definitions import Instrument, Item
from hearth.measures.models import Administration, Schedule
from hearth.measures.scoring import ScoreResult, ScoringError, score
from hearth.safety.actions import respond
from hearth.safety.rules import RiskOutcome

STARTED = audit.kind("measures.started", gettext_lazy("A questionnaire was started"))
COMPLETED = audit.kind("measures.completed", gettext_lazy("A questionnaire was finished"))
MISSED = audit.kind("measures.missed", gettext_lazy("A questionnaire was not finished in time"))
ADDED = audit.kind("measures.added", gettext_lazy("A questionnaire was added"))
REMOVED = audit.kind("measures.removed", gettext_lazy("A questionnaire was removed"))
SHARED = audit.kind("measures.shared", gettext_lazy("Questionnaire scores shared with partner"))
UNSHARED = audit.kind("measures.unshared", gettext_lazy("Questionnaire scores no longer shared"))
EXPORTED = audit.kind("measures.exported", gettext_lazy("Questionnaire results downloaded"))
PARTNER_VIEWED = audit.kind(
    "measures.partner_viewed", gettext_lazy("Partner looked at shared scores")
)

FIELD_PREFIX = "item-"
_WHOLE = re.compile(r"-?[0-9]{1,3}")
NOT_DUE = gettext_lazy("This questionnaire is not due right now. You will see it here when it is.")
CLOSED = gettext_lazy("This questionnaire can no longer be changed.")
TOO_LATE = gettext_lazy(
    "The time to finish this one has passed, so it was set aside. "
    "You will see it again when it is next due."
)
MISMATCH = gettext_lazy("This form did not match the questions. Please load the page again.")
NOT_LINKED = gettext_lazy("You can share scores once you are linked with a partner.")
NOT_OPTIONAL = gettext_lazy("This questionnaire cannot be added or removed.")


class MeasureError(Refused):
    """A rule stopped the change. ``str(error)`` is a plain message for the person."""


@dataclass
class AnswerError(Refused):
    """Answers that cannot be saved: one message per question, plus a general one."""

    status: ClassVar[int] = 422
    code: ClassVar[str] = "invalid_input"

    message: str
    items: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message

    @property
    def fields(self) -> Mapping[str, str]:
        return self.items


def _today() -> date:
    return access.today()


# ---------------------------------------------------------------------------------------------
# Schedules


def ensure_schedules(user: User) -> None:
    """Baseline on first use: every offered instrument without a schedule is due today."""
    _add_missing(user, list(Schedule.objects.filter(user=user)))


def _add_missing(user: User, schedules: list[Schedule]) -> bool:
    """Store the baseline schedules the person lacks; True if any was created."""
    new = access.missing_schedules(user, schedules)
    if not new:
        return False
    # ignore_conflicts: two tabs opening at once both try; the unique constraint keeps one.
    Schedule.objects.bulk_create(new, ignore_conflicts=True)
    return True


def mark_missed(user: User) -> int:
    """Idempotent: store as missed every sitting whose window has passed and move schedules
    on. Returns how many sittings became missed.

    Pages read the same state without storing it (access.outlook, access.status_of); this
    stores it before the person's next change (start, save); housekeeping stores started
    sittings hourly (store_missed), so the activity log catches up. A plain read
    decides first whether anything is to change: on SQLite a transaction here takes the
    write lock at its start (IMMEDIATE), which would make every caller wait for every other.
    """
    schedules = list(Schedule.objects.filter(user=user))
    if not _anything_missed(_today(), schedules, _open_sittings(user)):
        return 0
    return _mark_missed(user, _today())


def store_missed(now: datetime) -> int:
    """For `hearth housekeeping`: store as missed every started sitting whose window has
    passed, with its line in the person's log, and move that questionnaire's due day on.
    Returns how many; a second run stores nothing more.

    Due days with no sitting started are left for the person's next change: the pages read
    them as moved on already, and the caseload counts a closed window as missed until the
    client is back, as it always has."""
    today = timezone.localdate(now)
    stale: dict[int, set[str]] = {}
    for user_id, instrument_id in Administration.objects.filter(
        status=Administration.Status.IN_PROGRESS, window_end__lt=today
    ).values_list("user_id", "instrument_id"):
        stale.setdefault(user_id, set()).add(instrument_id)
    people = User.objects.filter(pk__in=sorted(stale))
    return sum(_mark_missed(user, today, only=stale[user.pk]) for user in people)


def _open_sittings(user: User) -> list[Administration]:
    return list(Administration.objects.filter(user=user, status=Administration.Status.IN_PROGRESS))


def _anything_missed(
    today: date, schedules: list[Schedule], open_sittings: list[Administration]
) -> bool:
    return any(s.window_end < today for s in open_sittings) or any(
        catalog.next_due_after_miss(s.next_due, s.interval_days, today) != s.next_due
        for s in schedules
    )


@transaction.atomic
def _mark_missed(user: User, today: date, only: set[str] | None = None) -> int:
    """Store the missed sittings and move due days on; ``only`` these instruments' days."""
    stale = Administration.objects.select_for_update().filter(
        user=user, status=Administration.Status.IN_PROGRESS, window_end__lt=today
    )
    count = 0
    for sitting in stale:
        sitting.status = Administration.Status.MISSED
        sitting.save(update_fields=["status"])
        audit.record(MISSED, actor=user, administration=sitting.pk)
        count += 1
    schedules = Schedule.objects.select_for_update().filter(user=user)
    if only is not None:
        schedules = schedules.filter(instrument_id__in=sorted(only))
    for schedule in schedules:
        moved = catalog.next_due_after_miss(schedule.next_due, schedule.interval_days, today)
        if moved != schedule.next_due:
            schedule.next_due = moved
            schedule.save(update_fields=["next_due"])
    return count


def refresh(user: User) -> tuple[list[Schedule], list[Administration]]:
    """Baseline schedules on first use and missed windows closed. Returns the person's
    schedules and sittings in progress as they now stand. Reads first (two queries); writes
    only when something changes."""
    schedules, open_sittings = list(Schedule.objects.filter(user=user)), _open_sittings(user)
    changed = _add_missing(user, schedules)
    if _anything_missed(_today(), schedules, open_sittings):
        _mark_missed(user, _today())  # may move schedules on without closing any sitting
        changed = True
    if changed:
        schedules, open_sittings = list(Schedule.objects.filter(user=user)), _open_sittings(user)
    return schedules, open_sittings


# ---------------------------------------------------------------------------------------------
# Taking a questionnaire


@transaction.atomic
def start(user: User, instrument_id: str, language: str | None = None) -> Administration:
    """Start the due sitting, or return the one already started (resume). A new sitting is
    asked in ``language`` (the person's) where a validated translation exists, else in
    English; a resumed one keeps the language it started in."""
    instrument = access_instrument(instrument_id)
    refresh(user)
    schedule = (
        Schedule.objects.select_for_update()
        .filter(user=user, instrument_id=instrument.id, next_due__lte=_today())
        .first()
    )
    if schedule is None or not access.asked(user, [schedule]):
        raise MeasureError(NOT_DUE)
    sitting, created = Administration.objects.get_or_create(
        user=user,
        instrument_id=instrument.id,
        due_date=schedule.next_due,
        defaults={
            "instrument_version": instrument.version,
            "window_end": catalog.window_end(schedule.next_due),
            "started_at": timezone.now(),
            "language": catalog.sitting_language(instrument.id, language),
        },
    )
    if sitting.status != Administration.Status.IN_PROGRESS:
        raise MeasureError(NOT_DUE)
    if created:
        audit.record(STARTED, actor=user, administration=sitting.pk, instrument=instrument.id)
    return sitting


@dataclass(frozen=True)
class Saved:
    sitting: Administration
    finished: bool
    outcome: RiskOutcome | None = None


@transaction.atomic
def save_page(user: User, administration_id: int, page: int, posted: Mapping[str, str]) -> Saved:
    """Check and keep one page of answers; score the sitting once every page is done.

    Nothing is written unless the whole page is valid.
    """
    mark_missed(user)
    sitting = access_administration(user, administration_id)
    sitting = Administration.objects.select_for_update().get(pk=sitting.pk)
    if sitting.status == Administration.Status.MISSED:
        raise MeasureError(TOO_LATE)
    if sitting.status != Administration.Status.IN_PROGRESS:
        raise MeasureError(CLOSED)
    instrument = access_instrument(sitting.instrument_id)
    items = _page_items(sitting, instrument, page)
    optional = {i.id for i in items if catalog.is_optional(instrument, i)}
    kept = {k: v for k, v in sitting.answers.items() if k not in optional}
    sitting.answers = {**kept, **_checked_page(items, posted, optional)}
    if access.current_page(sitting, instrument) is not None:
        sitting.save(update_fields=["answers"])
        return Saved(sitting, finished=False)
    outcome = _finish(user, sitting, instrument)
    return Saved(sitting, finished=True, outcome=outcome)


def _page_items(sitting: Administration, instrument: Instrument, page: int) -> tuple[Item, ...]:
    pages = catalog.pages(instrument)
    reached = access.current_page(sitting, instrument)
    if not 0 <= page < len(pages) or (reached is not None and page > reached):
        raise AnswerError(str(MISMATCH))
    return pages[page]


def _checked_page(
    items: tuple[Item, ...], posted: Mapping[str, str], optional: set[str]
) -> dict[str, int]:
    expected = {FIELD_PREFIX + item.id for item in items}
    sent = {key for key in posted if key.startswith(FIELD_PREFIX)}
    if sent - expected:
        raise AnswerError(str(MISMATCH))
    values: dict[str, int] = {}
    problems: dict[str, str] = {}
    for item in items:
        raw = posted.get(FIELD_PREFIX + item.id, "").strip()
        value = int(raw) if _WHOLE.fullmatch(raw) else None
        if not raw and item.id in optional:
            continue  # an extra question left blank stays blank
        if not raw:
            problems[item.id] = _("Please choose an answer.")
        elif value is None or value not in item.values:
            problems[item.id] = _("That answer is not one of the choices. Please choose again.")
        else:
            values[item.id] = value
    if problems:
        count = len(problems)
        # The English keeps its "(s)" in both forms; German needs the two forms.
        needs = ngettext(
            "%(count)s question(s) on this page need an answer.",
            "%(count)s question(s) on this page need an answer.",
            count,
        )
        raise AnswerError(needs % {"count": count}, problems)
    return values


def _finish(user: User, sitting: Administration, instrument: Instrument) -> RiskOutcome:
    try:
        result = score(instrument, sitting.answers)
    except ScoringError as exc:  # pragma: no cover - every page was checked above
        raise AnswerError(str(exc)) from exc
    _store_result(sitting, result)
    Schedule.objects.filter(user=user, instrument_id=instrument.id).update(
        next_due=_today() + timedelta(days=catalog.INTERVAL_DAYS)
    )
    audit.record(COMPLETED, actor=user, administration=sitting.pk, instrument=instrument.id)
    return respond(
        user, access.signal_for(sitting), source="questionnaire", ref=f"administration:{sitting.pk}"
    )


def _store_result(sitting: Administration, result: ScoreResult) -> None:
    sitting.status = Administration.Status.COMPLETED
    sitting.completed_at = timezone.now()
    sitting.total = result.total
    sitting.band_id = result.band_id or ""
    sitting.flags = list(result.flag_ids)
    sitting.derived = {d.instrument_id: d.total for d in result.derived}
    sitting.prorated = result.prorated
    sitting.save()


# ---------------------------------------------------------------------------------------------
# Choosing questionnaires and sharing


@transaction.atomic
def add_instrument(user: User, instrument_id: str) -> None:
    if instrument_id not in catalog.OPTIONAL_IDS:
        raise MeasureError(NOT_OPTIONAL)
    schedule, created = Schedule.objects.get_or_create(
        user=user,
        instrument_id=instrument_id,
        defaults={"next_due": _today(), "interval_days": catalog.INTERVAL_DAYS},
    )
    if not created and not schedule.active:
        # The due day is left alone: mark_missed moves it on if its window has passed, and
        # a sitting started before the removal can still be finished in its window.
        schedule.active = True
        schedule.save(update_fields=["active"])
    audit.record(ADDED, actor=user, instrument=instrument_id)


ALREADY_OPEN = gettext_lazy("This questionnaire is already started. It can be finished as it is.")


@transaction.atomic
def bring_forward(user: User, instrument_id: str, due: date) -> None:
    """Make one questionnaire due for this person on ``due`` (or add it), e.g. at their
    clinician's request. It only ever moves a due day earlier, and leaves a questionnaire
    that is already started alone. The caller checks consent and writes its own audit row."""
    if Administration.objects.filter(
        user=user, instrument_id=instrument_id, status=Administration.Status.IN_PROGRESS
    ).exists():
        raise MeasureError(ALREADY_OPEN)
    schedule, created = Schedule.objects.select_for_update().get_or_create(
        user=user,
        instrument_id=instrument_id,
        defaults={"next_due": due, "interval_days": catalog.INTERVAL_DAYS},
    )
    if not created:
        schedule.active = True
        schedule.next_due = min(schedule.next_due, due)
        schedule.save(update_fields=["active", "next_due"])


@transaction.atomic
def remove_instrument(user: User, instrument_id: str) -> None:
    if instrument_id not in catalog.OPTIONAL_IDS:
        raise MeasureError(NOT_OPTIONAL)
    Schedule.objects.filter(user=user, instrument_id=instrument_id).update(active=False)
    audit.record(REMOVED, actor=user, instrument=instrument_id)


@transaction.atomic
def set_share(user: User, instrument_id: str, share: bool) -> None:
    """Share one instrument's scores with the current partner, or stop at once."""
    instrument = access_instrument(instrument_id)
    try:
        couple_id = sharing.partner_couple_id(user)
    except sharing.SharingError as exc:
        raise MeasureError(NOT_LINKED) from exc
    chosen = set(sharing.shared_with(user, sharing.PARTNER).instruments)
    wanted = chosen | {instrument.id} if share else chosen - {instrument.id}
    sharing.choose(user, sharing.PARTNER, sharing.Kind.INSTRUMENT, wanted, couple_id=couple_id)
    kind = SHARED if share else UNSHARED
    audit.record(kind, actor=user, instrument=instrument.id, couple=couple_id)


def record_partner_view(viewer: User) -> None:
    """The owner can read in their log that their partner looked at their shared scores."""
    partner = household(viewer).partner
    if partner is not None:
        audit.record(PARTNER_VIEWED, actor=viewer, subject=partner)


def record_export(user: User, resources: int) -> None:
    audit.record(EXPORTED, actor=user, resources=resources)
