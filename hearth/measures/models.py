"""Questionnaire schedules, administrations and sharing choices.

Scores stay plain numbers so they can be queried (charts, a clinician's caseload later);
the per-item answers sit beside them as JSON, sealed for their own row (RowBoundField).
Everything here is private to its owner unless its owner shares it (hearth.couples.sharing);
see ``access.py`` for the only ways to load it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.core.crypto import RowBoundField, RowBoundModel


class Schedule(models.Model):
    """When one person is next asked one questionnaire."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="measure_schedules"
    )
    instrument_id = models.CharField(max_length=40)
    interval_days = models.PositiveSmallIntegerField(default=14)
    next_due = models.DateField()
    # Optional instruments can be switched off again; the history is kept.
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "instrument_id"], name="one_schedule_each")
        ]

    def __str__(self) -> str:
        return f"schedule-{self.pk}"


class Administration(RowBoundModel):
    """One sitting of one questionnaire, from the first answer to the score."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Started"
        COMPLETED = "completed", "Done"
        MISSED = "missed", "Not taken"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="administrations"
    )
    instrument_id = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=40)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    due_date = models.DateField()
    window_end = models.DateField()
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    answers = RowBoundField(json=True, default=dict)  # item id -> chosen value
    total = models.FloatField(null=True, blank=True)
    band_id = models.CharField(max_length=40, blank=True)
    flags = models.JSONField(default=list)  # ids of raised flags
    derived = models.JSONField(default=dict)  # derived instrument id -> total (PHQ-2, ...)
    prorated = models.BooleanField(default=False)
    # The language the questions were asked in ("en", "de"): set when the sitting starts and
    # kept for every page, so one sitting is one language version. Scores never depend on it.
    language = models.CharField(max_length=8, default="en")

    class Source(models.TextChoices):
        HEARTH = "hearth", "Taken in Hearth"
        IMPORTED = "imported", "Imported from a FHIR file"

    # Where the answers came from: taken here, or read from a FHIR file (`hearth fhir import`).
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.HEARTH)

    class Meta:
        constraints = [
            # One sitting per due date; a second click on "start" resumes the first.
            models.UniqueConstraint(
                fields=["user", "instrument_id", "due_date"], name="one_sitting_per_due_date"
            ),
            models.UniqueConstraint(
                fields=["user", "instrument_id"],
                condition=Q(status="in_progress"),
                name="one_open_sitting",
            ),
        ]
        indexes = [models.Index(fields=["user", "instrument_id", "status", "completed_at"])]

    def __str__(self) -> str:
        return f"administration-{self.pk}"
