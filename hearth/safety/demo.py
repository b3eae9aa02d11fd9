"""Demo data for safety: each demo partner took a clear relationship safety check recently,
so the demo couple can use the couple program. Fictional, idempotent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from hearth.safety.models import Screening


def load(people: dict[str, Any]) -> None:
    taken = timezone.now() - timedelta(days=10)
    for user in people.values():
        if user.is_clinician or Screening.objects.filter(user=user).exists():
            continue
        screening = Screening.objects.create(user=user, instrument="hark", result="clear")
        Screening.objects.filter(pk=screening.pk).update(taken_at=taken)
