"""A person's clinic data for their export, and its deletion with the account.

Clients get their links, their choices and the homework addressed to them. Clinicians get
their own profile and the list of their links, never their clients' data.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from hearth.accounts.models import User
from hearth.clinic.access import granted
from hearth.clinic.models import CareInvitation, CareLink, ClinicianProfile


def _link(link: CareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "client": f"user-{link.client_id}",
        "clinician": f"user-{link.clinician_id}",
        "status": link.status,
        "created_at": link.created_at.isoformat(),
        "ended_at": link.ended_at.isoformat() if link.ended_at else None,
        "shared": granted(link),
    }


def collect(user: User) -> dict[str, Any]:
    links = CareLink.objects.filter(Q(client=user) | Q(clinician=user)).order_by("pk")
    data: dict[str, Any] = {"care_links": [_link(link) for link in links]}
    data["homework"] = [
        {
            "link": h.link_id,
            "stage": h.stage,
            "exercises": h.exercises,
            "instructions": h.instructions,
            "created_at": h.created_at.isoformat(),
        }
        for link in links
        if link.client_id == user.pk
        for h in link.homework.order_by("pk")
    ]
    profile = ClinicianProfile.objects.filter(user=user).first()
    if profile is not None:
        data["clinician_profile"] = {
            name: getattr(profile, name)
            for name in (
                "full_name",
                "profession",
                "registration_number",
                "registration_body",
                "practice",
                "bio",
            )
        }
    return data


@transaction.atomic
def erase(user: User) -> None:
    """Links on either side (and their homework), invitations and the profile."""
    CareLink.objects.filter(Q(client=user) | Q(clinician=user)).delete()
    CareInvitation.objects.filter(inviter=user).delete()
    ClinicianProfile.objects.filter(user=user).delete()
