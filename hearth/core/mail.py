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

The outbox. Mail a page sends after its answer (``commit_then_send``) would otherwise be
sent on the server thread that served the page, and a slow mail server would keep that
thread, often the worker's only one, for up to HEARTH_EMAIL_TIMEOUT seconds while the
proxy sends it the next visitor. A served worker (hearth/wsgi.py) therefore starts one
outbox: a thread that sends these messages one after another, in the order they came.
Elsewhere (commands, the shell, Django's test client) they are sent at once, as before.

When the worker stops cleanly, it waits for the outbox to empty: up to HEARTH_EMAIL_TIMEOUT
seconds for each message still there, and never more than DRAIN_LIMIT in all. Measured with
`hearth serve` (granian 2.8, Python 3.11, Linux): granian's worker is a forked
multiprocessing child; on SIGTERM, to the main process or to every process of the service
as systemd sends it, the worker stops serving, runs multiprocessing's exit finalizers and
leaves through os._exit, so ``atexit`` handlers never run in it. The drain
is therefore a multiprocessing finalizer, which multiprocessing also runs from ``atexit``
in any other process. The main process waits for its worker without a limit of its own;
systemd kills both after TimeoutStopSec (90 s by default), hence DRAIN_LIMIT below that.
A hard kill (SIGKILL, a crash, the power) loses the messages still in memory. The write
each belongs to is already committed, so nothing is half done, and the person can ask
again (for a reset link, say).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.util import Finalize

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from hearth.core.logs import error_trace

logger = logging.getLogger("hearth.mail")

Message = tuple[str, str, str]  # to, subject, body


def send(to: str, subject: str, body: str) -> bool:
    """Send one plain-text email; False (and a log line without the address) if it failed."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    try:
        message.send()
    except Exception as error:  # any mail server failure: the page must still work
        log_failure("mail.failed", error, subject_len=len(subject))
        return False
    return True


def log_failure(event: str, error: Exception, **fields: object) -> None:
    """Log a failure by its event, the error's kind and where in the code it happened, never
    the error's own text (hearth.core.logs)."""
    named = "".join(f" {key}={value}" for key, value in fields.items())
    logger.error("%s%s error=%s\n%s", event, named, type(error).__name__, error_trace(error))


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
        except Exception as error:  # the answer is gone: log it, and go on to the next task
            log_failure("after_response.failed", error, task=getattr(task, "__name__", "?"))


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
    write: Callable[[], Message | None],
) -> Callable[[], None]:
    """A task that runs ``write`` in its own transaction, commits, and only then sends the
    email it returned (to, subject, body), if any: through this worker's outbox when it has
    one, else at once.

    A slow mail server must not hold a database transaction open: on SQLite that holds the
    write lock, and the next visitor's request would wait for it, which a stopwatch sees."""

    def task() -> None:
        with transaction.atomic():
            message = write()
        if message is not None:
            _deliver(message)

    task.__name__ = getattr(write, "__name__", "task")
    return task


# --- The outbox ---------------------------------------------------------------------------

DRAIN_LIMIT = 60.0  # seconds a stopping worker waits for its outbox at most (see the top)


class Outbox:
    """A thread that sends the messages handed to it through ``send``, in order."""

    def __init__(self) -> None:
        self._queue: queue.Queue[Message] = queue.Queue()
        # A daemon thread: the drain decides how long a stopping process waits for mail,
        # not a join without end on a thread stuck in a mail server.
        self._thread = threading.Thread(target=self._work, name="hearth-mail", daemon=True)
        self._thread.start()

    def put(self, message: Message) -> None:
        self._queue.put(message)

    def _work(self) -> None:
        while True:
            message = self._queue.get()
            try:
                send(*message)  # logs its own failures, by event only
            except Exception as error:  # whatever else went wrong, the next goes out
                log_failure("mail.outbox_failed", error)
            finally:
                self._queue.task_done()

    def drain(self, limit: float = DRAIN_LIMIT) -> int:
        """Wait until every message handed over is sent or given up on, at most
        HEARTH_EMAIL_TIMEOUT seconds for each one still there and ``limit`` in all. The
        number of messages still unsent when the wait ended."""
        done = self._queue.all_tasks_done
        with done:
            waiting = self._queue.unfinished_tasks
            deadline = time.monotonic() + min(limit, waiting * settings.EMAIL_TIMEOUT)
            while self._queue.unfinished_tasks:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                done.wait(left)
            unsent = self._queue.unfinished_tasks
        if unsent:
            logger.error("mail.outbox_unsent count=%d", unsent)
        return unsent


_outbox: Outbox | None = None
_outbox_lock = threading.Lock()


def start_outbox() -> None:
    """For a server worker, once its app is loaded: mail sent after an answer goes through
    one outbox thread from now on, drained when the process stops. Once per process."""
    global _outbox
    with _outbox_lock:
        if _outbox is None:
            _outbox = Outbox()
            # Not atexit: granian's worker leaves without running it (see the top).
            Finalize(None, _outbox.drain, exitpriority=10)


def _deliver(message: Message) -> None:
    if _outbox is None:
        send(*message)
    else:
        _outbox.put(message)
