"""Couples, memberships, invitations and what each person shares with whom.

Everyone starts alone. A couple exists while two people are active members; when either
leaves, the couple ends for both and each keeps their own private data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hearth.core import audit


class CoupleEvent:
    """The audit kinds couples writes (hearth.core.audit), declared with the models so they
    are known as soon as the app loads."""

    INVITATION_CREATED = audit.kind("couple.invitation_created", _("Partner invitation created"))
    INVITATION_REVOKED = audit.kind("couple.invitation_revoked", _("Partner invitation withdrawn"))
    COUPLE_JOINED = audit.kind("couple.joined", _("Joined a partner"))
    COUPLE_LEFT = audit.kind("couple.left", _("Partner link ended"))


class Couple(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"couple-{self.pk}"


class Membership(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # True for the partner who did not leave, until they have seen the neutral notice.
    ended_notice_pending = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # A person belongs to at most one couple at a time.
            models.UniqueConstraint(
                fields=["user"], condition=Q(left_at__isnull=True), name="one_active_couple"
            )
        ]

    def __str__(self) -> str:
        return f"membership-{self.pk}"


class Invitation(models.Model):
    """A one-time invitation. Only keyed digests of the link token and code are stored."""

    inviter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    code_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_used",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation-{self.pk}"


# Which kind of share may go to which recipient. A safety alert or the session log never
# goes to a partner (the log describes both of them; alerts are for care). A questionnaire's
# scores go to a partner one questionnaire at a time; a therapist gets all results or none.
PARTNER_KINDS = (
    "checkin",
    "instrument",
    "reflection_numbers",
    "reflection_distractions",
    "reflection_text",
)
THERAPIST_KINDS = (
    "checkin",
    "results",
    "reflection_numbers",
    "reflection_distractions",
    "reflection_text",
    "sessions",
    "risk_alerts",
)
REFLECTION_KINDS = ("reflection_numbers", "reflection_distractions", "reflection_text")
DETAIL_KINDS = ("checkin", "instrument")  # detail: a check-in measure or a questionnaire id
WHOLE_KINDS = ("results", "sessions", "risk_alerts")


class Share(models.Model):
    """One thing one person lets one recipient see: their partner, or one therapist.

    The only record of sharing in Hearth; ``hearth.couples.sharing`` is the only way to read
    or change it. A partner share is tied to the couple it was given in, and a therapist
    share to the care link it was given on, so a new partner or a new link starts with
    nothing. Each kind goes only to the recipient it is meant for (``PARTNER_KINDS``,
    ``THERAPIST_KINDS``); the database refuses any other row.
    """

    class To(models.TextChoices):
        PARTNER = "partner", _("My partner")
        THERAPIST = "therapist", _("My therapist")

    class Kind(models.TextChoices):
        # One daily check-in measure (``detail``: its code). Never the note or safety answers.
        CHECKIN = "checkin", _("Check-in numbers")
        # One questionnaire's scores, chosen one by one (``detail``: its id). Partner only.
        INSTRUMENT = "instrument", _("One questionnaire's scores")
        # Every questionnaire: scores, charts and answers. Therapist only.
        RESULTS = "results", _("Questionnaire results")
        # One reflection's parts (``reflection``).
        REFLECTION_NUMBERS = "reflection_numbers", _("Reflection numbers")
        REFLECTION_DISTRACTIONS = "reflection_distractions", _("What pulled my attention away")
        REFLECTION_TEXT = "reflection_text", _("Reflection note")
        # The session log and stage. It describes both partners, so a therapist sees it only
        # when both partners share it with that same therapist. Therapist only.
        SESSIONS = "sessions", _("Session log and stage")
        # Notes when an answer shows someone may not be safe. Therapist only.
        RISK_ALERTS = "risk_alerts", _("Safety alerts")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shares"
    )
    to = models.CharField(max_length=10, choices=To.choices)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    detail = models.CharField(max_length=40, blank=True, default="")
    couple = models.ForeignKey(
        Couple, null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    link = models.ForeignKey(
        "clinic.CareLink", null=True, blank=True, on_delete=models.CASCADE, related_name="shares"
    )
    reflection = models.ForeignKey(
        "program.Reflection",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shares",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(to="partner", couple__isnull=False, link__isnull=True)
                | Q(to="therapist", couple__isnull=True, link__isnull=False),
                name="share_has_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(to="partner", kind__in=PARTNER_KINDS)
                | Q(to="therapist", kind__in=THERAPIST_KINDS),
                name="share_kind_fits_recipient",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=REFLECTION_KINDS, reflection__isnull=False, detail="")
                | Q(kind__in=DETAIL_KINDS, reflection__isnull=True, detail__gt="")
                | Q(kind__in=WHOLE_KINDS, reflection__isnull=True, detail=""),
                name="share_detail_fits_kind",
            ),
            models.UniqueConstraint(
                fields=["owner", "couple", "kind", "detail"],
                condition=Q(to="partner", reflection__isnull=True),
                name="one_partner_share_each",
            ),
            models.UniqueConstraint(
                fields=["owner", "link", "kind", "detail"],
                condition=Q(to="therapist", reflection__isnull=True),
                name="one_therapist_share_each",
            ),
            models.UniqueConstraint(
                fields=["reflection", "couple", "kind"],
                condition=Q(to="partner", reflection__isnull=False),
                name="one_partner_reflection_share_each",
            ),
            models.UniqueConstraint(
                fields=["reflection", "link", "kind"],
                condition=Q(to="therapist", reflection__isnull=False),
                name="one_therapist_reflection_share_each",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "to", "kind"]),
            models.Index(fields=["link", "kind"]),
        ]

    def __str__(self) -> str:
        return f"share-{self.pk}"
