"""Every account page, for every persona and for a stranger; password reset limits."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.test import Client

from hearth.accounts.actions import RESET_MAILS_PER_HOUR as RESET_PER_HOUR_PER_EMAIL
from tests.accounts.twostep import confirm_payload
from tests.conftest import PASSWORD, ClientFor, Personas

PERSONAS = ["partner_a", "partner_b", "other_a", "other_b", "solo", "clinician", "stranger"]
SIGNED_IN_PAGES = [
    "/account/",
    "/account/confirm/",
    "/account/two-step/",
    "/account/my-data/",
    "/account/delete/",
    "/account/activity/",
    "/account/sign-ins/",
    "/account/password/",
]
POST_ONLY = [
    "/account/look/",
    "/account/two-step/start/",
    "/account/two-step/confirm/",
    "/account/two-step/recovery-codes/",
    "/account/two-step/off/",
    "/account/my-data/json/",
    "/account/my-data/fhir/",
    "/account/sign-out-everywhere/",
]


@pytest.mark.parametrize("path", SIGNED_IN_PAGES + POST_ONLY)
def test_nobody_signed_out_gets_past_sign_in(db: None, client: Client, path: str) -> None:
    response = client.post(path) if path in POST_ONLY else client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", PERSONAS)
def test_each_persona_opens_every_account_page_after_confirming(
    personas: Personas, client_for: ClientFor, who: str
) -> None:
    person = getattr(personas, who)
    client = client_for(person)
    assert client.post("/account/confirm/", confirm_payload(person, PASSWORD)).status_code == 302
    for path in SIGNED_IN_PAGES:
        assert client.get(path).status_code == 200, path
    for path in POST_ONLY:
        assert client.get(path).status_code == 405, path


@pytest.mark.parametrize("who", PERSONAS)
def test_each_persona_downloads_only_their_own_account(
    personas: Personas, client_for: ClientFor, who: str
) -> None:
    person = getattr(personas, who)
    client = client_for(person)
    assert client.post("/account/confirm/", confirm_payload(person, PASSWORD)).status_code == 302
    data = json.loads(client.post("/account/my-data/json/").content)
    assert data["account"]["email"] == f"{who}@example.test"
    others = [f"{p}@example.test" for p in PERSONAS if p != who]
    body = json.dumps(data)
    assert not any(email in body for email in others)


def test_password_reset_mail_is_limited_per_email_across_addresses(
    personas: Personas, client: Client
) -> None:
    """Three links an hour to one address. A fourth request answers like the first (a
    refusal there would block the owner's own reset) and sends nothing more."""
    first = None
    for n in range(RESET_PER_HOUR_PER_EMAIL):
        answer = client.post(
            "/password/reset/", {"email": "partner_a@example.test"}, REMOTE_ADDR=f"10.0.0.{n}"
        )
        first = first or answer
    assert len(mail.outbox) == RESET_PER_HOUR_PER_EMAIL
    response = client.post(
        "/password/reset/", {"email": "PARTNER_A@example.test"}, REMOTE_ADDR="10.0.1.1"
    )
    assert first is not None
    assert response.status_code == first.status_code == 302
    assert response["Location"] == first["Location"]
    assert len(mail.outbox) == RESET_PER_HOUR_PER_EMAIL


def test_the_email_limit_answers_unknown_emails_the_same(
    personas: Personas, client: Client
) -> None:
    answers: dict[str, list[tuple[int, str]]] = {}
    for email in ("partner_a@example.test", "nobody@example.test"):
        for n in range(RESET_PER_HOUR_PER_EMAIL + 1):
            answer = client.post("/password/reset/", {"email": email}, REMOTE_ADDR=f"10.1.{n}.1")
            answers.setdefault(email, []).append((answer.status_code, answer["Location"]))
    assert answers["partner_a@example.test"] == answers["nobody@example.test"]
    assert len(mail.outbox) == RESET_PER_HOUR_PER_EMAIL


@pytest.mark.parametrize(
    "page",
    [
        f"accounts/{name}.html"
        for name in [
            "two_factor",
            "export",
            "delete",
            "confirm",
            "signin_code",
            "recovery_codes",
            "deleted",
            "activity",
            "_sign_out_everywhere",
            "sign_ins",
            "password_change",
            "signup_sent",
            "signup_finish",
        ]
    ],
)
def test_account_texts_are_easy_to_read(page: str) -> None:
    import re
    from pathlib import Path

    from tests.reading import MAX_GRADE, grade

    root = Path(__file__).resolve().parents[2] / "hearth" / "accounts" / "templates"
    text = re.sub(r"{%.*?%}|{{.*?}}|<[^>]+>", " ", (root / page).read_text())
    assert grade(text) <= MAX_GRADE, page
