"""Test data, built one way: people, couples, care links, safety checks, questionnaire
sittings, check-ins and programs.

Plain functions with typed keyword defaults, so a test names only what matters to it. Each
builds what the app itself would have stored (a clinician has two-step sign-in on, a sitting
has sealed answers that add up to its total), not a half-made row that a page would refuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any, TypedDict

from django.utils import timezone

from hearth.accounts.models import PRIVACY_NOTICE_VERSION, TwoFactor, User
from hearth.checkins.models import CheckIn
from hearth.clinic.models import CareLink
from hearth.couples import sharing
from hearth.couples.models import Couple, Membership
from hearth.measures import catalog
from hearth.measures.demo import answers_for
from hearth.measures.models import Administration
from hearth.program.models import Program, Reflection
from hearth.safety.models import Screening

# The secret of every test clinician's two-step sign-in (tests compute codes from it).
CLINICIAN_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
# A stored password that matches nothing: for people a test never signs in with a password.
NO_PASSWORD = "!"
ACCEPTED_AT = "2026-01-01T00:00:00Z"


def person(
    email: str,
    name: str,
    role: str = User.Role.MEMBER,
    *,
    password_hash: str = NO_PASSWORD,
) -> User:
    """A person who has finished signing up: adult, privacy notice accepted. A clinician has
    two-step sign-in set up, as a real one must before any clinic page opens."""
    user = User.objects.create(
        email=email,
        display_name=name,
        role=role,
        password=password_hash,
        privacy_version=PRIVACY_NOTICE_VERSION,
        adult_attested_at=ACCEPTED_AT,
        privacy_accepted_at=ACCEPTED_AT,
    )
    if role == User.Role.CLINICIAN:
        TwoFactor.objects.create(
            user=user, secret=CLINICIAN_TOTP_SECRET, confirmed_at=timezone.now()
        )
    return user


def couple(first: User, second: User) -> Couple:
    """Two people linked as partners."""
    made = Couple.objects.create()
    Membership.objects.create(couple=made, user=first)
    Membership.objects.create(couple=made, user=second)
    return made


def screened(*users: User) -> None:
    """The relationship safety check was taken, and it was clear."""
    for user in users:
        Screening.objects.create(user=user, instrument="hark", result="clear")


class Shares(TypedDict, total=False):
    """What a client shares on a new care link: ``care_link``'s keywords, for passing on."""

    results: bool
    sessions: bool
    reflections: bool
    risk_alerts: bool
    checkins: Iterable[str]


def care_link(
    client: User,
    clinician: User,
    *,
    results: bool = False,
    sessions: bool = False,
    reflections: bool = False,
    risk_alerts: bool = False,
    checkins: Iterable[str] = (),
) -> CareLink:
    """A new active link on which the client shares what is named, made through
    hearth.couples.sharing. ``reflections``: every part of every reflection the client has
    written so far."""
    link = CareLink.objects.create(client=client, clinician=clinician)
    for kind, on in (("results", results), ("sessions", sessions), ("risk_alerts", risk_alerts)):
        if on:
            sharing.choose(client, sharing.THERAPIST, kind, {""}, link=link)
    if checkins:
        sharing.choose(client, sharing.THERAPIST, "checkin", set(checkins), link=link)
    if reflections:
        for reflection in Reflection.objects.filter(user=client):
            for kind in sharing.PARTS.values():
                sharing.choose(
                    client, sharing.THERAPIST, kind, {""}, link=link, reflection=reflection
                )
    return link


def sitting(user: User, instrument_id: str, total: float, days_ago: int) -> Administration:
    """A completed questionnaire ``days_ago`` days ago, with answers that add up to
    ``total``."""
    when = timezone.now() - timedelta(days=days_ago)
    answers = answers_for(catalog.instruments()[instrument_id], int(total))
    row = sitting_row(user, instrument_id, total, when, answers=answers)
    row.save()
    return row


def sitting_row(
    user: User,
    instrument_id: str,
    total: float,
    when: datetime,
    *,
    answers: Mapping[str, int] | None = None,
) -> Administration:
    """A completed questionnaire taken at ``when``, not yet saved (for bulk_create); with no
    ``answers``, none are kept, as the model's default."""
    return Administration(
        user=user,
        instrument_id=instrument_id,
        instrument_version="1",
        status=Administration.Status.COMPLETED,
        due_date=when.date(),
        window_end=catalog.window_end(when.date()),
        started_at=when,
        completed_at=when,
        answers=dict(answers or {}),
        total=total,
    )


def checkin(user: User, days_ago: int = 0, **values: Any) -> CheckIn:
    """A daily check-in ``days_ago`` days ago with the given answers (mood=5, ...)."""
    day = timezone.localdate() - timedelta(days=days_ago)
    return CheckIn.objects.create(user=user, day=day, **values)


def program(pair: Couple, stage: str = "couple-1", *, days_in_stage: int = 0) -> Program:
    """A couple's program, in ``stage`` for ``days_in_stage`` days."""
    since = timezone.localdate() - timedelta(days=days_in_stage)
    return Program.objects.create(couple=pair, stage=stage, stage_since=since)
