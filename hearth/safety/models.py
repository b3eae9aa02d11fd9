"""Safety records. Private to the person: never shown, exported or served to a partner."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core.crypto import EncryptedTextField


class RiskEvent(models.Model):
    """Something a person answered that needs a safety response (see safety.rules)."""

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "Questionnaire"
        CHECKIN = "checkin", "Daily check-in"
        COERCION = "coercion", "Relationship safety check"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_events"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    reasons = models.JSONField(default=list)  # reason codes from safety.rules
    level = models.CharField(max_length=16)
    ref = models.CharField(max_length=64, blank=True)  # e.g. "administration:12"
    alert_clinician = models.BooleanField(default=False)  # consented clinicians only
    pauses_couple = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"risk-{self.pk}"


class Screening(models.Model):
    """One private relationship safety check. Only the result is kept, not the answers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_screenings"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    positive = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["user", "-taken_at"])]

    def __str__(self) -> str:
        return f"screening-{self.pk}"


class SafetyPlanRecord(models.Model):
    """A person's own safety plan: one row per person, every step inside one encrypted value.

    One encrypted JSON value rather than a row per step: the number of filled steps would
    otherwise be visible to anyone reading the database, and the plan is always read whole.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    steps = EncryptedTextField(blank=True, default="")  # JSON: step id -> the person's text
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"safety-plan-{self.pk}"


class HelpRegion(models.Model):
    """The country whose help lines a person sees, when they chose one themselves.

    No row: the operator's region (HEARTH_REGION). A person may live elsewhere than the
    server, and help lines only work in their own country.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="help_region"
    )
    region = models.CharField(max_length=8)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"help-region-{self.pk}"
