"""No one learns from the account forms whether an address has an account (issue 20, part 2).

Sign-up, sign-in and the reset form answer a known and an unknown address byte for byte
alike (apart from the fresh CSRF token and the address typed back into the form), and run
the same database queries before the answer. Whether the address has an account is looked
up after the answer has gone: only the owner's mailbox is told."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from pytest_django import Settings

from hearth.core import mail as hearth_mail
from tests.conftest import PASSWORD, Personas

KNOWN = "partner_a@example.test"
UNKNOWN = "nobody.here@example.test"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
SAVEPOINT_NAME = re.compile(r'"s\d+_x\d+"')
ADDRESSES = count(1)


@dataclass
class Seen:
    """The SQL a request ran before its answer, and what it ran afterwards."""

    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    answered: bool = False


@contextmanager
def watching(monkeypatch: pytest.MonkeyPatch) -> Iterator[Seen]:
    seen = Seen()
    real_run = getattr(hearth_mail, "_run", None)  # None: code with no after-response step

    def run_after(tasks: list[Callable[[], object]]) -> None:
        seen.answered = True  # the response's close step: the answer is complete
        if real_run is not None:
            real_run(tasks)

    monkeypatch.setattr(hearth_mail, "_run", run_after, raising=False)

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        # Savepoint names count up through the test; the statement is what matters.
        (seen.after if seen.answered else seen.before).append(SAVEPOINT_NAME.sub("s", sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def send(monkeypatch: pytest.MonkeyPatch, path: str, data: dict[str, str]) -> tuple[Any, Seen]:
    # Each from an address of its own, so both start from the same rate-limit state.
    address = f"10.20.{next(ADDRESSES)}.1"
    with watching(monkeypatch) as seen:
        answer = Client().post(path, data, REMOTE_ADDR=address)
    return answer, seen


def same_answer(known: Any, unknown: Any) -> None:
    assert known.status_code == unknown.status_code
    assert known.get("Location") == unknown.get("Location")
    assert sorted(k for k, _ in known.items()) == sorted(k for k, _ in unknown.items())
    body_known = CSRF.sub(b"", known.content).replace(KNOWN.encode(), b"@")
    body_unknown = CSRF.sub(b"", unknown.content).replace(UNKNOWN.encode(), b"@")
    assert body_known == body_unknown


SIGN_UP = {
    "display_name": "Nova",
    "password": "a long and unusual pass 7",
    "password_again": "a long and unusual pass 7",
    "adult": "on",
    "privacy": "on",
}


def test_sign_up_answers_alike_and_only_the_mailbox_learns(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    known, seen_known = send(monkeypatch, "/signup/", {**SIGN_UP, "email": KNOWN})
    unknown, seen_unknown = send(monkeypatch, "/signup/", {**SIGN_UP, "email": UNKNOWN})
    same_answer(known, unknown)
    assert seen_known.before == seen_unknown.before
    assert not any("accounts_user" in sql for sql in seen_known.before)
    assert any("accounts_user" in sql for sql in seen_known.after)
    (note,) = [m for m in mail.outbox if m.to == [KNOWN]]
    (link,) = [m for m in mail.outbox if m.to == [UNKNOWN]]
    assert note.subject == link.subject
    assert "/signup/finish/" in link.body and "/signup/finish/" not in note.body


def test_sign_in_with_a_wrong_password_answers_alike(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    known, seen_known = send(monkeypatch, "/login/", {"email": KNOWN, "password": "wrong 1"})
    unknown, seen_unknown = send(monkeypatch, "/login/", {"email": UNKNOWN, "password": "wrong 1"})
    same_answer(known, unknown)
    assert seen_known.before == seen_unknown.before
    # The failure is on the owner's activity list, written after the answer.
    assert any("core_auditevent" in sql for sql in seen_known.after)


def test_a_held_account_answers_like_an_unknown_one(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    settings.LOGIN_RATE_PER_ACCOUNT = 2
    for email in (KNOWN, UNKNOWN):
        for _ in range(2):
            send(monkeypatch, "/login/", {"email": email, "password": "wrong"})
    known, seen_known = send(monkeypatch, "/login/", {"email": KNOWN, "password": PASSWORD})
    unknown, seen_unknown = send(monkeypatch, "/login/", {"email": UNKNOWN, "password": PASSWORD})
    assert known.status_code == 429
    same_answer(known, unknown)
    assert seen_known.before == seen_unknown.before


def test_the_reset_form_answers_alike_and_looks_up_after(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    known, seen_known = send(monkeypatch, "/password/reset/", {"email": KNOWN})
    unknown, seen_unknown = send(monkeypatch, "/password/reset/", {"email": UNKNOWN})
    same_answer(known, unknown)
    assert seen_known.before == seen_unknown.before
    assert not any("accounts_user" in sql for sql in seen_known.before)
    assert [m.to for m in mail.outbox] == [[KNOWN]]


def test_the_forms_pages_say_nothing_about_any_address(personas: Personas) -> None:
    """The old sign-up answer, "That email address already has an account", is gone."""
    answer = Client().post("/signup/", {**SIGN_UP, "email": KNOWN}, follow=True)
    assert "already has an account" not in answer.content.decode()
    assert "Check your email" in answer.content.decode()
