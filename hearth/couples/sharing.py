"""What each person shares with whom: the one place that reads and changes ``Share`` rows.

Two kinds of recipient exist. A partner sees what the person shares with the couple they
are in now. A therapist sees what the person shares on the care link with that therapist.
Nothing given to one recipient ever shows to the other: a reflection shared with the
partner is not on the therapist's page, and the other way round.

The session log describes both partners, so a therapist sees it only when both partners
let that same therapist see it (``log_allowed``). Until then the therapist sees only the
consenting person's own participation: the days they checked in for a session.

Every page, report, export, the API and the caseload ask ``shared_with`` (the caseload asks
``annotate_links``, which reads the same rows as EXISTS columns beside each link).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.utils.translation import gettext_noop

from hearth.core import registry
from hearth.core.errors import Refused
from hearth.couples.access import household
from hearth.couples.models import (
    DETAIL_KINDS,
    PARTNER_KINDS,
    REFLECTION_KINDS,
    THERAPIST_KINDS,
    Share,
)

if TYPE_CHECKING:
    from hearth.accounts.models import User


# Care links belong to clinic and reflections to the program, both above this app: sharing
# names only what it reads of them, and clinic hands the person's links down (its
# `care_links` hook). Their models satisfy these shapes; mypy checks it where they are passed.
class CareLinkLike(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def client_id(self) -> int: ...
    @property
    def clinician_id(self) -> int: ...
    @property
    def clinician(self) -> User: ...
    @property
    def is_active(self) -> bool: ...


class ReflectionLike(Protocol):
    @property
    def pk(self) -> Any: ...
    @property
    def user_id(self) -> int: ...
    @property
    def user(self) -> User: ...


Links = TypeVar("Links", bound=Model)

PARTNER = Share.To.PARTNER
THERAPIST = Share.To.THERAPIST
Kind = Share.Kind

# The three parts of a reflection, by the names pages and the API use.
PARTS = {
    "numbers": Kind.REFLECTION_NUMBERS,
    "distractions": Kind.REFLECTION_DISTRACTIONS,
    "text": Kind.REFLECTION_TEXT,
}
PART_OF = {str(kind): part for part, kind in PARTS.items()}
# What a therapist is shown or not on the care link itself (the rest is chosen where it is
# written: each reflection, and the check-in page).
LINK_KINDS = (Kind.RESULTS, Kind.SESSIONS, Kind.RISK_ALERTS)

NEVER_TO_PARTNER = gettext_noop(
    "Safety alerts, the session log and all questionnaire results at once go only to a "
    "therapist. They never go to a partner."
)
NEVER_TO_THERAPIST = gettext_noop(
    "A therapist sees all your questionnaire results or none. Choosing one at a time is "
    "only for your partner."
)
NO_PARTNER = gettext_noop("You are not linked with a partner at the moment.")
NO_THERAPIST = gettext_noop("You are not linked with a therapist at the moment.")
NOT_YOURS = gettext_noop("That choice is not one of the kinds of data listed.")


class SharingError(Refused):
    """A sharing choice that is not allowed; str(error) is a message for the person."""


@dataclass(frozen=True)
class Shared:
    """Everything one person shares with one recipient. Empty means nothing is shared."""

    checkin: frozenset[str] = frozenset()  # check-in measure codes
    instruments: frozenset[str] = frozenset()  # questionnaire ids (partner only)
    results: bool = False  # every questionnaire result (therapist only)
    sessions_own: bool = False  # this person lets the therapist see the session log
    sessions: bool = False  # ... and so does their partner (or they are on their own)
    risk_alerts: bool = False
    reflections: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def parts(self, reflection_id: int) -> frozenset[str]:
        """The parts ("numbers", "distractions", "text") of one reflection shared."""
        return self.reflections.get(reflection_id, frozenset())

    @property
    def participation(self) -> bool:
        """Only the person's own session days: they said yes, their partner not (yet)."""
        return self.sessions_own and not self.sessions

    @property
    def scopes(self) -> dict[str, bool]:
        """Which sections a therapist's page, report or the API may show."""
        return {
            "results": self.results,
            "checkins": bool(self.checkin),
            "sessions": self.sessions,
            "participation": self.participation,
            "reflections": bool(self.reflections),
            "risk_alerts": self.risk_alerts,
        }


