"""Sending one email now, for a page that must answer whatever the mail server does.

Settings (README, Configuration): HEARTH_EMAIL_HOST and PORT, USER and PASSWORD, STARTTLS
on by default (HEARTH_EMAIL_TLS) with the server's certificate checked against the system's
authorities (or SSL_CERT_FILE), HEARTH_EMAIL_TIMEOUT, and a neutral sender
(HEARTH_EMAIL_SENDER_NAME <HEARTH_EMAIL_FROM>). Every text sent is discreet: no app name, no
health or intimate word in a subject.

Commands that send (reminders, housekeeping) call Django's send_mail directly and let a
failure stop them, so that their transaction rolls back and the next run tries again.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail

log = logging.getLogger("hearth.mail")


def send_now(to: str, subject: str, body: str, event: str) -> bool:
    """True when the mail server took the message. Logs the event's name, never the address."""
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("email not sent: %s (%s)", event, type(exc).__name__)
        return False
    return True
