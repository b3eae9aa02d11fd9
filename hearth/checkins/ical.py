"""The private calendar feed: planned times as iCalendar, with neutral words only.

Every event has the same neutral title whatever it is ("Planned time", in German "Geplante
Zeit"); no description, no location, and ids that carry no words. The calendar itself has
the neutral name a discreet device shows ("Notes"), and the file never names the app: a
calendar list, a shared calendar or a synced copy would give it away. A calendar app may sync
to other devices or show on a lock screen. The title is in the language the person used
when they made the link (a calendar app brings no session and no language of its own).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from hearth.accounts.models import User
from hearth.checkins.providers import calendar_items
from hearth.core.pwa import NEUTRAL_NAME

if TYPE_CHECKING:
    from icalendar import Event

# Marked for translation here, translated in the feed's language.
TITLE = gettext_noop("Planned time")


def title(language: str) -> str:
    """The neutral title every event has, in ``language``."""
    with translation.override(language):
        return gettext(TITLE)


def name(language: str) -> str:
    """The calendar's own name, in ``language``: the neutral app name, never the real one."""
    with translation.override(language):
        return gettext(NEUTRAL_NAME)


def feed(user: User, language: str) -> bytes:
    # Imported here, not at the top: a few people sync a calendar, and every server worker
    # would otherwise hold the library (about 4 MB) from start-up (issue 19, worker memory).
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//Planned times//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name(language))
    stamp = timezone.now()
    summary = title(language)
    for start, end, uid in sorted(calendar_items(user)):
        calendar.add_component(_event(start, end, uid, stamp, summary, language))
    ical: bytes = calendar.to_ical()
    return ical


def neutral_uid(uid: str) -> str:
    """A stable id that a calendar app can follow from one sync to the next, with none of
    the provider's words in it (a uid such as "session-12" would say what the event is)."""
    return f"{hashlib.sha256(uid.encode()).hexdigest()[:32]}@planned"


def _event(
    start: datetime, end: datetime, uid: str, stamp: datetime, summary: str, language: str
) -> Event:
    from icalendar import Event

    event = Event()
    event.add("uid", neutral_uid(uid))
    event.add("summary", summary, parameters={"LANGUAGE": language})
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("dtstamp", stamp)
    return event
