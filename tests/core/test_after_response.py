"""Work handed to the response's close step runs after the answer has gone out.

Sign-up, sign-in and reset answer every address alike; the lookup, the audit row and the
email come after. These tests show the order in Django's own handler and in the real
server, where a held mail server must not hold the answer, nor the next visitor."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse

from hearth.core.mail import AfterResponseMiddleware, after_response
from tests.deploy.client import Browser
from tests.mailbox import Mailbox, mailbox
from tests.server import hearth, server_env, server_process


@pytest.mark.django_db  # the close step ends the request, which tidies database connections
def test_tasks_wait_for_the_close_step_and_run_in_order() -> None:
    ran: list[str] = []

    def view(request: HttpRequest) -> HttpResponse:
        after_response(request, lambda: ran.append("first"))
        after_response(request, lambda: ran.append("second"))
        return HttpResponse("answer")

    response = AfterResponseMiddleware(view)(HttpRequest())
    assert isinstance(response, HttpResponse)  # the view's own answer, passed on
    assert response.content == b"answer"
    assert ran == []  # the answer is complete and nothing has run yet
    response.close()
    assert ran == ["first", "second"]


@pytest.mark.django_db
def test_a_failing_task_is_logged_and_the_next_still_runs(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("mail server gone")

    def view(request: HttpRequest) -> HttpResponse:
        after_response(request, broken)
        after_response(request, lambda: ran.append("next"))
        return HttpResponse("answer")

    with caplog.at_level(logging.ERROR, logger="hearth.mail"):
        AfterResponseMiddleware(view)(HttpRequest()).close()
    assert ran == ["next"]
    assert "after_response.failed task=broken" in caplog.text


def test_outside_a_request_the_task_runs_at_once() -> None:
    ran: list[str] = []
    after_response(HttpRequest(), lambda: ran.append("now"))
    assert ran == ["now"]


MAKE_PERSON = (
    "from hearth.accounts.models import User; "
    "User.objects.create_user('held@example.test', 'a long enough pass 19', display_name='H')"
)


@pytest.fixture(scope="module")
def held_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Browser, Mailbox]]:
    data = tmp_path_factory.mktemp("after-response")
    with mailbox() as box:
        env = server_env(data, **box.settings())
        for command in (["migrate", "--noinput"], ["shell", "-c", MAKE_PERSON]):
            done = hearth(command, env)
            assert done.returncode == 0, done.stderr
        with server_process(env, Path(data) / "server.log") as (base, _process):
            yield Browser("127.0.0.1", int(base.rsplit(":", 1)[1])), box


def test_the_answer_arrives_while_the_mail_server_still_holds_the_email(
    held_server: tuple[Browser, Mailbox],
) -> None:
    browser, box = held_server
    box.hold()
    # Should the server send inside the request, it would wait for the held mail: let it go
    # after a while, so that failing is slow but ends.
    safety = threading.Timer(8, box.release)
    safety.start()
    try:
        started = time.monotonic()
        answer = browser.post_form("/password/reset/", {"email": "held@example.test"})
        took = time.monotonic() - started
        assert answer.status == 302
        assert box.letters == [], "the email went out before the answer"
        assert took < 4, f"the answer took {took:.1f} s"

        # The sender is stuck in the mail server now. The next visitor's request, which
        # writes its own rate-limit row, must not wait for it either.
        started = time.monotonic()
        other = Browser(browser.host, browser.port)
        assert other.post_form("/password/reset/", {"email": "nobody@example.test"}).status == 302
        assert time.monotonic() - started < 2
    finally:
        box.release()
        safety.cancel()
    (letter,) = box.wait_for("held@example.test")
    assert "/password/reset/" in letter.body
