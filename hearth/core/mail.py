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
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase

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


def site_link(path: str) -> str:
    """An absolute link a person receives, copies or subscribes to: always under HEARTH_SITE_URL.

    Emails, invitation links and calendar links all come from here. Never from the request's
    Host header: whoever sends the request chooses that header, and a link pointing at their
    own host would hand them the token in it."""
    return settings.SITE_URL + path


# --- Work after the answer ----------------------------------------------------------------

_PENDING = "_hearth_after_response"


def after_response(request: HttpRequest, task: Callable[[], object]) -> None:
    """Run ``task`` once the answer has gone to the browser (the response's close step).

    For pages whose answer must not depend on what the task finds or how long it takes:
    sign-up, sign-in and reset answer known and unknown addresses alike, and the lookup, the
    audit row and the email happen afterwards. A task that writes should commit first and
    send mail after, outside any transaction (see ``commit_then_send``). Outside a request
    served through AfterResponseMiddleware (a command, a direct call) the task runs at once.
    """
    pending = getattr(request, _PENDING, None)
    if pending is None:
        _run([task])
    else:
        pending.append(task)


def _run(tasks: list[Callable[[], object]]) -> None:
    for task in tasks:
        try:
            task()
        except Exception:  # the answer is gone: log by name only, and go on to the next task
            logger.exception("after_response.failed task=%s", getattr(task, "__name__", "?"))


class AfterResponseMiddleware:
    """Hands the request's after-response tasks to the response's close step, which the WSGI
    server calls once the body is sent (Django's test client calls it too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        pending: list[Callable[[], object]] = []
        setattr(request, _PENDING, pending)
        response = self.get_response(request)
        if pending:
            # The documented close() calls each closer before request_finished.
            response._resource_closers.append(lambda: _run(pending))  # type: ignore[attr-defined]
        return response


def commit_then_send(
    write: Callable[[], tuple[str, str, str] | None],
) -> Callable[[], None]:
    """A task that runs ``write`` in its own transaction, commits, and only then sends the
    email it returned (to, subject, body), if any.

    A slow mail server must not hold a database transaction open: on SQLite that holds the
    write lock, and the next visitor's request would wait for it, which a stopwatch sees."""

    def task() -> None:
        with transaction.atomic():
            message = write()
        if message is not None:
            send(*message)

    task.__name__ = getattr(write, "__name__", "task")
    return task
