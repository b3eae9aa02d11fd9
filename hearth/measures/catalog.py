"""Which questionnaires the web app offers, how they are paged, and when they are due.

Project choices (documented here and on the questionnaire page):

- PHQ-9 and GAD-7 for everyone, the CSI-4 for people linked with a partner, the PC-PTSD-5
  and PGIC only when a person adds them. Derived short forms (PHQ-2, GAD-2) are scored
  from their parents and never asked on their own.
- The first sitting is due on first use (the baseline), then every ``INTERVAL_DAYS`` days
  counted from the day of the last completed sitting.
- A sitting can be taken from its due day until ``WINDOW_DAYS`` days later. After that
  window it is missed: answers started earlier are not used, because they describe a
  different stretch of time ("the last 2 weeks"). The next due day keeps the rhythm.
- Questions are shown a few at a time; each page is saved, so a person can stop and
  come back. A gate question (PC-PTSD-5) gets a page of its own, so a "no" ends there.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from pathlib import Path

from django.conf import settings

from hearth.core.languages import SOURCE_LANGUAGE, content_language
from hearth.measures.definitions import Instrument, Item, load_instruments
from hearth.measures.translations import in_language, load_translations

DEFAULT_IDS = ("phq9", "gad7")
COUPLE_IDS = ("csi4",)
OPTIONAL_IDS = ("pcptsd5", "pgic")
INTERVAL_DAYS = 14
WINDOW_DAYS = 7
PAGE_SIZE = 5


def instruments(language: str | None = None) -> dict[str, Instrument]:
    """Shipped instruments plus a clinic's own (HEARTH_INSTRUMENTS_DIR), keyed by id.

    With a ``language``, each instrument that has a validated translation in it comes in
    that language's words (the same ids, values and rules: scores never depend on it);
    the others stay English. Without one, all are English, the source."""
    dirs = [Path(p) for p in settings.INSTRUMENTS_DIRS]
    wanted = content_language(language)
    if language is None or wanted == SOURCE_LANGUAGE:
        return load_instruments(dirs)
    if not dirs:  # the shipped set never changes while the service runs
        return dict(_shipped_in(wanted))
    return in_language(load_instruments(dirs), load_translations(dirs), wanted)


@cache
def _shipped_in(language: str) -> dict[str, Instrument]:
    return in_language(load_instruments(), load_translations(), language)


def languages_of(instrument_id: str) -> frozenset[str]:
    """The languages an instrument can be asked in: English and its translations."""
    dirs = [Path(p) for p in settings.INSTRUMENTS_DIRS]
    known = load_instruments(dirs)
    asked = known[instrument_id].derived_from or instrument_id if instrument_id in known else ""
    found = {lang for (key, lang) in load_translations(dirs) if key == asked}
    return frozenset({SOURCE_LANGUAGE, *found})


def sitting_language(instrument_id: str, language: str | None) -> str:
    """The language a new sitting is asked in: the person's, if the instrument has a
    validated translation in it, else English."""
    wanted = content_language(language)
    return wanted if wanted in languages_of(instrument_id) else SOURCE_LANGUAGE


def offered_ids(in_couple: bool) -> tuple[str, ...]:
    """Instruments a person is asked without choosing them."""
    return DEFAULT_IDS + (COUPLE_IDS if in_couple else ())


def sort_key(instrument_id: str) -> tuple[int, str]:
    """Shipped instruments in the order above, then a clinic's own by id."""
    order = DEFAULT_IDS + COUPLE_IDS + OPTIONAL_IDS
    return (
        (order.index(instrument_id), "") if instrument_id in order else (len(order), instrument_id)
    )


def pages(instrument: Instrument) -> list[tuple[Item, ...]]:
    """The items in the order asked, a few per page; a gate item stands alone. Extra
    questions (never scored, optional) come last, on the last page."""
    items = list(instrument.items)
    head: list[tuple[Item, ...]] = []
    if instrument.gate is not None:
        gate = instrument.item(instrument.gate.item)
        head = [(gate,)]
        items.remove(gate)
    chunks = [tuple(items[i : i + PAGE_SIZE]) for i in range(0, len(items), PAGE_SIZE)]
    if instrument.extras:
        chunks[-1] = (*chunks[-1], *instrument.extras)
    return head + chunks


def is_optional(instrument: Instrument, item: Item) -> bool:
    """An extra question may be left blank; every item must be answered on the web."""
    return any(e.id == item.id for e in instrument.extras)


def window_end(due: date) -> date:
    return due + timedelta(days=WINDOW_DAYS)


def next_due_after_miss(due: date, interval_days: int, today: date) -> date:
    """The first due day in the same rhythm whose window has not closed yet."""
    step = timedelta(days=interval_days)
    while window_end(due) < today:
        due += step
    return due
