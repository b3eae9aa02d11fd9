"""Email as it is really sent: Hearth behind Caddy, configured by the guide's environment
file, sends through a real SMTP server the test starts on 127.0.0.1. The server demands
STARTTLS before anything else and a password after it, and records what arrives."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.checkins.test_reminders import TELLING
from tests.deploy import site, tls
from tests.deploy.client import Browser
from tests.deploy.smtp import MailServer, mail_server
from tests.server import hearth

SENDER = "Notifications <no-reply@notes.test>"
WANTS_REMINDERS = """
from hearth.accounts.models import User
from hearth.checkins.models import ReminderPreference
ReminderPreference.objects.create(user=User.objects.get(email="ada@example.test"),
                                  kinds=["checkin"], hour=0)
"""


@dataclass(frozen=True)
class Setup:
    stack: site.Stack
    mail: MailServer


@pytest.fixture(scope="module")
def sending(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    folder = tmp_path_factory.mktemp("email")
    certificates = tls.make(folder / "smtp-tls")
    with mail_server(certificates) as server:
        settings = server.settings(certificates)
        with site.stack(folder, settings=settings) as running:
            yield Setup(running, server)


def sent_properly(message_count: int, setup: Setup, to: str) -> str:
    """The one message to ``to``: over STARTTLS, after a password, discreet. Its body."""
    setup.mail.recorder.wait_for(message_count)
    received = setup.mail.recorder.to(to)[-1]
    assert received.over_tls and received.signed_in
    assert received.message["From"] == SENDER
    assert not TELLING.search(received.subject), received.subject
    assert not TELLING.search(received.body)
    return received.body


def path_of(link: str, setup: Setup) -> str:
    origin = setup.stack.proxy.site_url
    assert link.startswith(origin + "/"), link
    return link.removeprefix(origin)


def sign_in(browser: Browser, email: str, password: str = site.PASSWORD) -> int:
    return browser.post_form("/login/", {"email": email, "password": password}).status


def test_a_password_reset_arrives_over_starttls_and_its_link_works(sending: Setup) -> None:
    browser = sending.stack.browser()
    asked = browser.post_form("/password/reset/", {"email": "ada@example.test"})
    assert asked.status == 302
    body = sent_properly(1, sending, "ada@example.test")
    link = re.search(r"https://\S+/password/reset/\S+/", body)
    assert link, body

    opened = browser.get(path_of(link[0], sending))
    assert opened.status == 302  # Django swaps the token for a session step, as designed
    new = "a different walk by the lake 77"
    done = browser.post_form(
        opened.header("Location"), {"new_password1": new, "new_password2": new}
    )
    assert done.status == 302
    assert sign_in(sending.stack.browser("127.0.0.2"), "ada@example.test", new) == 302


def test_a_partner_invitation_goes_out_by_email_when_asked(sending: Setup) -> None:
    ben = sending.stack.browser("127.0.0.3")
    assert sign_in(ben, "ben@example.test") == 302
    page = ben.post_form(
        "/partner/invite/", {"email": "partner.private@example.test"}, page="/partner/"
    )
    assert page.status == 200 and "on its way by email" in page.body
    body = sent_properly(2, sending, "partner.private@example.test")
    link = re.search(r"https://\S+/join/\S+/", body)
    assert link and link[0] in page.body  # the page shows the same link it sent


def test_reminders_go_out_once_through_the_mail_server(sending: Setup) -> None:
    env = sending.stack.env
    assert hearth(["shell", "-c", WANTS_REMINDERS], env).returncode == 0
    for _ in range(2):
        result = hearth(["send_reminders"], env)
        assert result.returncode == 0, result.stderr[-2000:]
    body = sent_properly(3, sending, "ada@example.test")
    assert "something planned today" in body
    reminders = [r for r in sending.mail.recorder.to("ada@example.test") if r.body == body]
    assert len(reminders) == 1  # the second run sent nothing


def test_an_unknown_certificate_stops_sending_before_anything_is_said(
    sending: Setup, tmp_path: Path
) -> None:
    # Without the test CA the mail server's certificate cannot be checked: Hearth gives up
    # after STARTTLS, before the password or the message, and nothing travels in clear text.
    env = {k: v for k, v in sending.stack.env.items() if k != "SSL_CERT_FILE"}
    env["SSL_CERT_FILE"] = str(tmp_path / "no-such-file.pem")
    before = len(sending.mail.recorder.received)
    env["HEARTH_DATA_DIR"] = str(tmp_path)
    result = hearth(
        [
            "shell",
            "-c",
            "from hearth.core.mail import send; print(send("
            "'someone@example.test', 'Hello', 'Hello'))",
        ],
        env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "False"
    assert "SSLCertVerificationError" in result.stderr
    assert len(sending.mail.recorder.received) == before
