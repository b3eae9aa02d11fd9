"""Sessions the person can see: the list of sign-ins with "sign out there", the change-password
page, an absolute lifetime besides the idle one, and a session page's own polling that does
not keep a sign-in alive."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.accounts import actions
from hearth.accounts.models import AccountEvent, SignIn, User
from hearth.accounts.sessions import handle
from hearth.core.models import AuditEvent
from tests.accounts.test_sign_out_everywhere import (
    CHROME_LINUX,
    SAFARI_IPHONE,
    is_signed_in,
    key_for,
    key_works,
    message_on,
    signed_in,
)
from tests.accounts.twostep import next_code, turn_on
from tests.conftest import PASSWORD, Personas, Response
from tests.i18n.catalogue import visible_text

NEW_PASSWORD = "another long passphrase 77"


def row_of(client: Client) -> SignIn:
    return SignIn.objects.get(session_key=client.cookies["sessionid"].value)


# --- the list of sign-ins ----------------------------------------------------------------------


def test_the_page_lists_each_working_sign_in_by_browser_and_system(personas: Personas) -> None:
    ada = personas.partner_a
    phone, laptop, old = signed_in(ada), signed_in(ada, CHROME_LINUX), signed_in(ada, SAFARI_IPHONE)
    SignIn.objects.filter(pk=row_of(old).pk).update(expire_date=timezone.now())
    signed_in(personas.partner_b, SAFARI_IPHONE)

    html = phone.get("/account/sign-ins/").content.decode()
    page = visible_text(html)

    assert "Firefox on Android · This device" in page
    assert "Chrome on Linux" in page
    # An ended sign-in (and Ben's, on the same kind of phone) is not listed as working.
    assert "Safari on iPhone" not in page
    assert html.count(">Sign out there<") == 1 and html.count(">Sign out here<") == 1
    assert is_signed_in(laptop)


def test_an_unknown_browser_is_named_plainly(personas: Personas) -> None:
    client = signed_in(personas.partner_a, "curl/8.5.0")
    assert "An unknown browser · This device" in visible_text(
        client.get("/account/sign-ins/").content.decode()
    )


def test_sign_out_there_ends_only_that_sign_in(personas: Personas) -> None:
    ada = personas.partner_a
    phone, laptop = signed_in(ada), signed_in(ada, CHROME_LINUX)
    secret = key_for(ada)

    response = phone.post(f"/account/sign-ins/{handle(row_of(laptop))}/end/", follow=True)

    assert "Signed out on Chrome on Linux." in message_on(response)
    assert not is_signed_in(laptop)
    assert is_signed_in(phone) and key_works(secret)
    event = AuditEvent.objects.get(kind=actions.SIGN_IN_ENDED)
    assert event.subject == ada and event.detail == {"browser": "Chrome", "system": "Linux"}


def test_signing_out_here_from_the_list_signs_this_browser_out(personas: Personas) -> None:
    phone = signed_in(personas.partner_a)
    response = phone.post(f"/account/sign-ins/{handle(row_of(phone))}/end/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not is_signed_in(phone)


def test_nobody_can_end_someone_else_s_sign_in(personas: Personas) -> None:
    ada = signed_in(personas.partner_a)
    name = handle(row_of(ada))
    ben = signed_in(personas.partner_b)
    assert ben.post(f"/account/sign-ins/{name}/end/").status_code == 404
    assert ben.post("/account/sign-ins/not-a-sign-in/end/").status_code == 404
    assert is_signed_in(ada)
    assert name not in ben.get("/account/sign-ins/").content.decode()


def test_the_address_never_holds_the_session_key(personas: Personas) -> None:
    client = signed_in(personas.partner_a)
    page = client.get("/account/sign-ins/").content.decode()
    assert client.cookies["sessionid"].value not in page


# --- changing the password ------------------------------------------------------------------


def change(
    client: Client, current: str = PASSWORD, new: str = NEW_PASSWORD, **extra: str
) -> Response:
    data = {"current_password": current, "new_password1": new, "new_password2": new, **extra}
    return client.post("/account/password/", data, follow=True)


def signs_in_with(user: User, password: str) -> bool:
    response = Client().post("/login/", {"email": user.email, "password": password})
    return response.status_code == 302 and "/login/" not in response["Location"]


def test_changing_the_password_ends_every_other_sign_in_and_key(personas: Personas) -> None:
    ada = personas.partner_a
    here, there = signed_in(ada), signed_in(ada, SAFARI_IPHONE)
    secrets = [key_for(ada), key_for(ada)]

    response = change(here)

    assert response.status_code == 200
    assert "Your password is changed." in message_on(response)
    assert "1 other sign-in was ended. 2 access keys were turned off." in message_on(response)
    assert is_signed_in(here) and not is_signed_in(there)
    assert not any(key_works(secret) for secret in secrets)
    assert signs_in_with(ada, NEW_PASSWORD) and not signs_in_with(ada, PASSWORD)
    assert AuditEvent.objects.get(kind=actions.ENDED_EVERYWHERE).detail["why"] == "new_password"
    assert AuditEvent.objects.filter(kind=AccountEvent.PASSWORD_CHANGED, subject=ada).exists()


def test_a_wrong_current_password_changes_nothing(personas: Personas) -> None:
    ada = personas.partner_a
    here, there, secret = signed_in(ada), signed_in(ada, SAFARI_IPHONE), key_for(ada)
    response = change(here, current="not my password at all")
    assert response.status_code == 400
    assert "That password did not work. Please try again." in response.content.decode()
    assert is_signed_in(there) and key_works(secret) and signs_in_with(ada, PASSWORD)


def test_a_weak_new_password_is_refused_with_a_message(personas: Personas) -> None:
    here = signed_in(personas.partner_a)
    response = change(here, new="short")
    assert response.status_code == 400
    assert "This password is too short." in response.content.decode()
    assert signs_in_with(personas.partner_a, PASSWORD)


def test_with_two_step_on_the_change_needs_a_code_too(personas: Personas) -> None:
    ada = personas.partner_a
    turn_on(ada)
    here = Client()
    here.force_login(ada)
    assert 'name="code"' in here.get("/account/password/").content.decode()
    assert change(here).status_code == 400
    ada.refresh_from_db()
    assert ada.check_password(PASSWORD)
    assert change(here, code=next_code(ada)).status_code == 200
    ada.refresh_from_db()
    assert ada.check_password(NEW_PASSWORD)


# --- an absolute lifetime --------------------------------------------------------------------


def test_a_sign_in_ends_after_fourteen_days_however_busy(personas: Personas) -> None:
    client = signed_in(personas.partner_a)
    started = timezone.now() - timedelta(days=14, minutes=1)
    SignIn.objects.filter(pk=row_of(client).pk).update(started_at=started)
    # Used a moment ago, so the idle limit has not ended it.
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_sign_in_of_thirteen_days_still_works(personas: Personas) -> None:
    client = signed_in(personas.partner_a)
    started = timezone.now() - timedelta(days=13, hours=23)
    SignIn.objects.filter(pk=row_of(client).pk).update(started_at=started)
    assert is_signed_in(client)


@override_settings(SESSION_MAX_DAYS=2)
def test_the_lifetime_is_a_setting_and_caps_the_stored_end(personas: Personas) -> None:
    client = signed_in(personas.partner_a)
    row = row_of(client)
    started = timezone.now() - timedelta(days=2) + timedelta(minutes=5)
    SignIn.objects.filter(pk=row.pk).update(started_at=started)
    session = client.session
    session["seen"] = time.time() - 120  # so the next page writes the session again
    session.save()
    assert is_signed_in(client)
    row.refresh_from_db()
    assert row.expire_date <= started + timedelta(days=2)  # not 30 minutes from now


# --- a session page's own polling ------------------------------------------------------------


@pytest.fixture
def open_session(personas: Personas) -> tuple[Client, str]:
    from tests.program.helpers import give_intake, propose

    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    session = propose(personas.partner_a)
    client = signed_in(personas.partner_b)
    assert client.get(f"/program/sessions/{session.pk}/").status_code == 200
    return client, f"/program/sessions/{session.pk}/state/"


def idle_for(client: Client, minutes: float) -> None:
    session = client.session
    session["seen"] = time.time() - minutes * 60
    session.save()


def test_polling_the_session_state_does_not_count_as_activity(
    open_session: tuple[Client, str],
) -> None:
    client, state_url = open_session
    idle_for(client, 20)
    seen = client.session["seen"]

    for _ in range(3):
        assert client.get(state_url).status_code == 200

    assert client.session["seen"] == seen  # the idle clock did not move
    idle_for(client, 31)  # the page stayed open, polling, and nobody touched it
    assert client.get(state_url).status_code == 302
    assert not is_signed_in(client)


def test_polling_does_not_save_the_sign_in_or_move_its_last_use(
    open_session: tuple[Client, str],
) -> None:
    client, state_url = open_session
    idle_for(client, 20)
    before = row_of(client)
    for _ in range(3):
        assert client.get(state_url).status_code == 200
    after = row_of(client)
    assert (after.last_used_at, after.expire_date) == (before.last_used_at, before.expire_date)


def test_opening_a_page_still_counts_as_activity(open_session: tuple[Client, str]) -> None:
    client, _state_url = open_session
    idle_for(client, 20)
    assert is_signed_in(client)
    assert time.time() - client.session["seen"] < 5


def test_a_sign_in_at_the_end_of_its_lifetime_is_pruned_by_housekeeping(
    personas: Personas,
) -> None:
    from hearth.ops import housekeeping

    client = signed_in(personas.partner_a)
    row = row_of(client)
    started = timezone.now() - timedelta(days=14, minutes=-1)
    SignIn.objects.filter(pk=row.pk).update(started_at=started)
    idle_for(client, 2)
    assert is_signed_in(client)  # busy until the very end: the page saved the session again
    ended = started + timedelta(days=14)
    row.refresh_from_db()
    assert row.expire_date <= ended

    removed = {o.name: o.count for o in housekeeping.run(ended + timedelta(seconds=1))}

    assert removed["expired_sessions"] == 1
    assert not SignIn.objects.filter(pk=row.pk).exists()


# --- the person read with the session row (hearth/accounts/backends.py) -----------------------


def test_a_sign_in_from_before_the_backend_had_its_own_name_still_works(
    personas: Personas,
) -> None:
    """Sessions stored Django's model backend by name; an upgrade signs nobody out."""
    client = signed_in(personas.partner_a)
    session = client.session
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session.save()
    assert is_signed_in(client)


def test_a_deactivated_person_is_signed_out_though_the_session_brought_them(
    personas: Personas,
) -> None:
    client = signed_in(personas.partner_a)
    User.objects.filter(pk=personas.partner_a.pk).update(is_active=False)
    assert not is_signed_in(client)


def test_a_password_changed_elsewhere_signs_this_browser_out_on_its_next_load(
    personas: Personas,
) -> None:
    """Django's session check against the person still runs on the person the row brought."""
    client = signed_in(personas.partner_a)
    ada = User.objects.get(pk=personas.partner_a.pk)
    ada.set_password(NEW_PASSWORD)
    ada.save()
    assert not is_signed_in(client)


def test_the_session_brings_its_person_and_stamps_in_one_query(personas: Personas) -> None:
    client = signed_in(personas.partner_a)
    client.get("/privacy/")  # the once-a-minute last-seen write falls before the count
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/privacy/").status_code == 200
    assert len(captured) == 1, [q["sql"] for q in captured]
