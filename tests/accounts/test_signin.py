from collections.abc import Mapping

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

from hearth.core.models import AuditEvent
from tests.conftest import PASSWORD, ClientFor, Personas, Response


def sign_in(
    client: Client, email: str, password: str, headers: Mapping[str, str] | None = None
) -> Response:
    return client.post("/login/", {"email": email, "password": password}, headers=headers)


def test_a_person_signs_in_with_email_in_any_case(personas: Personas, client: Client) -> None:
    response = sign_in(client, "PARTNER_A@example.test", PASSWORD)
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert AuditEvent.objects.filter(kind="account.signed_in", actor=personas.partner_a).exists()


def test_a_wrong_password_gets_a_plain_message_and_is_logged(
    personas: Personas, client: Client
) -> None:
    response = sign_in(client, "partner_a@example.test", "wrong password")
    assert "do not match an account" in response.content.decode()
    assert client.get("/account/").status_code == 302
    assert AuditEvent.objects.filter(
        kind="account.sign_in_failed", subject=personas.partner_a
    ).exists()


def test_an_unknown_email_gets_the_same_message(personas: Personas, client: Client) -> None:
    response = sign_in(client, "nobody@example.test", PASSWORD)
    assert "do not match an account" in response.content.decode()


@override_settings(LOGIN_RATE_PER_ACCOUNT=3, LOGIN_RATE_PER_IP=100)
def test_an_account_is_throttled_after_repeated_failures(
    personas: Personas, client: Client
) -> None:
    for _ in range(3):
        assert sign_in(client, "partner_a@example.test", "wrong").status_code == 200
    throttled = sign_in(client, "partner_a@example.test", PASSWORD)
    assert throttled.status_code == 429
    assert "Too many sign-in attempts" in throttled.content.decode()
    assert Client().get("/account/").status_code == 302


@override_settings(LOGIN_RATE_PER_ACCOUNT=100, LOGIN_RATE_PER_IP=3)
def test_an_address_is_throttled_across_accounts(personas: Personas, client: Client) -> None:
    for email in ["a@x.test", "b@x.test", "c@x.test"]:
        sign_in(client, email, "wrong")
    assert sign_in(client, "partner_b@example.test", PASSWORD).status_code == 429
    # Another address is not affected.
    elsewhere = sign_in(Client(REMOTE_ADDR="10.9.9.9"), "partner_b@example.test", PASSWORD)
    assert elsewhere.status_code == 302


@override_settings(LOGIN_RATE_PER_ACCOUNT=100, LOGIN_RATE_PER_IP=2, TRUSTED_PROXY_COUNT=0)
def test_a_forged_forwarded_header_does_not_escape_the_address_limit(
    personas: Personas, client: Client
) -> None:
    for n in range(2):
        sign_in(client, "x@x.test", "wrong", {"X-Forwarded-For": f"1.1.1.{n}"})
    assert (
        sign_in(
            client, "partner_a@example.test", PASSWORD, {"X-Forwarded-For": "9.9.9.9"}
        ).status_code
        == 429
    )


def test_sign_out_needs_a_post(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert client.get("/account/").status_code == 302


def test_password_reset_sends_a_discreet_email_that_works(
    personas: Personas, client: Client
) -> None:
    client.post("/password/reset/", {"email": "partner_a@example.test"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = (str(message.subject) + str(message.body)).lower()
    for word in ["sex", "intima", "therap", "couple", "hearth", "depress", "partner"]:
        assert word not in text
    link = next(line for line in message.body.splitlines() if "/password/reset/" in line)
    path = link.removeprefix(settings.SITE_URL)
    assert path.startswith("/password/reset/"), link
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "a brand new passphrase 11"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert sign_in(Client(), "partner_a@example.test", new).status_code == 302


def test_password_reset_does_not_reveal_whether_an_email_exists(
    personas: Personas, client: Client
) -> None:
    known = client.post("/password/reset/", {"email": "partner_a@example.test"})
    unknown = client.post("/password/reset/", {"email": "nobody@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


@override_settings(SITE_URL="https://notes.example.org", ALLOWED_HOSTS=["*"])
def test_the_reset_link_comes_from_the_site_address_never_the_host_header(
    personas: Personas, client: Client
) -> None:
    """Someone who asks for another person's reset with their own Host header must not
    get a link to their own server (it would hand them the token when it is opened)."""
    client.post(
        "/password/reset/", {"email": "partner_a@example.test"}, HTTP_HOST="evil.example.net"
    )
    assert len(mail.outbox) == 1
    links = [line for line in mail.outbox[0].body.splitlines() if "://" in line]
    assert len(links) == 1
    assert links[0].startswith("https://notes.example.org/password/reset/"), links
    assert "evil.example.net" not in mail.outbox[0].body


def test_the_account_page_lists_activity_on_the_account(personas: Personas, client: Client) -> None:
    sign_in(client, "partner_a@example.test", "wrong")
    sign_in(client, "partner_a@example.test", PASSWORD)
    body = client.get("/account/").content.decode()
    assert "A sign-in attempt failed" in body and "Signed in" in body


@pytest.mark.django_db
def test_private_pages_need_a_signed_in_person(client: Client) -> None:
    for path in ["/account/", "/partner/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_passwords_are_stored_with_argon2id_at_the_documented_settings(
    personas: Personas,
) -> None:
    stored = personas.partner_a.password
    assert stored.startswith("argon2$argon2id$")
    assert "$m=47104,t=1,p=1$" in stored


def test_a_password_stored_with_older_settings_still_works_and_is_restored(
    personas: Personas, client: Client
) -> None:
    """Hashes made with Django's default Argon2 settings (100 MiB) keep working; the first
    sign-in stores the password again with the current, lighter settings."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    person = personas.partner_a
    person.password = Argon2PasswordHasher().encode(PASSWORD, "oldsettingssalt1")
    person.save(update_fields=["password"])
    assert "$m=102400,t=2,p=8$" in person.password
    assert sign_in(client, "partner_a@example.test", PASSWORD).status_code == 302
    person.refresh_from_db()
    assert "$m=47104,t=1,p=1$" in person.password
    assert person.check_password(PASSWORD)
