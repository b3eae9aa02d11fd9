"""Discreet email reminders, sent by `hearth send_reminders` (run hourly by a scheduler).

A person gets at most one email a day, at or after the hour they chose, and only for the
kinds they turned on. The email says nothing about what is due: a subject or preview on a
shared screen must not tell anyone what the app is for. Idempotent: each (person, kind,
day) is logged in SentReminder before the email goes out, so a second run, or two runs at
once, send nothing more.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from hearth.accounts.models import User
from hearth.checkins.models import CheckIn, ReminderPreference, SentReminder
from hearth.checkins.providers import reminder_items
from hearth.core import mail

# Translatable, sent in the person's language (User.language). Neutral on purpose: it never
# says what is planned.
SUBJECT = gettext_noop("A friendly reminder")


def body() -> str:
    hello = gettext("Hello,")
    planned = gettext("You have something planned today. Open the app to see it.")
    return f"{hello}\n\n{planned}\n\n{mail.site_link('/')}\n"


def due_kinds(user: User, today: date) -> list[str]:
    """Kinds due today from this app (the check-in) and from every reminder provider."""
    kinds = [] if CheckIn.objects.filter(user=user, day=today).exists() else ["checkin"]
    return kinds + [k for k in reminder_items(user, today) if k not in kinds]


def send_due(now: datetime | None = None) -> int:
    """Send today's reminders that are due and not yet sent. Returns the number of emails."""
    now = timezone.localtime(now or timezone.now())
    prefs = ReminderPreference.objects.select_related("user").filter(
        hour__lte=now.hour, user__is_active=True, user__role=User.Role.MEMBER
    )
    return sum(_send_one(pref, now.date()) for pref in prefs if pref.kinds)


def _send_one(pref: ReminderPreference, today: date) -> int:
    wanted = [k for k in due_kinds(pref.user, today) if k in pref.kinds]
    try:
        with transaction.atomic():
            sent = set(
                SentReminder.objects.filter(user=pref.user, day=today).values_list(
                    "kind", flat=True
                )
            )
            new = [k for k in wanted if k not in sent]
            if not new:
                return 0
            SentReminder.objects.bulk_create(
                [SentReminder(user=pref.user, kind=k, day=today) for k in new]
            )
            # Inside the transaction: if sending fails, the log rows go too and the next
            # run tries again. One email covers every kind: the text is the same anyway.
            with translation.override(pref.user.language):
                subject, text = gettext(SUBJECT), body()
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [pref.user.email])
    except IntegrityError:
        return 0  # another run logged these at the same moment and sends the email
    return 1
