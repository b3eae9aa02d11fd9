"""No stranger can lock an owner out (issue 20, part 3).

A stranger who knows the address can keep the account's limit used up with a wrong try
every few minutes. The limit must slow them without keeping out the owner: the password
alone is then refused in the same words right or wrong, but the password with a code from
the owner's app still signs in in one step, and so does a reset link already in the
owner's mailbox. The owner is told, discreetly, at most once a day."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from pytest_django import Settings

from hearth.core.models import AuditEvent
from tests.accounts.twostep import app_code, next_code, turn_on
from tests.checkins.test_reminders import TELLING
from tests.conftest import PASSWORD, Personas, Response

OWNER = "partner_a@example.test"
STRANGER_IP = "10.66.6.6"
OWNER_IP = "10.1.2.3"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def small_limits(settings: Settings) -> None:
    settings.LOGIN_RATE_PER_ACCOUNT = 3
    settings.LOGIN_RATE_PER_IP = 5


def try_sign_in(client: Client, password: str, ip: str = OWNER_IP, **extra: str) -> Response:
    return client.post("/login/", {"email": OWNER, "password": password, **extra}, REMOTE_ADDR=ip)


def hammer(times: int = 6) -> None:
    """The stranger: wrong passwords for the owner's address, from their own address."""
    for n in range(times):
        try_sign_in(Client(), f"a guess {n}", ip=STRANGER_IP)


def page_text(response: Any) -> str:
    return CSRF.sub("", response.content.decode())


def signed_in(client: Client) -> bool:
    return bool(client.get("/account/").status_code == 200)


def test_the_password_alone_is_refused_in_the_same_words_right_or_wrong(
    personas: Personas,
) -> None:
    hammer()
    right = try_sign_in(Client(), PASSWORD)
    wrong = try_sign_in(Client(), "not the password")
    assert right.status_code == wrong.status_code == 429
    assert page_text(right) == page_text(wrong)
    assert "Too many sign-in attempts" in page_text(right)


def test_the_owner_gets_in_with_password_and_code_while_a_stranger_hammers(
    personas: Personas,
) -> None:
    turn_on(personas.partner_a)
    hammer()
    client = Client()
    assert try_sign_in(client, PASSWORD).status_code == 429
    answer = try_sign_in(client, PASSWORD, code=next_code(personas.partner_a))
    assert answer.status_code == 302 and answer["Location"] == "/"  # one step, no code page
    assert signed_in(client)
    hammer()  # the stranger goes on; the owner's sign-in stays
    assert signed_in(client)


def test_the_code_is_checked_only_after_a_right_password(personas: Personas) -> None:
    turn_on(personas.partner_a)
    hammer()
    code = next_code(personas.partner_a)
    # The stranger, holding a right code (say, from a glance at the phone), with a wrong
    # password: refused like any other try, and the code is not spent.
    stranger = try_sign_in(Client(), "a guess", ip=STRANGER_IP, code=code)
    plain = try_sign_in(Client(), "a guess", ip=STRANGER_IP)
    assert stranger.status_code == 429 and page_text(stranger) == page_text(
        try_sign_in(Client(), "another guess", ip=STRANGER_IP, code=code)
    )
    assert plain.status_code == 429
    client = Client()
    assert try_sign_in(client, PASSWORD, code=code).status_code == 302
    assert signed_in(client)


def test_a_right_password_with_a_wrong_code_gets_the_same_refusal(personas: Personas) -> None:
    turn_on(personas.partner_a)
    hammer()
    wrong_code = try_sign_in(Client(), PASSWORD, code="000000")
    wrong_password = try_sign_in(Client(), "a guess", code="000000")
    assert wrong_code.status_code == wrong_password.status_code == 429
    assert page_text(wrong_code) == page_text(wrong_password)


def test_a_stranger_on_the_owners_network_does_not_block_password_and_code(
    personas: Personas,
) -> None:
    """Same address, other accounts: the per-address limit fills, the owner still gets in."""
    turn_on(personas.partner_a)
    for n in range(8):
        try_sign_in(Client(), "a guess", ip=OWNER_IP) if n == 0 else Client().post(
            "/login/", {"email": f"guess{n}@example.test", "password": "x"}, REMOTE_ADDR=OWNER_IP
        )
    client = Client()
    assert try_sign_in(client, PASSWORD).status_code == 429
    assert try_sign_in(client, PASSWORD, code=next_code(personas.partner_a)).status_code == 302
    assert signed_in(client)


def test_a_reset_link_already_in_the_mailbox_still_gets_the_owner_in(
    personas: Personas,
) -> None:
    Client().post("/password/reset/", {"email": OWNER}, REMOTE_ADDR=OWNER_IP)
    (letter,) = mail.outbox
    hammer()
    # Asking for more links sends no more once the hour's three are gone, and answers alike.
    for _ in range(4):
        again = Client().post("/password/reset/", {"email": OWNER}, REMOTE_ADDR=STRANGER_IP)
        assert again.status_code == 302
    links = [m for m in mail.outbox if "/password/reset/" in m.body]
    assert len(links) == 3
    link = next(line for line in letter.body.splitlines() if "/password/reset/" in line)
    owner = Client()
    form_page = owner.get(urlsplit(link).path, follow=True)
    assert form_page.status_code == 200
    new = "a fresh start by the sea 31"
    done = owner.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    # The finished reset ended the limit the stranger filled: the new password alone works.
    client = Client()
    assert try_sign_in(client, new).status_code == 302
    assert signed_in(client)


def test_the_owner_is_told_discreetly_once_a_day(personas: Personas) -> None:
    hammer(12)
    letters = [m for m in mail.outbox if m.to == [OWNER]]
    assert len(letters) == 1
    (letter,) = letters
    assert not TELLING.search(str(letter.subject)) and not TELLING.search(str(letter.body))
    assert "code from your app" in letter.body and "new password" in letter.body
    # Every try, held or not, is on the owner's activity list.
    failed = AuditEvent.objects.filter(kind="account.sign_in_failed", subject=personas.partner_a)
    assert failed.count() == 12
    hammer(6)
    assert len([m for m in mail.outbox if m.to == [OWNER]]) == 1


def test_an_unknown_address_gets_no_email_and_the_same_refusal(personas: Personas) -> None:
    for n in range(6):
        unknown = Client().post(
            "/login/", {"email": "nobody@example.test", "password": f"g{n}"}, REMOTE_ADDR="10.7.7.7"
        )
        known = Client().post(
            "/login/", {"email": OWNER, "password": f"g{n}"}, REMOTE_ADDR="10.8.8.8"
        )
        assert unknown.status_code == known.status_code
        assert page_text(unknown).replace("nobody@example.test", "@") == page_text(known).replace(
            OWNER, "@"
        )
    assert [m.to for m in mail.outbox] == [[OWNER]]


def test_a_code_from_another_app_does_not_get_past_the_limit(personas: Personas) -> None:
    """A code made from a secret that is not the owner's is refused like any try."""
    turn_on(personas.partner_a)
    hammer()
    assert try_sign_in(Client(), PASSWORD, code=app_code("JBSWY3DPEHPK3PXP")).status_code == 429


def test_the_owners_notice_is_in_the_language_they_use(personas: Personas) -> None:
    personas.partner_a.language = "de"
    personas.partner_a.save(update_fields=["language"])
    hammer()
    (letter,) = [m for m in mail.outbox if m.to == [OWNER]]
    assert letter.subject == "Anmeldeversuche bei Ihrem Konto"
    assert "Code aus Ihrer App" in letter.body
