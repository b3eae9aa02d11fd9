"""The audit log: event kinds, writing events and reading them back.

This module is the only way in and out of `AuditEvent`. Actions call `record` (one event) or
`record_many` (the same event for many people, one INSERT) inside their transaction; pages
and exports read through `about`, `involving` and `subjects_recorded_since`. Rows are
append-only: the model's manager refuses update() and delete(), and `erase_before` is the
one deliberate way rows leave (the operator's retention setting, run by housekeeping).
Each app declares its own kinds with `kind()`; the account page shows labels."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from hearth.core.models import AuditEvent

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


def _ref(pk: int) -> str:
    return f"user-{pk}"


def record(code: str, *, actor: Any = None, subject: Any = None, **detail: Any) -> AuditEvent:
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


def record_many(code: str, *, actor: Any, subject_ids: Iterable[int], **detail: Any) -> None:
    """Append the same event about each of several people (given by id), in one INSERT.

    Nothing at all when there is nobody: even an empty bulk insert opens a transaction, and
    on SQLite that takes the write lock, so a read page would queue behind every writer."""
    from hearth.core.models import AuditEvent

    rows = [
        AuditEvent(
            kind=code,
            actor=actor if actor is not None and actor.pk else None,
            actor_ref=pseudonym(actor),
            subject_id=pk,
            subject_ref=_ref(pk),
            detail=detail,
        )
        for pk in sorted(set(subject_ids))
    ]
    if rows:
        AuditEvent.objects.bulk_create(rows)


# --- Reading ------------------------------------------------------------------------------


def about(user: Any) -> QuerySet[AuditEvent]:
    """The events about this person (their activity log), newest first, with the actor."""
    from hearth.core.models import AuditEvent

    return AuditEvent.objects.filter(subject=user).select_related("actor")


def involving(user: Any) -> QuerySet[AuditEvent]:
    """Every event this person did or that concerns them, oldest first (for the export)."""
    from django.db.models import Q

    from hearth.core.models import AuditEvent

    return AuditEvent.objects.filter(Q(subject=user) | Q(actor=user)).order_by("created_at", "id")


def subjects_recorded_since(
    code: str, *, actor: Any, subject_ids: Iterable[int], since: datetime
) -> set[int]:
    """Which of these people already have a ``code`` event by ``actor`` since ``since``."""
    from hearth.core.models import AuditEvent

    return set(
        AuditEvent.objects.filter(
            kind=code, actor=actor, subject_id__in=sorted(set(subject_ids)), created_at__gte=since
        ).values_list("subject_id", flat=True)
    )


# --- The one way rows leave -----------------------------------------------------------------


def erase_before(cutoff: datetime) -> int:
    """Remove every event older than ``cutoff``; how many went.

    The operator's retention setting (HEARTH_AUDIT_RETENTION_DAYS, run by housekeeping) is
    the only reason rows are ever removed. This goes past the guarded ``objects`` through
    Django's plain base manager, and nothing else in Hearth does. Deleting an account keeps
    its rows: Django's deletion nulls their foreign keys (on_delete=SET_NULL, through that
    same base manager) and the pseudonyms stay."""
    from hearth.core.models import AuditEvent

    removed, _per_model = AuditEvent._base_manager.filter(created_at__lt=cutoff).delete()
    return int(removed)
