"""The one way to load clinic objects. Missing and forbidden look the same (404).

A clinician reaches a client only through an active care link, and each kind of data only
as the client shares it with that clinician (hearth.couples.sharing.shared_with). Every
check reads the database on each request, so a change of consent takes effect on the very
next page load.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from hearth.accounts.models import User
from hearth.accounts.roles import require_clinician, require_member
from hearth.clinic.models import CareLink, ClinicianProfile, Homework
from hearth.couples.sharing import THERAPIST, CareLinkLike, Shared, shared_with


def care_counterparts(people: set[int]) -> set[int]:
    """The therapists of these people and the clients of those who are therapists, by any
    care link, ended ones too (kept pages' circle)."""
    links = CareLink.objects.filter(Q(client__in=people) | Q(clinician__in=people))
    return {pk for pair in links.values_list("client_id", "clinician_id") for pk in pair}


def links_of_client(client: User) -> list[CareLinkLike]:
    """The client's active care links, for sharing below this app (its `care_links` hook);
    typed as sharing's shape so that mypy checks a CareLink still fits it."""
    return list(CareLink.objects.filter(client=client, status=CareLink.Status.ACTIVE))


def active_links(clinician: User) -> QuerySet[CareLink]:
    return CareLink.objects.filter(clinician=clinician, status=CareLink.Status.ACTIVE)


def access_client_link(clinician: User, client_id: int, scope: str | None = None) -> CareLink:
    """The clinician's active link to this client (with ``scope`` granted, if given)."""
    require_clinician(clinician)
    link = active_links(clinician).select_related("client").filter(client_id=client_id).first()
    if link is None or (scope is not None and not granted(link)[scope]):
        raise Http404("No such client.")
    return link


def client_links(client: User) -> QuerySet[CareLink]:
    """The client's own active links, newest first, with each clinician's profile."""
    return (
        CareLink.objects.filter(client=client, status=CareLink.Status.ACTIVE)
        .select_related("clinician", "clinician__clinician_profile")
        .order_by("-created_at", "-pk")
    )


def access_own_link(client: User, link_id: int) -> CareLink:
    """One of the client's own active links, else 404 (also for the clinician on it)."""
    require_member(client)
    link = client_links(client).filter(pk=link_id).first()
    if link is None:
        raise Http404("No such link.")
    return link


def profile_of(clinician: User) -> ClinicianProfile | None:
    return ClinicianProfile.objects.filter(user=clinician).first()


def _homework_on_active_links() -> QuerySet[Homework]:
    return Homework.objects.filter(link__status=CareLink.Status.ACTIVE)


def homework_waits() -> Exists:
    """For core.facts: has the person (the outer row) any homework that homework_for gives?
    The same rows, so a yes here and an empty list there cannot disagree."""
    return Exists(_homework_on_active_links().filter(link__client=OuterRef("pk")))


def homework_for(client: User) -> QuerySet[Homework]:
    """Homework addressed to the client on links that are still active, newest first."""
    return (
        _homework_on_active_links()
        .filter(link__client=client)
        .select_related("link__clinician__clinician_profile")  # the panel names the clinician
        .order_by("-created_at", "-pk")
    )


def shared(link: CareLink) -> Shared:
    """What the client shares with the clinician on this link (nothing once it ended)."""
    return shared_with(link.client, THERAPIST, link.clinician)


def granted(link: CareLink) -> dict[str, bool]:
    """Which sections may be shown: see Shared.scopes."""
    return shared(link).scopes
