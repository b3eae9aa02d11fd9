"""Safety records. Private to the person: never shown, exported or served to a partner."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from hearth.core.crypto import EncryptedTextField, RowBoundField, RowBoundModel


class RiskEvent(RowBoundModel):
    """Something a person answered that needs a safety response (see safety.rules).

    The reasons are sealed for this row (``RowBoundField``); the flags beside them stay
    plain, so the caseload and the hold can still count and filter events."""

    class Source(models.TextChoices):
        QUESTIONNAIRE = "questionnaire", "Questionnaire"
        CHECKIN = "checkin", "Daily check-in"
        COERCION = "coercion", "Relationship safety check"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="risk_events"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    reasons = RowBoundField(json=True, default=list)  # reason codes from safety.rules
    level = models.CharField(max_length=16)
    ref = models.CharField(max_length=64, blank=True)  # e.g. "administration:12"
    alert_clinician = models.BooleanField(default=False)  # consented clinicians only
    pauses_couple = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"risk-{self.pk}"


class Screening(RowBoundModel):
    """One private relationship check. Only the result is kept, never the answers, and the
    result is sealed for this row (``RowBoundField``).

    ``instrument`` says which questions were asked: "hark" (the validated HARK questions,
    past year) or "hearth_relationship_safety" (the project's own four questions about
    "ever", used until 2026-12; their "I'd rather not say" counted as positive, so an old
    positive result means "positive or not answered" and keeps its pause).
    """

    class Result(models.TextChoices):
        CLEAR = "clear", "Clear"
        POSITIVE = "positive", "Positive"
        DECLINED = "declined", "Rather not say"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_screenings"
    )
    taken_at = models.DateTimeField(auto_now_add=True)
    instrument = models.CharField(max_length=40)
    result = RowBoundField(choices=Result.choices)

    class Meta:
        indexes = [models.Index(fields=["user", "-taken_at"])]

    def __str__(self) -> str:
        return f"screening-{self.pk}"

    @property
    def positive(self) -> bool:
        return bool(self.result == self.Result.POSITIVE)


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