NOTHING = Shared()


def log_allowed(own: bool, has_partner: bool, partner_own: bool) -> bool:
    """The session log goes to a therapist only with both partners' yes to that therapist."""
    return own and (not has_partner or partner_own)


def _rows(owner: User, to: str, clinician: User | None) -> QuerySet[Share] | None:
    if to == PARTNER:
        couple_id = household(owner).couple_id
        if couple_id is None:
            return None
        return Share.objects.filter(owner=owner, to=PARTNER, couple_id=couple_id)
    if to != THERAPIST or clinician is None:
        raise ValueError("A therapist share needs the clinician.")
    return Share.objects.filter(
        owner=owner, to=THERAPIST, link__clinician=clinician, link__status="active"
    )


def partner_lets_see_log(owner: User, clinician: User) -> bool:
    partner = household(owner).partner
    if partner is None:
        return True
    return Share.objects.filter(
        owner=partner,
        to=THERAPIST,
        kind=Kind.SESSIONS,
        link__clinician=clinician,
        link__status="active",
    ).exists()


def shared_with(owner: User, to: str, clinician: User | None = None) -> Shared:
    """What ``owner`` shares with their partner (``to="partner"``) or with the therapist
    ``clinician`` (``to="therapist"``). A recipient who is not linked now gets nothing."""
    rows = _rows(owner, to, clinician)
    if rows is None:
        return NOTHING
    details: dict[str, set[str]] = defaultdict(set)
    reflections: dict[int, set[str]] = defaultdict(set)
    for kind, detail, reflection_id in rows.values_list("kind", "detail", "reflection_id"):
        if reflection_id is not None:
            reflections[reflection_id].add(PART_OF[kind])
        else:
            details[kind].add(detail)
    own_log = to == THERAPIST and bool(details.get(Kind.SESSIONS))
    return Shared(
        checkin=frozenset(details.get(Kind.CHECKIN, ())),
        instruments=frozenset(details.get(Kind.INSTRUMENT, ())),
        results=bool(details.get(Kind.RESULTS)),
        sessions_own=own_log,
        sessions=own_log and partner_lets_see_log(owner, clinician),  # type: ignore[arg-type]
        risk_alerts=bool(details.get(Kind.RISK_ALERTS)),
        reflections={pk: frozenset(parts) for pk, parts in reflections.items()},
    )


def annotate_links(links: QuerySet[Links]) -> QuerySet[Links]:
    """Each link with one EXISTS column per kind chosen on it (``share_results`` and so on),
    ``share_checkin`` and ``share_reflections`` (any part of any reflection): the caseload
    reads every choice in the query that lists links."""
    columns: dict[str, Any] = {
        f"share_{kind}": Exists(Share.objects.filter(link=OuterRef("pk"), kind=kind))
        for kind in (*LINK_KINDS, Kind.CHECKIN)
    }
    parts = Share.objects.filter(link=OuterRef("pk"), kind__in=REFLECTION_KINDS)
    annotated: QuerySet[Links] = links.annotate(**columns, share_reflections=Exists(parts))
    return annotated


# ---------------------------------------------------------------------------------------------
# Changing choices. Callers (each app's actions) run these inside their transaction and
# write their own audit rows.


def check_kind(to: str, kind: str) -> None:
    if to == PARTNER and kind not in PARTNER_KINDS:
        raise SharingError(NEVER_TO_PARTNER)
    if to == THERAPIST and kind not in THERAPIST_KINDS:
        raise SharingError(NEVER_TO_THERAPIST)
    if to not in (PARTNER, THERAPIST):
        raise SharingError(NOT_YOURS)


