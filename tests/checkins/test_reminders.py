"""Reminders: chosen by each person, discreet, and sent once per day however often the
command runs."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from hearth.checkins.models import ReminderPreference, SentReminder
from hearth.checkins.reminders import send_due
from tests.conftest import ClientFor, Personas, Response

# Words that must never appear in a reminder's subject or body.
TELLING = re.compile(
    r"\b(sex\w*|intima\w*|touch\w*|therap\w*|clinic\w*|session\w*|sensate|desire|mood|"
    r"depress\w*|anxi\w*|questionnaire\w*|check-?in\w*|partner\w*|couple\w*|health|"
    r"mental|exercise\w*|hearth|safety|crisis|body|naked|arous\w*|orgasm\w*|libido)\b",
    re.IGNORECASE,
)


def at(hour: int) -> datetime:
    return timezone.localtime().replace(hour=hour, minute=5)


def choose(client: Client, kinds: list[str], hour: int = 8) -> Response:
    return client.post("/checkins/reminders/", {"kinds": kinds, "hour": str(hour)})


def test_nobody_gets_reminders_without_choosing_them(personas: Personas) -> None:
    assert send_due(at(23)) == 0 and mail.outbox == []


def test_a_person_chooses_kinds_and_an_hour(personas: Personas, client_for: ClientFor) -> None:
    choose(client_for(personas.partner_a), ["checkin", "session"], 7)
    pref = ReminderPreference.objects.get(user=personas.partner_a)
    assert (pref.kinds, pref.hour) == (["checkin", "session"], 7)


def test_made_up_choices_change_nothing(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    choose(client, ["checkin"], 7)
    for kinds, hour in [(["everything"], 7), (["checkin"], 24)]:
        response = choose(client, kinds, hour)
        assert response.status_code == 400
        assert "Please choose" in response.content.decode()
    pref = ReminderPreference.objects.get(user=personas.partner_a)
    assert (pref.kinds, pref.hour) == (["checkin"], 7)


def test_running_the_command_twice_sends_one_email(
    personas: Personas, client_for: ClientFor
) -> None:
    choose(client_for(personas.partner_a), ["checkin"], 0)
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["partner_a@example.test"]
    assert SentReminder.objects.filter(user=personas.partner_a, kind="checkin").count() == 1


def test_nothing_is_sent_before_the_chosen_hour(personas: Personas, client_for: ClientFor) -> None:
    choose(client_for(personas.partner_a), ["checkin"], 18)
    assert send_due(at(17)) == 0
    assert send_due(at(18)) == 1
    assert send_due(at(22)) == 0


def test_no_check_in_reminder_once_the_check_in_is_done(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    choose(client, ["checkin"], 0)
    client.post("/checkins/", {"mood": "5"})
    assert send_due(at(12)) == 0


def test_kinds_from_other_apps_are_sent_only_when_chosen(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    a, b = personas.partner_a, personas.partner_b
    providers["due"][a.pk] = ["session"]
    providers["due"][b.pk] = ["questionnaire"]
    choose(client_for(a), ["session"], 0)
    choose(client_for(b), ["session"], 0)
    assert send_due(at(12)) == 1 and mail.outbox[0].to == ["partner_a@example.test"]
    assert list(SentReminder.objects.values_list("kind", flat=True)) == ["session"]


def test_one_email_covers_every_kind_due_that_day(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    providers["due"][personas.partner_a.pk] = ["session", "questionnaire"]
    choose(client_for(personas.partner_a), ["checkin", "session", "questionnaire"], 0)
    assert send_due(at(12)) == 1
    assert SentReminder.objects.count() == 3


@override_settings(
    SITE_URL="https://notes.example.test", DEFAULT_FROM_EMAIL="Notifications <n@example.test>"
)
def test_the_email_is_discreet(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    providers["due"][personas.partner_a.pk] = ["session", "questionnaire"]
    choose(client_for(personas.partner_a), ["checkin", "session", "questionnaire"], 0)
    send_due(at(12))
    (email,) = mail.outbox
    assert not TELLING.search(str(email.subject)) and not TELLING.search(str(email.body))
    assert "You have something planned today. Open the app to see it." in email.body
    assert "https://notes.example.test/" in email.body
    assert email.from_email == "Notifications <n@example.test>"


def test_a_failed_send_is_tried_again_next_time(
    personas: Personas, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(client_for(personas.partner_a), ["checkin"], 0)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr("hearth.checkins.reminders.send_mail", broken)
    with pytest.raises(OSError):
        send_due(at(12))
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert send_due(at(12)) == 1
