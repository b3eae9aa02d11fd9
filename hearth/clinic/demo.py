"""Fictional clinic data for the demo: Dr Lee linked with both demo partners, one homework.

Alex shares results and the session log, Sam shares results only: so Dr Lee sees Alex's
own session days, and the session log waits for Sam's yes. Safe to run again.
"""

from __future__ import annotations

from typing import Any

from hearth.clinic.models import CareLink, ClinicianProfile, Homework
from hearth.couples import sharing

CLINICIAN = "dr.lee@demo.invalid"
SHARES = {
    "alex@demo.invalid": ("results", "sessions"),
    "sam@demo.invalid": ("results",),
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
    for email, kinds in SHARES.items():
        client = people.get(email)
        if client is None:
            continue
        link, created = CareLink.objects.get_or_create(
            client=client, clinician=clinician, status=CareLink.Status.ACTIVE
        )
        if created:
            for kind in kinds:
                sharing.choose(client, sharing.THERAPIST, kind, {""}, link=link)
            Homework.objects.create(
                link=link, stage="couple-0", exercises=["hand-touch"], instructions=HOMEWORK
            )
