"""Re-authentication before dangerous steps, and the clinician two-step rule."""

from __future__ import annotations

import time

import pytest
from django.test import Client, modify_settings

from hearth.accounts import sudo
from tests.accounts.test_signup import sign_up_by_email
from tests.accounts.twostep import next_code, turn_on, without_two_step
from tests.conftest import PASSWORD, ClientFor, Personas

PROTECTED = ["/account/my-data/", "/account/delete/", "/account/two-step/"]
CLINICIAN_RULE = modify_settings(
    MIDDLEWARE={"append": "hearth.accounts.middleware.ClinicianTwoFactorMiddleware"}
)


@pytest.mark.parametrize("path", PROTECTED)
def test_protected_pages_ask_for_the_password_first(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    response = client_for(personas.partner_a).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/account/confirm/?next={path.replace('/', '%2F')}"


@pytest.mark.parametrize("path", PROTECTED)
def test_protected_pages_send_strangers_to_sign_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_right_password_opens_protected_pages_for_ten_minutes(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/account/confirm/", {"password": PASSWORD, "next": "/account/my-data/"})
    assert response.status_code == 302 and response["Location"] == "/account/my-data/"
    assert client.get("/account/my-data/").status_code == 200
    session = client.session
    session[sudo.SESSION_KEY] = time.time() - sudo.RECENT_SECONDS - 1
    session.save()
    assert client.get("/account/my-data/").status_code == 302


def test_a_wrong_password_opens_nothing(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/account/confirm/", {"password": "not it", "next": "/account/delete/"})
    assert response.status_code == 400
    assert "That password did not work" in response.content.decode()
    assert client.get("/account/delete/").status_code == 302


def test_with_two_step_on_the_password_alone_is_not_enough(
    personas: Personas, client_for: ClientFor
) -> None:
    turn_on(personas.partner_a)
    client = client_for(personas.partner_a)
    assert client.post("/account/confirm/", {"password": PASSWORD}).status_code == 400
    assert client.get("/account/my-data/").status_code == 302
    client.post("/account/confirm/", {"password": PASSWORD, "code": next_code(personas.partner_a)})
    assert client.get("/account/my-data/").status_code == 200


def test_confirming_is_rate_limited(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    for _ in range(5):
        client.post("/account/confirm/", {"password": "wrong"})
    response = client.post("/account/confirm/", {"password": PASSWORD})
    assert response.status_code == 429 and "Too many tries" in response.content.decode()
    assert client.get("/account/my-data/").status_code == 302


def test_confirm_never_sends_a_person_to_another_site(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    response = client.post(
        "/account/confirm/", {"password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_signing_in_counts_as_a_recent_confirmation(personas: Personas, client: Client) -> None:
    client.post("/login/", {"email": personas.solo.email, "password": PASSWORD})
    assert client.get("/account/my-data/").status_code == 200


def test_a_clinician_without_two_step_is_sent_to_set_it_up_at_sign_in(
    personas: Personas, client: Client
) -> None:
    without_two_step(personas.clinician)
    response = client.post("/login/", {"email": personas.clinician.email, "password": PASSWORD})
    assert response["Location"] == "/account/two-step/"
    page = client.get("/account/two-step/").content.decode()
    assert "Clinician accounts must use two-step sign-in" in page


@CLINICIAN_RULE
@pytest.mark.parametrize("path", ["/", "/account/", "/partner/", "/clinic/", "/account/my-data/"])
def test_a_clinician_without_two_step_can_open_nothing_else(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    response = client_for(without_two_step(personas.clinician)).get(path)
    assert response.status_code == 302 and response["Location"] == "/account/two-step/"


@CLINICIAN_RULE
def test_a_clinician_can_still_set_up_sign_out_and_leave_quickly(
    personas: Personas, client: Client
) -> None:
    without_two_step(personas.clinician)
    client.post("/login/", {"email": personas.clinician.email, "password": PASSWORD})
    assert client.get("/account/two-step/").status_code == 200
    assert client.post("/account/two-step/start/").status_code == 302
    assert client.get("/static/hearth/app.css").status_code != 302  # not sent to set-up
    assert client.post("/quick-exit/", {"beacon": "1"}).status_code == 204
    client.post("/login/", {"email": personas.clinician.email, "password": PASSWORD})
    assert client.post("/logout/").status_code == 302


@CLINICIAN_RULE
def test_a_clinician_with_two_step_opens_pages_as_usual(
    personas: Personas, client_for: ClientFor
) -> None:
    turn_on(personas.clinician)
    assert client_for(personas.clinician).get("/account/").status_code == 200


@CLINICIAN_RULE
def test_partners_are_not_held_to_the_clinician_rule(
    personas: Personas, client_for: ClientFor
) -> None:
    assert client_for(personas.partner_a).get("/account/").status_code == 200


def test_a_new_clinician_goes_straight_to_two_step_set_up(db: None, client: Client) -> None:
    response = sign_up_by_email(
        client,
        {
            "email": "new.clinician@example.test",
            "display_name": "Dr Lee",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "adult": "on",
            "privacy": "on",
        },
        page="/signup/clinician/",
    )
    assert response.status_code == 302 and response["Location"] == "/account/two-step/"
    assert client.get("/account/two-step/").status_code == 200
