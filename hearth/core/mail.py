"""Email to one person, from a page that must answer whatever the mail server does.

``send`` is the one way a page writes to a person: plain text, from the neutral sender
(HEARTH_EMAIL_SENDER_NAME <HEARTH_EMAIL_FROM>), and a failure is logged by event only (never
the address) instead of breaking the page that asked for it.

The transport is Django's SMTP backend, set by HEARTH_EMAIL_HOST, PORT, USER and PASSWORD:
STARTTLS by default (HEARTH_EMAIL_TLS) with the server's certificate checked against the
system's authorities (or SSL_CERT_FILE), and at most HEARTH_EMAIL_TIMEOUT seconds of waiting.
tests/deploy/test_email.py sends through a real SMTP server that demands STARTTLS.

Commands that send (reminders, housekeeping) call Django's send_mail directly and let a
failure stop them, so that their transaction rolls back and the next run tries again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage

logger = logging.getLogger("hearth.mail")


def send(to: str, subject: str, body: str) -> bool:
    """Send one plain-text email; False (and a log line without the address) if it failed."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    try:
        message.send()
    except Exception:  # any mail server failure: the page must still work
        logger.exception("mail.failed subject_len=%d", len(subject))
        return False
    return True
