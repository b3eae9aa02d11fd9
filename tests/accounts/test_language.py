"""Emails sent by a job (reminders, notices) are in the person's own language.

A job has no request to ask, so the account keeps the language the person signed up in,
last signed in with, or last chose; the job writes in it.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client, override_settings
from django.utils import timezone, translation

from hearth.accounts import actions
from hearth.accounts.models import User
from hearth.checkins.reminders import send_due
from hearth.ops import housekeeping
from tests.conftest import PASSWORD, ClientFor, Personas


def language_of(user: User) -> str:
    return User.objects.get(pk=user.pk).language


def test_the_language_a_person_signs_up_in_is_kept(db: object) -> None:
    with translation.override("de"):
        german = actions.sign_up("neu@example.test", "Nina", "a long passphrase 123")
    english = actions.sign_up("new@example.test", "Nils", "a long passphrase 123")
    assert (language_of(german), language_of(english)) == ("de", "en")


def test_choosing_a_language_while_signed_in_keeps_it(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "de"
    assert language_of(personas.partner_a) == "de"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a language
    assert language_of(personas.partner_a) == "de"
    # Signed out, the switch still works for the device and touches no account.
    anonymous = Client().post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert anonymous.cookies["django_language"].value == "de"
    assert language_of(personas.partner_b) == "en"


def test_signing_in_on_a_german_device_keeps_german(personas: Personas) -> None:
    client = Client()
    client.cookies["django_language"] = "de"
    response = client.post("/login/", {"email": personas.partner_b.email, "password": PASSWORD})
    assert response.status_code == 302
    assert language_of(personas.partner_b) == "de"


def test_reminders_are_written_in_each_person_s_language(
    personas: Personas, client_for: ClientFor
) -> None:
    german = client_for(personas.partner_a)
    german.post("/i18n/setlang/", {"language": "de", "next": "/"})
    for person in (personas.partner_a, personas.partner_b):
        client_for(person).post("/checkins/reminders/", {"kinds": ["checkin"], "hour": "0"})
    assert send_due(timezone.localtime().replace(hour=23)) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["partner_a@example.test"].subject == "Eine freundliche Erinnerung"
    assert "Sie haben heute etwas geplant." in by_address["partner_a@example.test"].body
    assert by_address["partner_b@example.test"].subject == "A friendly reminder"
    assert "You have something planned today." in by_address["partner_b@example.test"].body


@override_settings(INACTIVE_ACCOUNT_DAYS=365)
def test_the_unused_account_email_is_in_the_person_s_language(personas: Personas) -> None:
    now = timezone.now()
    User.objects.filter(pk=personas.solo.pk).update(
        language="de", date_joined=now - timedelta(days=500), last_login=now - timedelta(days=400)
    )
    housekeeping.run(now)
    (message,) = mail.outbox
    assert "Ihr Konto wurde seit 365 Tagen nicht genutzt." in message.body
