"""The audit log: event kinds and writing events. Call `record` from actions, inside their
transaction. Each app declares its own kinds with `kind()`; the account page shows labels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LABELS: dict[str, StrOrPromise] = {}


def kind(code: str, label: StrOrPromise) -> str:
    """Declare an event kind (a stable code such as "program.session_started").

    Pass the label as `gettext_lazy(...)`: kinds are declared at import time, and the label
    is only turned into text, in the reader's language, when a page shows it."""
    LABELS[code] = label
    return code


def label(code: str) -> str:
    return str(LABELS.get(code, code))


def pseudonym(user: Any) -> str:
    return f"user-{user.pk}" if user is not None and user.pk is not None else ""


def record(code: str, *, actor: Any = None, subject: Any = None, **detail: Any) -> Any:
    """Append one event. ``detail`` holds ids and codes only: never health data or text."""
    from hearth.core.models import AuditEvent

    subject = subject if subject is not None else actor
    return AuditEvent.objects.create(
        kind=code,
        actor=actor if actor is not None and actor.pk else None,
        actor_ref=pseudonym(actor),
        subject=subject if subject is not None and subject.pk else None,
        subject_ref=pseudonym(subject),
        detail=detail,
    )
