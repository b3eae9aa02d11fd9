"""The private calendar feed: an unguessable, revocable link with neutral titles only."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.test import Client, override_settings
from icalendar import Calendar
from pytest_django import Settings

from hearth.checkins.ical import neutral_uid
from hearth.checkins.models import CalendarFeed
from hearth.core.models import AuditEvent
from tests.conftest import ClientFor, Personas

START = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
END = datetime(2026, 12, 1, 19, 45, tzinfo=UTC)


def new_link(client: Client) -> str:
    body = client.post("/checkins/calendar/new/").content.decode()
    site = re.escape(settings.SITE_URL)
    found = re.search(rf'id="calendar-link"[^>]*value="{site}(/[^"]+)"', body)
    assert found
    return found.group(1)


@override_settings(SITE_URL="https://notes.example.org", ALLOWED_HOSTS=["*"])
def test_the_calendar_link_comes_from_the_site_address_never_the_host_header(
    personas: Personas, client_for: ClientFor
) -> None:
    """A calendar app keeps asking the address it was given; one built from the Host header
    would send the secret link to whatever server the request named, again and again."""
    client = client_for(personas.partner_a)
    body = client.post("/checkins/calendar/new/", HTTP_HOST="evil.example.net").content.decode()
    found = re.search(r'id="calendar-link"[^>]*value="([^"]+)"', body)
    assert found
    assert found.group(1).startswith("https://notes.example.org/checkins/calendar/"), found.group(1)
    assert "evil.example.net" not in body


def test_the_feed_lists_planned_times_with_a_neutral_title(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    providers["planned"][personas.partner_a.pk] = [(START, END, "session-12@example.test")]
    path = new_link(client_for(personas.partner_a))
    response = Client().get(path)  # a calendar app has no session cookie
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Planned time"
    assert event.decoded("DTSTART") == START and event.decoded("DTEND") == END
    assert "session" not in str(event["UID"]) and str(event["UID"]).endswith("@planned")
    assert "DESCRIPTION" not in event and "LOCATION" not in event


def test_the_calendar_never_names_the_app(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any], settings: Settings
) -> None:
    """A calendar app lists the calendar by its name, and syncs or shares it: the name is
    the neutral one a discreet device shows, and the file holds the app's name nowhere."""
    settings.APP_NAME = "Hearth"
    providers["planned"][personas.partner_a.pk] = [(START, END, "session-12")]
    english = client_for(personas.partner_a)
    german = client_for(personas.partner_b)
    german.cookies["django_language"] = "de"
    for client, shown in ((english, "Notes"), (german, "Notizen")):
        body = Client().get(new_link(client)).content
        assert b"hearth" not in body.lower()
        assert str(Calendar.from_ical(body)["X-WR-CALNAME"]) == shown
    # The reminders page says what the calendar is called.
    assert 'in a calendar called "Notes"' in english.get("/checkins/reminders/").content.decode()
    page = german.get("/checkins/reminders/").content.decode()
    assert "in einem Kalender namens „Notizen“" in page


def events_for(client: Client) -> list[Any]:
    """The events of a fresh calendar link made by ``client``, read as a calendar app would."""
    return list(Calendar.from_ical(Client().get(new_link(client)).content).walk("VEVENT"))


def test_a_german_persons_calendar_is_in_german_and_an_english_persons_in_english(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    for person in (personas.partner_a, personas.partner_b):
        providers["planned"][person.pk] = [(START, END, f"session-{person.pk}")]
    german = client_for(personas.partner_a)
    german.cookies["django_language"] = "de"
    english = client_for(personas.partner_b)

    (event,) = events_for(german)
    assert str(event["SUMMARY"]) == "Geplante Zeit"
    assert event["SUMMARY"].params["LANGUAGE"] == "de"
    (event,) = events_for(english)
    assert str(event["SUMMARY"]) == "Planned time"
    assert event["SUMMARY"].params["LANGUAGE"] == "en"

    # The reminders page names the title the calendar really shows.
    assert "„Geplante Zeit“" in german.get("/checkins/reminders/").content.decode()
    assert '"Planned time"' in english.get("/checkins/reminders/").content.decode()


def test_the_calendar_keeps_the_language_its_link_was_made_in(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    providers["planned"][personas.partner_a.pk] = [(START, END, "session-1")]
    client = client_for(personas.partner_a)
    client.cookies["django_language"] = "de"
    path = new_link(client)
    client.cookies["django_language"] = "en"  # she switches the app to English later

    (event,) = Calendar.from_ical(Client().get(path).content).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Geplante Zeit"
    page = client.get("/checkins/reminders/").content.decode()
    assert '"Geplante Zeit"' in page and "made in another language" in page
    new_link(client)
    page = client.get("/checkins/reminders/").content.decode()
    assert '"Planned time"' in page and "made in another language" not in page


def test_only_a_digest_of_the_token_is_stored(personas: Personas, client_for: ClientFor) -> None:
    path = new_link(client_for(personas.partner_a))
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 40
    assert token not in CalendarFeed.objects.get().token_digest


def test_a_new_link_stops_the_old_one(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    old, new = new_link(client), new_link(client)
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_turning_the_link_off_stops_it(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    path = new_link(client)
    client.post("/checkins/calendar/off/")
    assert Client().get(path).status_code == 404
    assert AuditEvent.objects.filter(kind="checkins.calendar_off").count() == 1


def test_the_same_planned_time_keeps_the_same_id_between_syncs(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    providers["planned"][personas.partner_a.pk] = [(START, END, "session-12")]
    path = new_link(client_for(personas.partner_a))
    first, second = (Calendar.from_ical(Client().get(path).content) for _ in range(2))
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [
        str(e["UID"]) for e in second.walk("VEVENT")
    ]


def test_an_unknown_token_is_a_404(personas: Personas) -> None:
    assert Client().get("/checkins/calendar/not-a-real-token.ics").status_code == 404


def test_each_feed_holds_only_its_owners_times(
    personas: Personas, client_for: ClientFor, providers: dict[str, Any]
) -> None:
    providers["planned"][personas.partner_a.pk] = [(START, END, "a-1")]
    providers["planned"][personas.other_a.pk] = [(START, END, "c-1")]
    path = new_link(client_for(personas.other_a))
    events = Calendar.from_ical(Client().get(path).content).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [neutral_uid("c-1")]


def test_the_link_is_shown_once(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    path = new_link(client)
    assert path not in client.get("/checkins/reminders/").content.decode()


def test_clinicians_cannot_make_a_calendar_link(personas: Personas, client_for: ClientFor) -> None:
    assert client_for(personas.clinician).post("/checkins/calendar/new/").status_code == 404
    assert not CalendarFeed.objects.exists()
