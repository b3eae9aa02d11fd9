"""A slow mail server must not slow the site: the deploy guide's app server, behind Caddy,
with one worker of one thread, and a mail server that takes the connection and then says
nothing. The email waits in the worker's outbox; the next visitor does not wait for it.
And an app server told to stop (SIGTERM, as systemd does) sends what its outbox holds
before it goes."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy import site
from tests.deploy.client import Browser
from tests.mailbox import mailbox
from tests.server import server_env, server_process

MAIL_TIMEOUT = 5


@pytest.fixture(scope="module")
def silent_mail_server() -> Iterator[int]:
    """A port on 127.0.0.1 that completes every connection (the kernel does that for a
    listening socket) and never sends the SMTP greeting: a mail server that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield int(listener.getsockname()[1])


@pytest.fixture(scope="module")
def one_thread(
    tmp_path_factory: pytest.TempPathFactory, silent_mail_server: int
) -> Iterator[site.Stack]:
    settings = {
        "HEARTH_THREADS": "1",
        "HEARTH_EMAIL_HOST": "127.0.0.1",
        "HEARTH_EMAIL_PORT": str(silent_mail_server),
        "HEARTH_EMAIL_TLS": "false",
        "HEARTH_EMAIL_FROM": "no-reply@notes.test",
        "HEARTH_EMAIL_TIMEOUT": str(MAIL_TIMEOUT),
    }
    with site.stack(tmp_path_factory.mktemp("slow-mail"), settings=settings) as running:
        yield running


def test_the_next_page_does_not_wait_for_a_hanging_mail_server(one_thread: site.Stack) -> None:
    browser = one_thread.browser()
    assert browser.get("/login/").status == 200  # the worker is warm before the stopwatch
    asked = browser.post_form("/password/reset/", {"email": "ada@example.test"})
    assert asked.status == 302

    # The reset email is now waiting for the silent server, for up to MAIL_TIMEOUT seconds.
    started = time.monotonic()
    page = one_thread.browser("127.0.0.2").get("/login/")
    took = time.monotonic() - started
    assert page.status == 200
    assert took < 2, f"the next page took {took:.1f} s (mail timeout {MAIL_TIMEOUT} s)"


def test_a_stopping_server_sends_the_mail_it_still_holds(tmp_path: Path) -> None:
    # Each message takes the mail server a second: when the stop comes, one email is on
    # its way and the other still waits in the outbox.
    with mailbox(delay=1.0) as box:
        env = server_env(tmp_path, **box.settings(), HEARTH_THREADS="1")
        site.prepare(env, site.PEOPLE)
        with server_process(env, tmp_path / "server.log") as (base, process):
            browser = Browser("127.0.0.1", int(base.rsplit(":", 1)[1]))
            for email, _name in site.PEOPLE:
                answer = browser.post_form("/password/reset/", {"email": email})
                assert answer.status == 302
            assert len(box.letters) < len(site.PEOPLE)  # some mail is still on its way
            process.terminate()
            assert process.wait(timeout=30) == 0
        for email, _name in site.PEOPLE:
            letters = box.to(email)
            assert len(letters) == 1, f"{len(letters)} emails to {email}"
            assert "/password/reset/" in letters[0].body
