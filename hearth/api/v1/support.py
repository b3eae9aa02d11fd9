"""What a safety outcome asks to show, for the person who submitted the answers only.

Never built for anyone else: endpoints pass the caller's own outcome, fresh from
``safety.actions.respond`` or recomputed from the caller's own sitting. The list comes from
the same function as every page (``safety.boxes.help_for``), in the same order.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema

from hearth.safety.boxes import focus_for, help_for
from hearth.safety.rules import RiskOutcome


class ResourceOut(Schema):
    kind: str
    name: str
    purpose: str
    phone: str | None  # one number: digits and an optional leading +
    phone_shown: str | None
    tel_url: str | None
    text: str | None
    text_word: str | None
    sms_url: str | None
    web: str | None
    hours: str | None
    tip: str | None
    silent: bool
    by_text: bool
    verified: date | None
    emergency: bool


class SupportOut(Schema):
    show_crisis_resources: bool
    offer_support_resources: bool
    offer_safety_plan: bool
    danger_from_someone: bool
    resources: list[ResourceOut]


def support(outcome: RiskOutcome, user: Any) -> dict[str, Any]:
    wanted = outcome.show_crisis_resources or outcome.offer_support_resources
    entries = help_for(user, focus_for(outcome)).entries if wanted else ()
    return {
        "show_crisis_resources": outcome.show_crisis_resources,
        "offer_support_resources": outcome.offer_support_resources,
        "offer_safety_plan": outcome.offer_safety_plan,
        "danger_from_someone": outcome.danger_from_someone,
        "resources": [
            {
                "kind": str(e.kind),
                "name": e.name,
                "purpose": e.purpose,
                "phone": e.phone,
                "phone_shown": e.shown_number,
                "tel_url": e.tel_url,
                "text": e.text,
                "text_word": e.text_word,
                "sms_url": e.sms_url,
                "web": e.web,
                "hours": e.hours or None,
                "tip": e.tip or None,
                "silent": e.silent,
                "by_text": e.by_text,
                "verified": e.last_checked,
                "emergency": e.kind == "emergency",
            }
            for e in entries
        ],
    }
