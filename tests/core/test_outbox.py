"""A served worker's outbox: mail a page sends after its answer goes out on a thread of its
own, in order, and a stopping worker sends what is still waiting before it goes."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.test import override_settings

from hearth.core.mail import Outbox, send
from tests.mailbox import mailbox
from tests.server import hearth, server_env


def wait_for_outbox(count: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while len(django_mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.01)


def test_messages_go_out_in_the_order_they_came() -> None:
    outbox = Outbox()
    for n in range(5):
        outbox.put((f"person{n}@example.test", f"Hello {n}", "Body"))
    wait_for_outbox(5)
    assert [m.subject for m in django_mail.outbox] == [f"Hello {n}" for n in range(5)]
    assert [m.to for m in django_mail.outbox] == [[f"person{n}@example.test"] for n in range(5)]


def test_a_failing_message_is_logged_without_its_address_and_the_next_goes_out(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outbox = Outbox()
    with caplog.at_level(logging.ERROR, logger="hearth.mail"):
        # A line break in an address is refused when the message is built (header injection).
        outbox.put(("broken\nsecret@example.test", "First", "Body"))
        outbox.put(("fine@example.test", "Second", "Body"))
        wait_for_outbox(1)
        assert outbox.drain() == 0
    assert [m.subject for m in django_mail.outbox] == ["Second"]
    (line,) = [r.getMessage() for r in caplog.records]
    assert line.startswith("mail.failed") and "secret" not in line


def test_the_drain_waits_until_what_was_queued_has_gone_out() -> None:
    with mailbox() as box, override_settings(**smtp(box.port)):
        box.hold()  # the mail server keeps the first message: the rest wait in the outbox
        outbox = Outbox()
        for n in range(3):
            outbox.put((f"person{n}@example.test", f"Hello {n}", "Body"))
        threading.Timer(0.5, box.release).start()
        assert outbox.drain() == 0
        assert [letter.subject for letter in box.letters] == ["Hello 0", "Hello 1", "Hello 2"]


def test_the_drain_gives_up_at_its_limit(caplog: pytest.LogCaptureFixture) -> None:
    with mailbox() as box, override_settings(**smtp(box.port)):
        box.hold()
        outbox = Outbox()
        outbox.put(("someone@example.test", "Held", "Body"))
        outbox.put(("someone@example.test", "Behind it", "Body"))
        started = time.monotonic()
        with caplog.at_level(logging.ERROR, logger="hearth.mail"):
            assert outbox.drain(limit=0.5) == 2
        assert time.monotonic() - started < 2
        assert "mail.outbox_unsent count=2" in caplog.text
        box.release()
        assert outbox.drain() == 0  # nothing left to fail later, in another test's log


def smtp(port: int, timeout: int = 10) -> dict[str, object]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": timeout,
    }


SEND_AND_LEAVE = """
from hearth.core import mail
mail.start_outbox()
mail.start_outbox()  # a second call changes nothing: one outbox per process
import threading
assert [t.name for t in threading.enumerate()].count("hearth-mail") == 1
for n in range(3):
    mail.commit_then_send(lambda n=n: ("leaving@example.test", f"Before exit {n}", "Body"))()
print("queued")
"""


def test_a_process_that_ends_sends_its_outbox_first(tmp_path: Path) -> None:
    # A real process, leaving the usual way, while its mail server is slow: what it queued
    # must still arrive.
    with mailbox(delay=0.5) as box:
        result = hearth(["shell", "-c", SEND_AND_LEAVE], server_env(tmp_path, **box.settings()))
        assert result.returncode == 0, result.stderr[-2000:]
        assert result.stdout.strip().endswith("queued")
        subjects = [letter.subject for letter in box.to("leaving@example.test")]
        assert subjects == ["Before exit 0", "Before exit 1", "Before exit 2"]


def test_a_failed_email_leaves_no_trace_of_the_address_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The error's own text quotes the address (here a broken header); the log keeps the
    event, the error's kind and where it happened, for whoever runs the server."""
    with caplog.at_level(logging.ERROR, logger="hearth.mail"):
        assert send("private.person@example.test\nBcc: other@example.test", "Hi", "Hi") is False
    assert "mail.failed" in caplog.text and "BadHeaderError" in caplog.text
    assert "private.person" not in caplog.text and "other@" not in caplog.text
