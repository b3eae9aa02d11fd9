"""Safety's access functions: what its pages and the other apps may read of a person's
safety state. Nothing here writes; the changes are in actions.py.

The partner side only ever asks ``couple_exercises_allowed``, which says yes or no and never
why. A person's own pause, check and plan are read only for that person.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.utils import timezone

from hearth.accounts.models import User
from hearth.core.memo import per_request
from hearth.couples.access import household
from hearth.safety.coercion import is_due
from hearth.safety.models import RiskEvent, SafetyPlanRecord, Screening
from hearth.safety.plan import SafetyPlan, build_plan

# A pause for danger ends only by the person's own explicit choice, and not before this
# many days: never by retaking the check, which someone could make them do on the spot.
# A project choice: long enough to reach help and think, short enough not to trap anyone.
MIN_PAUSE_DAYS = 7


def active_pause(user: User) -> bool:
    return RiskEvent.objects.filter(
        user=user, pauses_couple=True, resolved_at__isnull=True
    ).exists()


@per_request
def couple_exercises_allowed(user: User) -> bool:
    """For a couple: False while either partner has an unresolved pause, or has not
    answered the relationship check recently (screen each partner before couple work:
    docs/clinical.md#safety-routing). Says nothing about why or whose: both partners see the
    same "paused for now". A person without a partner has no couple exercises to hold back."""
    partner = household(user).partner
    if partner is None:
        return True
    latest = _latest_screenings(frozenset({user.pk, partner.pk}))
    if any(not _answered(latest.get(person.pk)) for person in (user, partner)):
        return False
    return not risk_facts(frozenset({user.pk, partner.pk})).paused


@dataclass(frozen=True, slots=True)
class RiskFacts:
    """What several pages ask of a person's (or a couple's) risk answers, read together."""

    paused: bool  # an unresolved pause of couple work
    newest: datetime | None  # when the newest risk result was noted


@per_request
def risk_facts(people: frozenset[int]) -> RiskFacts:
    """The pause and the newest risk result of these people (the program's panel asks both
    of the same couple on every home page load), read with their relationship checks."""
    return _safety_of(people)[1]


def _latest_screenings(people: frozenset[int]) -> dict[int, Screening]:
    """Each person's newest relationship check, for both partners in one query."""
    return _safety_of(people)[0]


@per_request
def _safety_of(people: frozenset[int]) -> tuple[dict[int, Screening], RiskFacts]:
    """Each person's newest relationship check, and the pause and newest risk result of
    them all, in one query: the couple's safety gate asks for both on every page that shows
    couple work. The risk answers come as two columns on each check's row; people who never
    took a check have no row, and then the risk answers are read on their own."""
    risk = RiskEvent.objects.filter(user_id__in=people)
    pausing = risk.filter(pauses_couple=True, resolved_at__isnull=True)
    newest_risk = risk.order_by("-created_at").values("created_at")[:1]
    newest = Screening.objects.filter(user_id=OuterRef("user_id")).order_by("-taken_at", "-pk")
    rows = list(
        Screening.objects.filter(user_id__in=people, pk=Subquery(newest.values("pk")[:1])).annotate(
            risk_paused=Exists(pausing), risk_newest=Subquery(newest_risk)
        )
    )
    if not rows:
        found = risk.aggregate(
            paused=Count("pk", filter=Q(pauses_couple=True, resolved_at__isnull=True)),
            newest=Max("created_at"),
        )
        return {}, RiskFacts(paused=bool(found["paused"]), newest=found["newest"])
    first = rows[0].__dict__  # the two annotated columns, the same on every row
    facts = RiskFacts(paused=bool(first["risk_paused"]), newest=first["risk_newest"])
    return {row.user_id: row for row in rows}, facts


def _answered(last: Screening | None) -> bool:
    """Answered recently: taken within the interval, and not left at "rather not say"."""
    if last is None or last.result == Screening.Result.DECLINED:
        return False
    return not is_due(timezone.localdate(last.taken_at), timezone.localdate())


@per_request
def screening_due(user: User) -> bool:
    """True when the person should be asked the relationship check now: in a couple, never
    taken or taken more than the interval ago. A person without a partner is never asked
    about "your partner" (they can still open the check themselves)."""
    partner = household(user).partner
    if partner is None:
        return False
    last = _latest_screenings(frozenset({user.pk, partner.pk})).get(user.pk)
    return is_due(timezone.localdate(last.taken_at) if last else None, timezone.localdate())


def active_pauses(user: User) -> list[RiskEvent]:
    """The person's own unresolved pauses, newest first. Never anyone else's."""
    return list(
        RiskEvent.objects.filter(user=user, pauses_couple=True, resolved_at__isnull=True).order_by(
            "-created_at"
        )
    )


@dataclass(frozen=True, slots=True)
class PauseState:
    since: date  # the day the oldest open pause began
    can_end_from: date  # MIN_PAUSE_DAYS after the newest one

    def can_end(self, today: date) -> bool:
        return today >= self.can_end_from


def pause_state(user: User) -> PauseState | None:
    """The person's own pause, as one thing: since when, and from when they may end it."""
    days = [timezone.localdate(p.created_at) for p in active_pauses(user)]
    if not days:
        return None
    return PauseState(since=min(days), can_end_from=max(days) + timedelta(days=MIN_PAUSE_DAYS))


def load_plan(user: User) -> SafetyPlan:
    """The person's own plan (empty when they have not written one)."""
    record = SafetyPlanRecord.objects.filter(user=user).first()
    if record is None or not record.steps:
        return build_plan({})
    return build_plan(json.loads(record.steps))
