"""Personal access tokens for the JSON API.

Only a keyed digest of each token is stored (like partner invitations): the token itself is
shown once, when it is made. A token has a name, scopes, a required expiry of at most a year,
and can be revoked. Revoked and expired rows stay, so the person's list shows what happened.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

# read: GET endpoints. write: every change. export: the full data download.
SCOPES = ("read", "write", "export")
DEFAULT_RATE_PER_MINUTE = 60


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=60)
    digest = models.CharField(max_length=64, unique=True)
    # The last four characters, so a person can tell their tokens apart. Not a secret alone.
    hint = models.CharField(max_length=4)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    rate_per_minute = models.PositiveIntegerField(default=DEFAULT_RATE_PER_MINUTE)
    # A key that can download everything is announced (by email and on the home page) until
    # the person says they made it: someone else with the password might have.
    notice_open = models.BooleanField(default=False, db_default=False)

    class Meta:
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"api-token-{self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def allows(self, scope: str) -> bool:
        return scope in SCOPES and scope in self.scopes
