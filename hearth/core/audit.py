"""Writing audit events. Call from actions, inside their transaction."""

from __future__ import annotations

from typing import Any

from hearth.core.models import AuditEvent


def pseudonym(user: Any) -> str:
    return f"user-{user.pk}" if user is not None and user.pk is not None else ""


def record(kind: str, *, actor: Any = None, subject: Any = None, **detail: Any) -> AuditEvent:
    subject = subject if subject is not None else actor
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        actor_ref=pseudonym(actor),
        subject=subject if subject is not None and subject.pk else None,
        subject_ref=pseudonym(subject),
        detail=detail,
    )