def partner_couple_id(owner: User) -> int:
    home = household(owner)
    if home.couple_id is None or home.alone:
        raise SharingError(NO_PARTNER)
    return home.couple_id


def therapist_links(owner: User) -> list[CareLinkLike]:
    """The owner's active care links: "my therapist" on a form means each of them. None
    without the clinic app."""
    links = registry.care_links()
    return links(owner) if links is not None else []


def choose(
    owner: User,
    to: str,
    kind: str,
    wanted: Iterable[str],
    *,
    couple_id: int | None = None,
    link: CareLinkLike | None = None,
    reflection: ReflectionLike | None = None,
) -> tuple[set[str], set[str]]:
    """Share exactly ``wanted`` of ``kind`` with one recipient: details (check-in measures or
    questionnaire ids), or ``{""}`` for yes and ``()`` for no. Returns (added, removed)."""
    check_kind(to, kind)
    if to == PARTNER and couple_id is None:
        raise SharingError(NO_PARTNER)
    if to == THERAPIST and (link is None or link.client_id != owner.pk or not link.is_active):
        raise SharingError(NO_THERAPIST)
    if (kind in REFLECTION_KINDS) != (reflection is not None):
        raise SharingError(NOT_YOURS)
    if reflection is not None and reflection.user_id != owner.pk:
        raise SharingError(NOT_YOURS)
    wanted = set(wanted)
    if ("" in wanted) if kind in DETAIL_KINDS else bool(wanted - {""}):
        raise SharingError(NOT_YOURS)
    target: dict[str, Any] = {"couple_id": couple_id} if to == PARTNER else {"link": link}
    # By id: the reflection model is the program's, above this app (ReflectionLike).
    target["reflection_id"] = reflection.pk if reflection is not None else None
    rows = Share.objects.filter(owner=owner, to=to, kind=kind, **target)
    have = set(rows.values_list("detail", flat=True))
    removed, added = have - wanted, wanted - have
    if removed:
        rows.filter(detail__in=removed).delete()
    Share.objects.bulk_create(
        Share(owner=owner, to=to, kind=kind, detail=d, **target) for d in sorted(added)
    )
    return added, removed


def choose_reflection(
    reflection: ReflectionLike, to: str, parts: Iterable[str], *, couple_id: int | None = None
) -> bool:
    """Share exactly these parts of one reflection with the partner, or with every therapist
    the person is linked with now. Returns whether anything changed."""
    parts = set(parts)
    if parts - set(PARTS):
        raise SharingError(NOT_YOURS)
    owner = reflection.user
    targets: list[dict[str, Any]]
    if to == PARTNER:
        targets = [{"couple_id": couple_id}] if couple_id is not None else []
        if parts and not targets:
            raise SharingError(NO_PARTNER)
    else:
        targets = [{"link": link} for link in therapist_links(owner)]
        if parts and not targets:
            raise SharingError(NO_THERAPIST)
    changed = False
    for target in targets:
        for part, kind in PARTS.items():
            wanted = {""} if part in parts else set()
            added, removed = choose(owner, to, kind, wanted, reflection=reflection, **target)
            changed = changed or bool(added or removed)
    return changed


def reflection_choices(reflection: ReflectionLike) -> dict[str, set[str]]:
    """The parts of one reflection shared now: {"partner": {...}, "therapist": {...}}.
    "therapist" counts a part shared with any therapist on an active link."""
    couple_id = household(reflection.user).couple_id
    rows = Share.objects.filter(reflection_id=reflection.pk).filter(
        Q(to=PARTNER, couple_id=couple_id) | Q(to=THERAPIST, link__status="active")
    )
    chosen: dict[str, set[str]] = {PARTNER: set(), THERAPIST: set()}
    for to, kind in rows.values_list("to", "kind"):
        chosen[to].add(PART_OF[kind])
    return chosen


def erase(user: User) -> None:
    """Everything the person shared, with anyone (account deletion)."""
    Share.objects.filter(owner=user).delete()
