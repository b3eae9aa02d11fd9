"""Test helpers: a care link with chosen shares, made through hearth.couples.sharing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from hearth.accounts.models import User
from hearth.clinic.models import CareLink
from hearth.couples import sharing
from hearth.program.models import Reflection


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
    """A new active link on which the client shares what is named. ``reflections``: every
    part of every reflection the client has written so far."""
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
