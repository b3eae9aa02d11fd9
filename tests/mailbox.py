"""A plain SMTP server on 127.0.0.1 for tests and benchmarks (aiosmtpd): it keeps what
arrives, can take a set time over each message like a slow provider, and can hold every
message until the test lets it through."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.server import free_port


@dataclass(frozen=True)
class Letter:
    to: list[str]
    subject: str
    body: str

    def link(self, path_start: str) -> str:
        """The one web address in the body whose path starts with ``path_start``."""
        found: list[str] = re.findall(r"https?://[^\s/]+(/\S*)", self.body)
        paths = [p for p in found if p.startswith(path_start)]
        assert len(paths) == 1, self.body
        return paths[0]


@dataclass
class Mailbox:
    port: int
    delay: float = 0.0
    letters: list[Letter] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.released.set()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.released.wait)
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        part = message.get_body(("plain",))
        body = str(part.get_content()) if part is not None else ""
        self.letters.append(Letter(list(envelope.rcpt_tos), str(message["Subject"]), body))
        return "250 Message accepted"

    def hold(self) -> None:
        """Keep every message waiting (the sender waits too) until ``release``."""
        self.released.clear()

    def release(self) -> None:
        self.released.set()

    def settings(self) -> dict[str, str]:
        """Hearth's environment to send here: plain SMTP, no password."""
        return {
            "HEARTH_EMAIL_HOST": "127.0.0.1",
            "HEARTH_EMAIL_PORT": str(self.port),
            "HEARTH_EMAIL_TLS": "false",
            "HEARTH_EMAIL_FROM": "no-reply@notes.test",
            "HEARTH_EMAIL_TIMEOUT": "10",
        }

    def to(self, address: str) -> list[Letter]:
        return [letter for letter in self.letters if address in letter.to]

    def wait_for(self, address: str, count: int = 1, seconds: float = 20) -> list[Letter]:
        deadline = time.monotonic() + seconds
        while len(self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        found = self.to(address)
        assert len(found) >= count, f"{len(found)} of {count} messages arrived"
        return found


@contextmanager
def mailbox(delay: float = 0.0) -> Iterator[Mailbox]:
    box = Mailbox(port=free_port(), delay=delay)
    controller = Controller(box, hostname="127.0.0.1", port=box.port, ready_timeout=10)
    controller.start()
    try:
        yield box
    finally:
        box.release()
        controller.stop()
