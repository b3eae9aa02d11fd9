"""The last run of each scheduled command, so the metrics page can say whether the timer
still fires (a reminder job that stopped running is otherwise noticed by nobody)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from hearth.ops.models import JobRun


@contextmanager
def recorded(name: str) -> Iterator[None]:
    JobRun.objects.update_or_create(
        name=name, defaults={"started_at": timezone.now(), "finished_at": None, "ok": False}
    )
    ok = False
    try:
        yield
        ok = True
    finally:
        JobRun.objects.filter(name=name).update(finished_at=timezone.now(), ok=ok)
