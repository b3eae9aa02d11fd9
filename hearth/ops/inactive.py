"""Accounts nobody has used for a long time: a notice by email, then (only if the operator
turns it on) deletion.

HEARTH_INACTIVE_ACCOUNT_DAYS (0, the default, turns all of this off): an account whose
person has not signed in, nor used an access key, for that many days gets one discreet
email. With HEARTH_INACTIVE_ACCOUNT_DELETE=true, the email names a day
HEARTH_INACTIVE_NOTICE_DAYS later, and the account is deleted on that day unless the person
signed in since. Operators' accounts are never touched.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_lazy, gettext_noop

from hearth.accounts.actions import delete_account
from hearth.accounts.models import User
from hearth.core import audit, mail
from hearth.ops.models import InactivityNotice

if TYPE_CHECKING:
    from hearth.ops.housekeeping import Outcome

WARNED = audit.kind(
    "ops.inactive_warned", gettext_lazy("An email said the account has not been used for a while")
)
DELETED = audit.kind(
    "ops.inactive_deleted", gettext_lazy("Account deleted after a long time without use")
)
SUBJECT = gettext_noop("About your account")


def last_used(user: User) -> datetime:
    """The latest of joining, signing in and using an access key."""
    key_used = user.api_tokens.aggregate(last=Max("last_used_at"))["last"]
    return max(t for t in (user.date_joined, user.last_login, key_used) if t is not None)


def _candidates(cutoff: datetime) -> list[User]:
    """People who may be unused since ``cutoff`` (last_used decides, per person)."""
    quiet = User.objects.filter(date_joined__lt=cutoff, is_staff=False).exclude(
        role=User.Role.OPERATOR
    )
    quiet = quiet.exclude(last_login__gte=cutoff).exclude(api_tokens__last_used_at__gte=cutoff)
    return list(quiet.select_related("inactivity_notice").distinct())


def _notice(user: User) -> InactivityNotice | None:
    try:
        return user.inactivity_notice
    except InactivityNotice.DoesNotExist:
        return None


def body(delete_on: datetime | None) -> str:
    days = settings.INACTIVE_ACCOUNT_DAYS
    lines = [gettext("Hello,"), ""]
    lines.append(gettext("Your account has not been used for %(days)s days.") % {"days": days})
    if delete_on is not None:
        day = formats.date_format(timezone.localtime(delete_on), "DATE_FORMAT")
        lines.append(
            gettext(
                "To keep it, sign in before %(day)s. If you do not, the account and everything "
                "in it will be deleted on that day."
            )
            % {"day": day}
        )
    else:
        lines.append(
            gettext(
                "It is still there. If you no longer need it, you can sign in and delete it "
                "on the account page."
            )
        )
    return "\n".join([*lines, "", mail.site_link("/"), ""])


def _lock(user: User) -> User | None:
    """The person's row, locked until the transaction ends: two runs at once take turns."""
    return User.objects.select_for_update().filter(pk=user.pk).first()


def _warn(user: User, now: datetime) -> int:
    delete_on = (
        now + timedelta(days=settings.INACTIVE_NOTICE_DAYS)
        if settings.INACTIVE_ACCOUNT_DELETE
        else None
    )
    with transaction.atomic():
        if _lock(user) is None:
            return 0
        notice = InactivityNotice.objects.filter(user=user).first()
        if notice is not None and notice.warned_at >= last_used(user):
            return 0  # another run sent it a moment ago
        InactivityNotice.objects.update_or_create(user=user, defaults={"warned_at": now})
        audit.record(WARNED, subject=user, deletes=delete_on is not None)
        # Inside the transaction: if sending fails, the notice row goes too and the next run
        # tries again.
        with translation.override(user.language):
            subject, text = gettext(SUBJECT), body(delete_on)
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    return 1


def _delete(user: User, notice_due: datetime) -> int:
    with transaction.atomic():
        if _lock(user) is None:
            return 0
        notice = InactivityNotice.objects.filter(user=user).first()
        if notice is None or notice.warned_at > notice_due or last_used(user) > notice.warned_at:
            return 0
        audit.record(DELETED, subject=user, days=settings.INACTIVE_ACCOUNT_DAYS)
        delete_account(user)
    return 1


def look_after(now: datetime) -> list[Outcome]:
    from hearth.ops.housekeeping import Outcome

    days = settings.INACTIVE_ACCOUNT_DAYS
    if not days:
        return []
    warned = deleted = 0
    notice_due = now - timedelta(days=settings.INACTIVE_NOTICE_DAYS)
    for user in _candidates(now - timedelta(days=days)):
        notice, used = _notice(user), last_used(user)
        if used > now - timedelta(days=days):
            continue
        if notice is None or notice.warned_at < used:
            warned += _warn(user, now)
        elif settings.INACTIVE_ACCOUNT_DELETE and notice.warned_at <= notice_due:
            deleted += _delete(user, notice_due)
    return [
        Outcome("inactive_accounts_warned", warned),
        Outcome("inactive_accounts_deleted", deleted),
    ]
