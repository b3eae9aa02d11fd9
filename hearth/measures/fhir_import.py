"""Importing a FHIR file of questionnaire answers into one person's history.

``hearth fhir import FILE --email PERSON`` calls ``import_file``. The file is read and
mapped first (``hearth.measures.fhir_read``); then, in one transaction, each sitting becomes
a completed Administration marked as imported, scored by Hearth's own rules. A file with
any problem, or a sitting on a day that already holds the same questionnaire, imports
nothing, and the message says why. An imported answer raises no safety alert now: it is
history, and its result page shows the help that fits it like any other.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from hearth.accounts.models import User
from hearth.core import audit
from hearth.measures import catalog
from hearth.measures.fhir_read import FhirRefused, Incoming, read
from hearth.measures.models import Administration

IMPORTED = audit.kind("measures.imported", gettext_lazy("Questionnaire results imported"))


def import_file(user: User, data: Any) -> list[Administration]:
    """Add every sitting in ``data`` to ``user``'s history, or none (FhirRefused)."""
    if user.role != User.Role.MEMBER:
        raise FhirRefused([f"{user.email} is not a person who takes questionnaires."])
    sittings = read(data, catalog.instruments(), settings.TIME_ZONE)
    _refuse_same_day(user, sittings)
    try:
        with transaction.atomic():
            created = [_create(user, s) for s in sittings]
            counts = Counter(s.instrument.id for s in sittings)
            audit.record(
                IMPORTED, subject=user, sittings=len(created), **dict(sorted(counts.items()))
            )
    except IntegrityError:  # a sitting was added at the same moment
        raise FhirRefused(
            ["The person's history changed while the file was read. Nothing was imported."]
        ) from None
    return created


def _day(sitting: Incoming) -> Any:
    return timezone.localdate(sitting.authored)


def _refuse_same_day(user: User, sittings: list[Incoming]) -> None:
    """One sitting per questionnaire and day, as when a person takes them in Hearth."""
    problems = []
    seen: dict[tuple[str, Any], Incoming] = {}
    for sitting in sittings:
        key = (sitting.instrument.id, _day(sitting))
        if key in seen:
            problems.append(
                f"{sitting.where}: a second {sitting.instrument.short_title} on {key[1]} "
                f"(the first is {seen[key].where})."
            )
        seen[key] = sitting
    taken = Administration.objects.filter(
        user=user,
        instrument_id__in={i for i, _ in seen},
        due_date__in={d for _, d in seen},
    ).values_list("instrument_id", "due_date")
    for instrument_id, day in taken:
        if (instrument_id, day) in seen:
            sitting = seen[(instrument_id, day)]
            problems.append(
                f"{sitting.where}: this person already has a {sitting.instrument.short_title} "
                f"on {day}."
            )
    if problems:
        raise FhirRefused(problems)


def _create(user: User, sitting: Incoming) -> Administration:
    day = _day(sitting)
    return Administration.objects.create(
        user=user,
        instrument_id=sitting.instrument.id,
        instrument_version=sitting.instrument.version,
        status=Administration.Status.COMPLETED,
        due_date=day,
        window_end=catalog.window_end(day),
        started_at=sitting.authored,
        completed_at=sitting.authored,
        answers=sitting.answers,
        total=sitting.total,
        band_id=sitting.band_id or "",
        flags=list(sitting.flags),
        derived=sitting.derived,
        prorated=sitting.prorated,
        language=catalog.sitting_language(sitting.instrument.id, sitting.language),
        source=Administration.Source.IMPORTED,
    )
