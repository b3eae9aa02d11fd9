"""Clinician profiles, care links, invitations and homework.

A care link joins one client to one clinician. What the clinician may see is kept as Share
rows on the link (hearth.couples.sharing): nothing at first (default deny), and only the
client changes it. Ending a link is final: its shares go with it, and a new link starts
again with nothing shared, so an old "yes" never comes back by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core.crypto import EncryptedTextField

# The sections a clinician's pages, reports and the API may show, in the order pages show
# them; each is open only as hearth.couples.sharing.Shared.scopes says. "participation" is
# the client's own session days, while the session log waits for the partner's yes.
SCOPES = ("results", "checkins", "sessions", "participation", "reflections", "risk_alerts")


class ClinicianProfile(models.Model):
    """What a client reads about a clinician before linking. Professional facts only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinician_profile"
    )
    full_name = models.CharField(max_length=120, blank=True)
    profession = models.CharField(max_length=120, blank=True)
    registration_number = models.CharField(max_length=60, blank=True)
    registration_body = models.CharField(max_length=120, blank=True)
    practice = models.CharField(max_length=120, blank=True)
    bio = models.TextField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"clinician-profile-{self.pk}"

    @property
    def is_complete(self) -> bool:
        return all(
            (self.full_name, self.profession, self.registration_number, self.registration_body)
        )


class CareLink(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Linked")
        ENDED = "ended", _("Ended")

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_links"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "clinician"],
                condition=Q(status="active"),
                name="one_active_care_link",
            )
        ]
        indexes = [models.Index(fields=["clinician", "status"])]

    def __str__(self) -> str:
        return f"care-link-{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class CareInvitation(models.Model):
    """A one-time invitation from a client to a clinician or the other way round.

    Only keyed digests of the link token and the code are stored.
    """

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_invitations_sent"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"care-invitation-{self.pk}"


class Homework(models.Model):
    """Practice a clinician suggests to one client: a stage or exercises, and a note."""

    link = models.ForeignKey(CareLink, on_delete=models.CASCADE, related_name="homework")
    stage = models.CharField(max_length=32, blank=True)
    exercises = models.JSONField(default=list, blank=True)  # exercise ids from program content
    instructions = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["link", "-created_at"])]

    def __str__(self) -> str:
        return f"homework-{self.pk}"
