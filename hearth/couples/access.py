"""The one way to load couple objects for a person. Missing and forbidden look the same.

"Who am I, who is my partner, what is our couple" has one answer: ``household(user)``.
Every app asks it here (check-ins, the program, measures, safety, clinic, the API), so a
partner who left is gone everywhere at once. ``people_in`` answers who takes part in a
couple's (or one person's) shared things, and ``current_memberships`` is the one meaning
of "linked now" for queries over many people at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.core.memo import per_request
from hearth.couples.models import Couple, Membership


@dataclass(frozen=True)
class Household:
    """The person, their active membership and their partner (None and None when alone),
    and whether a partner's ending of their link waits to be told (the home page's notice).

    A partner is set only together with the person's own membership, so ``is_couple``
    also means there is a couple to act on."""

    user: User
    membership: Membership | None
    partner: User | None
    end_notice: bool = False

    @property
    def is_couple(self) -> bool:
        return self.partner is not None

    @property
    def alone(self) -> bool:
        return self.partner is None

    @property
    def couple(self) -> Couple | None:
        return self.membership.couple if self.membership is not None else None

    @property
    def couple_id(self) -> int | None:
        return self.membership.couple_id if self.membership is not None else None

    @property
    def partner_id(self) -> int | None:
        return self.partner.pk if self.partner is not None else None

    @property
    def people(self) -> list[User]:
        """The person first, then the partner when linked."""
        return [self.user] if self.partner is None else [self.user, self.partner]


@per_request
def household(user: User) -> Household:
    """One query for all three answers: the active memberships of the couple the person is
    an active member of (their own and, when linked, the partner's), and the person's own
    ended membership whose notice waits. Asked on every page."""
    own_couple = current_memberships().filter(user=user).values("couple_id")
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
    return Household(user, own, partner, notice)


def current_memberships() -> QuerySet[Membership]:
    """Memberships that have not ended: what "linked now" means in any query."""
    return Membership.objects.filter(left_at__isnull=True)


def people_in(couple_id: int | None, owner_id: int | None = None) -> list[int]:
    """Who takes part in something a couple, or one person on their own, owns (a program,
    its sessions): the couple's current members, else the owner alone, else nobody."""
    if couple_id is None:
        return [owner_id] if owner_id is not None else []
    return list(current_memberships().filter(couple_id=couple_id).values_list("user_id", flat=True))


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
