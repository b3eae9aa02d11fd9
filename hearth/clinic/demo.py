"""Fictional clinic data for the demo: Dr Lee linked with both demo partners, one homework.

Alex shares results and sessions, Sam shares results only. Safe to run again.
"""

from __future__ import annotations

from typing import Any

from hearth.clinic.models import CareLink, ClinicianProfile, Homework

CLINICIAN = "dr.lee@demo.invalid"
SHARES = {
    "alex@demo.invalid": {"results": True, "sessions": True},
    "sam@demo.invalid": {"results": True},
}
PROFILE = {
    "full_name": "Dr Jordan Lee (fictional)",
    "profession": "Couples and sex therapist",
    "registration_number": "DEMO-0000",
    "registration_body": "A fictional licensing board",
    "practice": "Demo Street Practice",
    "bio": "A made-up therapist for the demo. Works with couples on closeness and touch.",
}
HOMEWORK = (
    "Try the hand and arm touch twice this week, 20 minutes each. "
    "Take turns. Notice warmth and pressure. Write a few words after each time."
)


def load(people: dict[str, Any]) -> None:
    clinician = people.get(CLINICIAN)
    if clinician is None:
        return
    ClinicianProfile.objects.get_or_create(user=clinician, defaults=PROFILE)
    for email, scopes in SHARES.items():
        client = people.get(email)
        if client is None:
            continue
        link, created = CareLink.objects.get_or_create(
            client=client, clinician=clinician, status=CareLink.Status.ACTIVE, defaults=scopes
        )
        if created:
            Homework.objects.create(
                link=link, stage="couple-0", exercises=["hand-touch"], instructions=HOMEWORK
            )
