"""What housekeeping and the scheduled jobs remember between runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class InactivityNotice(models.Model):
    """The email that told a person their account has not been used for a long time.

    One row per person. A sign-in after ``warned_at`` makes it stale: the account is then
    in use again, and a later quiet spell brings a new notice (the row is updated).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_notice"
    )
    warned_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"inactivity-notice-{self.pk}"


class JobRun(models.Model):
    """The last run of each scheduled command, for the metrics page (is the timer working?)."""

    name = models.CharField(max_length=40, primary_key=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name
