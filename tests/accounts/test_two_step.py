"""Two-step sign-in: set-up, the code step at sign-in, recovery codes, turning it off."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hearth.accounts import actions
from hearth.accounts.models import RecoveryCode, TwoFactor
from hearth.core.models import AuditEvent
from tests.accounts.twostep import app_code, next_code, turn_on
from tests.conftest import PASSWORD, ClientFor, Personas, Response


def password_step(client: Client, email: str, password: str = PASSWORD) -> Response:
    return client.post("/login/", {"email": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def test_setup_shows_the_key_the_address_and_a_qr_code_without_inline_styles(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/account/confirm/", {"password": PASSWORD})
    client.post("/account/two-step/start/")
    page = client.get("/account/two-step/").content.decode()
    secret = TwoFactor.objects.get(user=personas.partner_a).secret
    shown = re.search(r'id="two-factor-secret">([A-Z2-7 ]+)<', page)
    assert shown is not None and shown.group(1).replace(" ", "") == secret
    assert f"secret={secret}" in page and "otpauth://totp/" in page
    assert "<svg" in page and 'class="qr-code"' in page
    assert "style=" not in page and "<style" not in page


def test_the_secret_is_stored_encrypted(personas: Personas) -> None:
    from django.db import connection

    turn_on(personas.partner_a)
    secret = TwoFactor.objects.get(user=personas.partner_a).secret
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_twofactor")
        (stored,) = cursor.fetchone()
    assert secret not in stored and stored.startswith("v1:")


def test_a_wrong_first_code_leaves_two_step_sign_in_off(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/account/confirm/", {"password": PASSWORD})
    client.post("/account/two-step/start/")
    response = client.post("/account/two-step/confirm/", {"code": "000000x"})
    assert response.status_code == 400
    assert "did not work" in response.content.decode()
    assert not actions.two_factor_on(personas.partner_a)


def test_turning_it_on_shows_ten_one_time_recovery_codes_stored_only_as_digests(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    client.post("/account/confirm/", {"password": PASSWORD})
    client.post("/account/two-step/start/")
    secret = TwoFactor.objects.get(user=personas.partner_a).secret
    page = client.post("/account/two-step/confirm/", {"code": app_code(secret)}).content.decode()
    codes = re.findall(r"<li>([A-Z2-9]{5}-[A-Z2-9]{5})</li>", page)
    assert len(set(codes)) == 10
    digests = set(RecoveryCode.objects.values_list("digest", flat=True))
    assert len(digests) == 10 and not any(code.replace("-", "") in digests for code in codes)
    assert actions.two_factor_on(personas.partner_a)
    assert AuditEvent.objects.filter(kind="account.two_factor_on").exists()


def test_with_two_step_on_the_password_alone_does_not_sign_in(
    personas: Personas, client: Client
) -> None:
    turn_on(personas.partner_a)
    response = password_step(client, personas.partner_a.email)
    assert response.status_code == 302 and response["Location"] == "/login/code/"
    assert not is_signed_in(client)
    assert not AuditEvent.objects.filter(kind="account.signed_in").exists()


def test_the_code_from_the_app_finishes_signing_in(personas: Personas, client: Client) -> None:
    turn_on(personas.partner_a)
    password_step(client, personas.partner_a.email)
    response = client.post("/login/code/", {"code": next_code(personas.partner_a)})
    assert response.status_code == 302
    assert is_signed_in(client)
    assert AuditEvent.objects.filter(kind="account.signed_in", actor=personas.partner_a).exists()


def test_the_same_app_code_cannot_be_used_twice(personas: Personas) -> None:
    turn_on(personas.partner_a)
    code = next_code(personas.partner_a)
    first, second = Client(), Client()
    password_step(first, personas.partner_a.email)
    password_step(second, personas.partner_a.email)
    assert first.post("/login/code/", {"code": code}).status_code == 302
    refused = second.post("/login/code/", {"code": code})
    assert refused.status_code == 400 and "did not work" in refused.content.decode()
    assert not is_signed_in(second)


def test_a_recovery_code_works_once(personas: Personas) -> None:
    codes = turn_on(personas.partner_a)
    first, second = Client(), Client()
    password_step(first, personas.partner_a.email)
    assert first.post("/login/code/", {"code": codes[3].lower()}).status_code == 302
    password_step(second, personas.partner_a.email)
    assert second.post("/login/code/", {"code": codes[3]}).status_code == 400
    assert actions.unused_recovery_codes(personas.partner_a) == 9
    assert AuditEvent.objects.filter(kind="account.recovery_code_used").count() == 1


def test_the_code_step_needs_a_fresh_password_step(personas: Personas, client: Client) -> None:
    turn_on(personas.partner_a)
    response = client.post("/login/code/", {"code": next_code(personas.partner_a)})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert not is_signed_in(client)


@pytest.mark.parametrize("bad", ["", "x" * 5000, "<script>alert(1)</script>", "1234567"])
def test_bad_codes_get_a_plain_message_and_sign_nobody_in(
    personas: Personas, client: Client, bad: str
) -> None:
    turn_on(personas.partner_a)
    password_step(client, personas.partner_a.email)
    response = client.post("/login/code/", {"code": bad})
    assert response.status_code == 400
    assert "<script>alert" not in response.content.decode()
    assert 'role="alert"' in response.content.decode() or 'class="error"' in (
        response.content.decode()
    )
    assert not is_signed_in(client)


def test_the_code_step_is_rate_limited_per_account(personas: Personas) -> None:
    turn_on(personas.partner_a)
    for _ in range(actions.CODE_TRIES_PER_ACCOUNT):
        guesser = Client()
        password_step(guesser, personas.partner_a.email)
        guesser.post("/login/code/", {"code": "000000"})
    late = Client()
    password_step(late, personas.partner_a.email)
    response = late.post("/login/code/", {"code": next_code(personas.partner_a)})
    assert response.status_code == 429 and "Too many tries" in response.content.decode()
    assert not is_signed_in(late)


def test_turning_it_off_needs_a_recent_password_and_code(
    personas: Personas, client_for: ClientFor
) -> None:
    turn_on(personas.partner_a)
    client = client_for(personas.partner_a)
    response = client.post("/account/two-step/off/")
    assert response.status_code == 302 and response["Location"].startswith("/account/confirm/")
    assert actions.two_factor_on(personas.partner_a)
    refused = client.post("/account/confirm/", {"password": PASSWORD, "code": "000000"})
    assert refused.status_code == 400
    ok = client.post(
        "/account/confirm/", {"password": PASSWORD, "code": next_code(personas.partner_a)}
    )
    assert ok.status_code == 302
    client.post("/account/two-step/off/")
    assert not actions.two_factor_on(personas.partner_a)
    assert not RecoveryCode.objects.filter(user=personas.partner_a).exists()


def test_new_recovery_codes_replace_the_old_ones(personas: Personas, client_for: ClientFor) -> None:
    old = turn_on(personas.partner_a)
    client = client_for(personas.partner_a)
    client.post("/account/confirm/", {"password": PASSWORD, "code": next_code(personas.partner_a)})
    page = client.post("/account/two-step/recovery-codes/").content.decode()
    new = re.findall(r"<li>([A-Z2-9]{5}-[A-Z2-9]{5})</li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert not actions.check_second_factor(personas.partner_a, old[0])
    assert actions.check_second_factor(personas.partner_a, new[0])


def test_a_clinician_keeps_two_step_sign_in_on(personas: Personas, client_for: ClientFor) -> None:
    turn_on(personas.clinician)
    client = client_for(personas.clinician)
    client.post("/account/confirm/", {"password": PASSWORD, "code": next_code(personas.clinician)})
    client.post("/account/two-step/off/")
    assert actions.two_factor_on(personas.clinician)
