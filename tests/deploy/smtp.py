"""A real SMTP server for the email tests (aiosmtpd), on 127.0.0.1: STARTTLS required
before anything else, with a certificate from the test's own CA, and a password login."""

from __future__ import annotations

import email
import email.policy
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.deploy import tls
from tests.server import free_port

USER, PASSWORD = "hearth", "smtp-test-password"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage
    over_tls: bool
    signed_in: bool

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        return str(part.get_content()) if part is not None else ""


@dataclass
class Recorder:
    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                message,
                over_tls=session.ssl is not None,
                signed_in=bool(session.authenticated),
            )
        )
        return "250 Message accepted"

    def wait_for(self, count: int, seconds: float = 20) -> list[Received]:
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return list(self.received)

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]


def _check_password(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class MailServer:
    port: int
    recorder: Recorder

    def settings(self, ca: tls.Certificates | None) -> dict[str, str]:
        """Hearth's settings to send through this server (trusting its CA when given)."""
        values = {
            "HEARTH_EMAIL_HOST": "127.0.0.1",
            "HEARTH_EMAIL_PORT": str(self.port),
            "HEARTH_EMAIL_USER": USER,
            "HEARTH_EMAIL_PASSWORD": PASSWORD,
            "HEARTH_EMAIL_TLS": "true",
            "HEARTH_EMAIL_FROM": "no-reply@notes.test",
            "HEARTH_EMAIL_TIMEOUT": "5",
        }
        if ca is not None:
            values["SSL_CERT_FILE"] = str(ca.ca)
        return values


@contextmanager
def mail_server(certificates: tls.Certificates) -> Iterator[MailServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificates.cert), str(certificates.key))
    recorder = Recorder()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=_check_password,
        auth_require_tls=True,
        ready_timeout=10,
    )
    controller.start()
    try:
        yield MailServer(controller.port, recorder)
    finally:
        controller.stop()
