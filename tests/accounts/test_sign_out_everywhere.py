"""Sessions know whose they are, and every way of taking an account back ends them all.

"Sign out everywhere", a completed password reset and turning two-step sign-in on or off
each end every other sign-in (another browser's cookie stops working) and turn off every
access key, and tell the person how many of each.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hearth.accounts import actions, devices
from hearth.accounts.models import AccountEvent, SignIn, TwoFactor, User
from hearth.accounts.sudo import SESSION_KEY as CONFIRMED_AT
from hearth.api import tokens
from hearth.core.models import AuditEvent
from tests.accounts.twostep import app_code, turn_on
from tests.api.conftest import Api
from tests.conftest import PASSWORD, Personas

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def signed_in(user: User, user_agent: str = FIREFOX_ANDROID) -> Client:
    """A browser that signed in with the password, as a person does."""
    client = Client(headers={"User-Agent": user_agent})
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302 and "/login/" not in response["Location"]
    return client


def is_signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def confirmed(client: Client) -> Client:
    session = client.session
    session[CONFIRMED_AT] = time.time()
    session.save()
    return client


def key_for(user: User) -> str:
    return tokens.create_token(user, "notes app", ["read"], 30).secret


def key_works(secret: str) -> bool:
    return Api(secret).get("/me").status_code == 200


def message_on(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- sessions know whose they are ---------------------------------------------------------------


def test_a_sign_in_records_whose_it_is_the_device_and_when(personas: Personas) -> None:
    visitor = Client(headers={"User-Agent": SAFARI_IPHONE})
    visitor.get("/login/")
    visitor.post("/login/", {"email": "partner_a@example.test", "password": PASSWORD})
    row = SignIn.objects.get(session_key=visitor.cookies["sessionid"].value)
    assert row.user == personas.partner_a
    assert (row.browser, row.system) == ("Safari", "iPhone")
    assert row.started_at <= row.last_used_at
    assert row.get_decoded()["_auth_user_id"] == str(personas.partner_a.pk)


def test_a_visitor_s_session_belongs_to_nobody(personas: Personas) -> None:
    client = Client()
    client.post("/login/", {"email": "partner_a@example.test", "password": "wrong"})
    client.post("/i18n/setlang/", {"language": "de"})
    assert not SignIn.objects.filter(user__isnull=False).exists()


@pytest.mark.parametrize(
    "header, expected",
    [
        (FIREFOX_ANDROID, ("Firefox", "Android")),
        (SAFARI_IPHONE, ("Safari", "iPhone")),
        (EDGE_WINDOWS, ("Edge", "Windows")),
        (CHROME_LINUX, ("Chrome", "Linux")),
        ("curl/8.5.0", ("", "")),
        ("", ("", "")),
    ],
)
def test_the_device_name_is_the_browser_and_system_only(
    header: str, expected: tuple[str, str]
) -> None:
    assert devices.describe(header) == expected


# --- sign out everywhere ---------------------------------------------------------------------


def test_sign_out_everywhere_ends_every_session_and_every_key(personas: Personas) -> None:
    ada = personas.partner_a
    here, there = signed_in(ada), signed_in(ada, CHROME_LINUX)
    secrets = [key_for(ada), key_for(ada)]
    ben = signed_in(personas.partner_b)
    bens_key = key_for(personas.partner_b)

    response = here.post("/account/sign-out-everywhere/", follow=True)

    assert not is_signed_in(there) and not is_signed_in(here)
    assert not any(key_works(secret) for secret in secrets)
    text = message_on(response)
    assert "You are signed out everywhere." in text
    assert "2 sign-ins were ended. 2 access keys were turned off." in text
    # Only Ada's: Ben's sign-in and key go on working.
    assert is_signed_in(ben) and key_works(bens_key)
    event = AuditEvent.objects.get(kind=actions.ENDED_EVERYWHERE)
    assert event.subject == ada
    assert event.detail == {"why": "asked", "sign_ins": 2, "keys": 2}


def test_sign_out_everywhere_needs_a_post(personas: Personas) -> None:
    client = signed_in(personas.partner_a)
    assert client.get("/account/sign-out-everywhere/").status_code == 405
    assert is_signed_in(client)


def test_the_account_page_offers_sign_out_everywhere(personas: Personas) -> None:
    page = signed_in(personas.partner_a).get("/account/").content.decode()
    assert 'action="/account/sign-out-everywhere/"' in page
    assert "Sign out everywhere" in page


# --- a completed password reset ---------------------------------------------------------------


def reset_link(user: User) -> str:
    """The link the reset email holds (the email itself is tested with the reset form)."""
    user.refresh_from_db()  # the token covers the last sign-in
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


def reset_password(user: User, new: str = "a brand new passphrase 11") -> Any:
    client = Client()
    form = client.get(reset_link(user), follow=True)
    assert form.status_code == 200
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )


def test_a_completed_reset_ends_every_session_and_key_and_says_how_many(
    personas: Personas,
) -> None:
    ada = personas.partner_a
    phone, laptop = signed_in(ada), signed_in(ada, EDGE_WINDOWS)
    secret = key_for(ada)

    done = reset_password(ada)

    assert done.status_code == 200
    assert "2 sign-ins were ended. 1 access key was turned off." in message_on(done)
    assert not is_signed_in(phone) and not is_signed_in(laptop)
    assert not key_works(secret)
    assert not SignIn.objects.filter(user=ada).exists()
    event = AuditEvent.objects.get(kind=actions.ENDED_EVERYWHERE)
    assert event.detail == {"why": "password_reset", "sign_ins": 2, "keys": 1}
    assert AuditEvent.objects.filter(kind=AccountEvent.PASSWORD_CHANGED, subject=ada).exists()


def test_a_refused_new_password_ends_nothing(personas: Personas) -> None:
    ada = personas.partner_a
    phone, secret = signed_in(ada), key_for(ada)
    client = Client()
    form = client.get(reset_link(ada), follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert response.status_code == 200  # the form again, with its message
    assert is_signed_in(phone) and key_works(secret)


# --- two-step sign-in on or off -----------------------------------------------------------


def test_turning_two_step_on_ends_every_other_session_and_every_key(personas: Personas) -> None:
    ada = personas.partner_a
    here, there = confirmed(signed_in(ada)), signed_in(ada, SAFARI_IPHONE)
    secret = key_for(ada)

    here.post("/account/two-step/start/")
    code = app_code(TwoFactor.objects.get(user=ada).secret)
    response = here.post("/account/two-step/confirm/", {"code": code})

    assert response.status_code == 200 and len(response.context["codes"]) == 10
    assert "1 other sign-in was ended. 1 access key was turned off." in response.content.decode()
    assert is_signed_in(here)  # the person who just proved it is them stays in
    assert not is_signed_in(there)
    assert not key_works(secret)


def test_turning_two_step_off_ends_every_other_session_and_every_key(personas: Personas) -> None:
    ada = personas.partner_a
    turn_on(ada)
    here, there = confirmed(Client()), Client()
    here.force_login(ada)
    there.force_login(ada)
    confirmed(here)
    secrets = [key_for(ada) for _ in range(3)]

    response = here.post("/account/two-step/off/", follow=True)

    text = message_on(response)
    assert "Two-step sign-in is off. 1 other sign-in was ended." in text
    assert "3 access keys were turned off." in text
    assert is_signed_in(here) and not is_signed_in(there)
    assert not any(key_works(secret) for secret in secrets)


def test_a_clinician_cannot_turn_two_step_off_and_nothing_ends(personas: Personas) -> None:
    kim = personas.clinician
    here, there = Client(), Client()
    here.force_login(kim)
    there.force_login(kim)
    secret = key_for(kim)
    confirmed(here).post("/account/two-step/off/")
    assert is_signed_in(there) and key_works(secret)
    assert not AuditEvent.objects.filter(kind=actions.ENDED_EVERYWHERE).exists()
