"""What a safety outcome asks to show, for the person who submitted the answers only.

Never built for anyone else: endpoints pass the caller's own outcome, fresh from
``safety.actions.respond`` or recomputed from the caller's own sitting.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema

from hearth.safety.boxes import region_resources
from hearth.safety.rules import RiskOutcome


class ResourceOut(Schema):
    name: str
    purpose: str
    phone: str | None
    text: str | None
    web: str | None
    hours: str | None
    emergency: bool


class SupportOut(Schema):
    show_crisis_resources: bool
    offer_support_resources: bool
    offer_safety_plan: bool
    resources: list[ResourceOut]


def support(outcome: RiskOutcome) -> dict[str, Any]:
    wanted = outcome.show_crisis_resources or outcome.offer_support_resources
    entries = region_resources().entries if wanted else ()
    return {
        "show_crisis_resources": outcome.show_crisis_resources,
        "offer_support_resources": outcome.offer_support_resources,
        "offer_safety_plan": outcome.offer_safety_plan,
        "resources": [
            {
                "name": e.name,
                "purpose": e.purpose,
                "phone": e.phone,
                "text": e.text,
                "web": e.web,
                "hours": e.hours,
                "emergency": e.emergency,
            }
            for e in entries
        ],
    }
