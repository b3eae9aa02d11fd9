"""What `hearth housekeeping` removes: rows that no longer do anything.

Each pruner takes the time of the run and returns how many rows it removed. Running one
again at the same time removes nothing more. The list of pruners is kept in one place, the
``pruners`` attribute of each app's AppConfig (this app lists the ones below).

Rows that a person can still see in a list (a withdrawn invitation, a switched-off access
key) stay for HEARTH_KEEP_ENDED_DAYS after they ended, so the list still says what happened.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Model, Q, QuerySet

from hearth.accounts.models import SignIn, UsedSignUpLink
from hearth.accounts.signup import LINK_SECONDS
from hearth.api.models import ApiToken
from hearth.checkins.models import SentReminder
from hearth.clinic.models import CareInvitation
from hearth.core import audit
from hearth.core.models import TokenBucket
from hearth.couples.models import Invitation

# The reminder log is only read for today's day (in the site's time zone); a week is plenty.
REMINDER_LOG_DAYS = 7


def _delete(rows: QuerySet[Model]) -> int:
    removed, _per_model = rows.delete()
    return int(removed)


def _ended_before(now: datetime) -> datetime:
    return now - timedelta(days=settings.KEEP_ENDED_DAYS)


def expired_sessions(now: datetime) -> int:
    """Sign-in sessions past their end (idle sign-out already refuses them)."""
    return _delete(SignIn.objects.filter(expire_date__lte=now))


def spent_sign_up_links(now: datetime) -> int:
    """Records of used sign-up links whose 24 hours are over: such a link is refused for its
    age anyway. (A day's margin: the link was made before it was used.)"""
    cutoff = now - timedelta(seconds=2 * LINK_SECONDS)
    return _delete(UsedSignUpLink.objects.filter(used_at__lte=cutoff))


def full_rate_limit_buckets(now: datetime) -> int:
    """Rate-limit buckets that have filled up again: a missing row means the same."""
    return _delete(TokenBucket.objects.filter(full_at__lte=now.timestamp()))


def _ended_invitations(model: type[Model], now: datetime) -> int:
    cutoff = _ended_before(now)
    ended = Q(expires_at__lte=cutoff) | Q(used_at__lte=cutoff) | Q(revoked_at__lte=cutoff)
    return _delete(model._default_manager.filter(ended))


def ended_partner_invitations(now: datetime) -> int:
    return _ended_invitations(Invitation, now)


def ended_care_invitations(now: datetime) -> int:
    return _ended_invitations(CareInvitation, now)


def ended_api_keys(now: datetime) -> int:
    """Access keys switched off or expired HEARTH_KEEP_ENDED_DAYS ago."""
    cutoff = _ended_before(now)
    return _delete(ApiToken.objects.filter(Q(expires_at__lte=cutoff) | Q(revoked_at__lte=cutoff)))


def old_reminder_log(now: datetime) -> int:
    """The log that stops a reminder going out twice on one day; old days are never read."""
    day = (now - timedelta(days=REMINDER_LOG_DAYS)).date()
    return _delete(SentReminder.objects.filter(day__lt=day))


def old_audit_events(now: datetime) -> int:
    """Audit rows older than HEARTH_AUDIT_RETENTION_DAYS; the default (0) keeps them all.

    Rows leave only through audit.erase_before: AuditEvent and its queryset refuse delete()."""
    days = settings.AUDIT_RETENTION_DAYS
    if not days:
        return 0
    return audit.erase_before(now - timedelta(days=days))
