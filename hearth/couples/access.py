"""The one way to load couple objects for a person. Missing and forbidden look the same."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from hearth.accounts.models import User
from hearth.core.memo import per_request
from hearth.couples.models import Couple, Membership


@dataclass(frozen=True)
class Household:
    """The person's active membership and their partner (None and None when alone), and
    whether a partner's ending of their link waits to be told (the home page's notice)."""

    membership: Membership | None
    partner: User | None
    end_notice: bool = False


@per_request
def household(user: User) -> Household:
    """One query for all three answers: the active memberships of the couple the person is
    an active member of (their own and, when linked, the partner's), and the person's own
    ended membership whose notice waits. Asked on every page."""
    own_couple = Membership.objects.filter(user=user, left_at__isnull=True).values("couple_id")
    rows = Membership.objects.select_related("couple", "user").filter(
        Q(left_at__isnull=True, couple_id__in=own_couple) | Q(user=user, ended_notice_pending=True)
    )
    own = other = None
    notice = False
    for row in rows:
        if row.user_id == user.pk and row.ended_notice_pending:
            notice = True
        if row.left_at is not None:
            continue
        if row.user_id == user.pk:
            own = row
        else:
            other = row
    partner = other.user if other is not None and own is not None else None
    return Household(own, partner, notice)


def active_membership(user: User) -> Membership | None:
    return household(user).membership


def partner_of(user: User) -> User | None:
    return household(user).partner


def partners_ever(people: set[int]) -> set[int]:
    """Everyone who is or was in a couple with any of these people (kept pages' circle)."""
    together = Membership.objects.filter(couple__memberships__user__in=people)
    return set(together.values_list("user_id", flat=True))


def access_couple(user: User, couple_id: int) -> Couple:
    """The couple with this id if the user is an active member of it, else 404."""
    couple = Couple.objects.filter(
        pk=couple_id, memberships__user=user, memberships__left_at__isnull=True
    ).first()
    if couple is None:
        raise Http404("No such couple.")
    return couple
