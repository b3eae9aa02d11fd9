"""The private calendar feed: planned times as iCalendar, with neutral words only.

Every event is titled "Planned time" whatever it is; no description, no location, and ids
that carry no words. A calendar app may sync to other devices or show on a lock screen.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from hearth.accounts.models import User
from hearth.checkins.providers import calendar_items

TITLE = "Planned time"


def feed(user: User) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.APP_NAME}//Planned time//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", settings.APP_NAME)
    stamp = timezone.now()
    for start, end, uid in sorted(calendar_items(user)):
        calendar.add_component(_event(start, end, uid, stamp))
    ical: bytes = calendar.to_ical()
    return ical


def neutral_uid(uid: str) -> str:
    """A stable id that a calendar app can follow from one sync to the next, with none of
    the provider's words in it (a uid such as "session-12" would say what the event is)."""
    return f"{hashlib.sha256(uid.encode()).hexdigest()[:32]}@planned"


def _event(start: datetime, end: datetime, uid: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", neutral_uid(uid))
    event.add("summary", TITLE)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", stamp)
    return event
