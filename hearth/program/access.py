"""The one way to load program objects for a person. Missing and forbidden look the same.

A clinician is never a participant: every loader here answers 404 to a clinician.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.accounts.roles import require_member
from hearth.core.memo import per_request
from hearth.couples.access import household
from hearth.couples.sharing import PARTNER, shared_with
from hearth.program.models import Intake, Program, Reflection, Session


def current_program(user: User) -> Program | None:
    """The couple's program while linked, otherwise the person's own solo program."""
    membership = household(user).membership
    if membership is not None:
        return Program.objects.filter(couple_id=membership.couple_id).first()
    return Program.objects.filter(owner=user, couple__isnull=True).first()


@per_request
def own_intake(user: User) -> Intake | None:
    return Intake.objects.filter(user=user).first()


def visible_sessions(user: User) -> QuerySet[Session]:
    """Sessions of the person's current program (a former couple's program is not shown)."""
    program = current_program(user)
    if program is None:
        return Session.objects.none()
    return Session.objects.filter(program=program)


def access_session(user: User, session_id: int) -> Session:
    require_member(user)
    session = visible_sessions(user).select_related("program").filter(pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    return session


def access_own_reflection(user: User, session_id: int) -> Reflection:
    session = access_session(user, session_id)
    reflection = Reflection.objects.filter(session=session, user=user).first()
    if reflection is None:
        raise Http404("No such reflection.")
    return reflection


def shared_reflections(user: User, session: Session) -> list[tuple[Reflection, frozenset[str]]]:
    """The partner's reflection on this session with the parts they share with the viewer
    (never parts shared only with a therapist); empty when nothing is shared."""
    partner = household(user).partner
    if partner is None:
        return []
    shared = shared_with(partner, PARTNER)
    found = Reflection.objects.filter(
        session=session, user=partner, pk__in=list(shared.reflections)
    )
    return [(r, shared.parts(r.pk)) for r in found]
