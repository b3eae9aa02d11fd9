"""The one way to load couple objects for a person. Missing and forbidden look the same."""

from __future__ import annotations

from django.http import Http404

from hearth.accounts.models import User
from hearth.couples.models import Couple, Membership


def active_membership(user: User) -> Membership | None:
    return (
        Membership.objects.select_related("couple").filter(user=user, left_at__isnull=True).first()
    )


def partner_of(user: User) -> User | None:
    # One query, not two (the person's membership, then the other's): this runs several
    # times on every home page load. The couple must hold both as active members.
    other = (
        Membership.objects.select_related("user")
        .filter(
            left_at__isnull=True,
            couple__memberships__user=user,
            couple__memberships__left_at__isnull=True,
        )
        .exclude(user=user)
        .first()
    )
    return other.user if other else None


def access_couple(user: User, couple_id: int) -> Couple:
    """The couple with this id if the user is an active member of it, else 404."""
    couple = Couple.objects.filter(
        pk=couple_id, memberships__user=user, memberships__left_at__isnull=True
    ).first()
    if couple is None:
        raise Http404("No such couple.")
    return couple
