"""A person's data export: everything Hearth holds about them, in JSON and as FHIR.

Each app adds its own part through its `exporter` hook (see hearth.core.registry); this
module adds the account itself and the person's audit log.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hearth.accounts.actions import two_factor_on, unused_recovery_codes
from hearth.accounts.models import User
from hearth.core import audit, registry

FORMAT_VERSION = 1


def account_part(user: User) -> dict[str, Any]:
    """The account's fields, without the password hash or any secret."""
    return {
        "id": user.pk,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "adult_attested_at": user.adult_attested_at,
        "privacy_accepted_at": user.privacy_accepted_at,
        "privacy_version": user.privacy_version,
        "theme": user.theme,
        "language": user.language,
        "two_step_sign_in": two_factor_on(user),
        "unused_recovery_codes": unused_recovery_codes(user),
    }


def audit_part(user: User) -> list[dict[str, Any]]:
    events = audit.involving(user)
    return [
        {
            "when": event.created_at,
            "kind": event.kind,
            "what": event.label,
            "by": event.actor_ref,
            "about": event.subject_ref,
            "detail": event.detail,
        }
        for event in events
    ]


def collect(user: User, *, leave_out_safety: bool = False) -> dict[str, Any]:
    data = {
        "format": "hearth-export",
        "version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "account": account_part(user),
        "activity": audit_part(user),
        "apps": {label: collect_app(user) for label, collect_app in registry.exporters()},
    }
    if leave_out_safety:
        # The person chose a file without their safety answers: what counts as one is the
        # safety app's knowledge (its `leave_out_safety` hook, hearth.safety.export).
        for leave_out in registry.safety_leavers():
            leave_out(data)
        data["left_out"] = ["safety_answers"]
    return data


def fhir_bundle(user: User) -> dict[str, Any]:
    """The person's questionnaire results as a FHIR R4 collection Bundle, from the app that
    gives the `fhir_bundle` hook (measures)."""
    make = registry.fhir_bundle()
    if make is None:
        raise LookupError("No installed app gives the FHIR export (the fhir_bundle hook).")
    return make(user)
