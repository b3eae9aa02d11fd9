"""Shared models: the append-only audit log, database token buckets for rate limits and the
stamps that say when a kept page is out of date."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from hearth.core import audit

APPEND_ONLY = "Audit events are append-only."


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Refuses the bulk changes that would skip the model's own refusal in save() and
    delete(). Django's deletion of an account does not come through here: it nulls the
    foreign keys through the plain base manager, which keeps the rows and their pseudonyms."""

    def update(self, **kwargs: Any) -> int:
        raise ValueError(APPEND_ONLY)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValueError(APPEND_ONLY)

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> int:
        raise ValueError(APPEND_ONLY)


class AuditEvent(models.Model):
    """One thing that happened to a person's data. Rows are never changed or deleted.

    ``actor`` did it, ``subject`` is whose data it concerns. Both are kept as plain ids
    plus a pseudonym so that rows survive the deletion of either account.
    """

    kind = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_ref = models.CharField(max_length=32, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_ref = models.CharField(max_length=32, blank=True)
    # Ids and event details only: never health data, free text, emails or tokens.
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["subject", "-created_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_ref}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(APPEND_ONLY)

    @property
    def label(self) -> str:
        return audit.label(self.kind)


class TokenBucket(models.Model):
    """A rate-limit bucket keyed by a digest (never the raw email or address)."""

    key = models.CharField(max_length=80, primary_key=True)
    tokens = models.FloatField()
    updated_at = models.FloatField()
    # When the bucket is full again (a Unix time): from then on the row says nothing that a
    # missing row would not, and `hearth housekeeping` removes it.
    full_at = models.FloatField(default=0, db_index=True)

    def __str__(self) -> str:
        return self.key


class ReadStamp(models.Model):
    """A random number per person that changes whenever something their pages may show
    changes; person 0 is everyone. Kept pages are built under these (hearth/core/readcache.py).

    ``person`` is a plain id, not a foreign key: a stamp is no data of the person's, and a
    write that deletes a person must still be able to give their partner a new stamp.
    """

    person = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField()

    def __str__(self) -> str:
        return f"stamp-{self.person}"
