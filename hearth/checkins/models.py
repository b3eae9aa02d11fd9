"""Daily check-ins, conversation tools, reminders and the calendar feed.

Everything is private to its author. A check-in's numbers stay plain (charts and insights
query them); the note is encrypted and never shared. What a person shares, and with whom, is
in hearth.couples.sharing. See ``access.py`` for the only ways to
load any of it for someone else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField, RowBoundField, RowBoundModel

USER = settings.AUTH_USER_MODEL


def _scale(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": 10}),
        name=f"checkin_{name}_0_to_10",
    )


class CheckIn(models.Model):
    """One person's check-in for one day. A day without a row stays missing."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="checkins")
    day = models.DateField()
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    stress = models.PositiveSmallIntegerField(null=True, blank=True)
    closeness = models.PositiveSmallIntegerField(null=True, blank=True)
    desire = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_hours = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    note = EncryptedTextField(blank=True)
    # Two separate questions, so that danger from someone else is never answered as if it
    # were thoughts of self-harm (see safety.rules).
    danger_from_someone = models.BooleanField(default=False)
    self_harm_thoughts = models.BooleanField(default=False)
    # The single "I do not feel safe" box of check-ins saved before the question was split.
    # It did not say unsafe from what, so old rows keep it as it was; new ones never set it.
    feels_unsafe = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_checkin_per_day"),
            *(_scale(n) for n in ("mood", "stress", "closeness", "desire")),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__gte=0, sleep_hours__lte=24),
                name="checkin_sleep_0_to_24",
            ),
        ]

    def __str__(self) -> str:
        return f"checkin-{self.pk}"


class PromptAnswer(models.Model):
    """One partner's private answer to a conversation prompt, within one couple."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="prompt_answers")
    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, related_name="prompt_answers"
    )
    prompt_id = models.CharField(max_length=40)
    text = EncryptedTextField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "couple", "prompt_id"], name="one_prompt_answer_each"
            )
        ]

    def __str__(self) -> str:
        return f"prompt-answer-{self.pk}"


class Wish(RowBoundModel):
    """One partner's yes, maybe or no for one item of the wishes list.

    The choice is sealed for its own row (``RowBoundField``): it cannot be read from the
    database, nor moved to another item or person, and nothing filters on it."""

    class Choice(models.TextChoices):
        YES = "yes", _("Yes")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No")

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="wishes")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="wishes")
    item_id = models.CharField(max_length=40)
    choice = RowBoundField(choices=Choice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "couple", "item_id"], name="one_wish_each")
        ]

    def __str__(self) -> str:
        return f"wish-{self.pk}"


class ReminderPreference(models.Model):
    """Which reminders a person wants and from what hour. No row means no reminders."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="reminder_pref")
    kinds = models.JSONField(default=list)  # e.g. ["checkin", "session"]
    hour = models.PositiveSmallIntegerField(default=19)  # local hour, 0-23
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(hour__lte=23), name="reminder_hour")]

    def __str__(self) -> str:
        return f"reminder-pref-{self.pk}"


class SentReminder(models.Model):
    """The log that makes sending idempotent: one row per person, kind and day."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="sent_reminders")
    kind = models.CharField(max_length=24)
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "day"], name="one_reminder_each")
        ]

    def __str__(self) -> str:
        return f"sent-reminder-{self.pk}"


class CalendarFeed(models.Model):
    """A private calendar link. Only a keyed digest of its token is stored."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_feed")
    token_digest = models.CharField(max_length=64, unique=True)
    # The language the person used when making the link: a calendar app fetches the feed
    # with no session or cookie, so this is the only way its words can be theirs.
    language = models.CharField(max_length=8, default="en", db_default="en")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar-feed-{self.pk}"
