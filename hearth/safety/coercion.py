"""The private relationship check: HARK, a validated four-question screen.

Sensate-focus couple work is contraindicated where there is coercion or violence, so each
partner answers a short check privately, at intake and then every 30 days. The questions
are HARK (Sohal, Eldridge & Feder 2007, BMC Family Practice 8:49), word for word from
``screens/hark.toml``: four yes/no questions about the last year, by a partner or an
ex-partner. One "yes" or more is positive (the cut-off the study tested).

Project choices, documented here and in the data file:

- "I'd rather not say" is not a disclosure. A person who cannot answer freely (the partner
  may be in the room) gets a gentle answer of its own: nothing is recorded as a risk,
  nobody is alerted, and couple exercises stay off, as when the check has not been taken,
  until the person answers it. Any "yes" still makes the result positive.
- A question left out of ``answers`` counts as "I'd rather not say": a bug that drops an
  answer must never clear a check.
- Every 30 days: often enough to notice a change during a program of a few months, rare
  enough not to feel like surveillance. No validated interval exists. HARK itself asks
  about the last year.

Pure Python, no Django. ``hearth.safety.rules`` turns a positive check into actions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from hearth.core.datafile import DataFileError, Table, read_toml

SCREEN_FILE = Path(__file__).resolve().parent / "screens" / "hark.toml"
REPEAT_DAYS = 30
_LOINC = re.compile(r"^[0-9]{1,7}-[0-9]$")

__all__ = [
    "REPEAT_DAYS",
    "Answer",
    "CoercionScreen",
    "DataFileError",
    "Result",
    "ScreenItem",
    "is_due",
    "load_screen",
    "next_due",
    "screen_positive",
    "screen_result",
]


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


class Result(StrEnum):
    CLEAR = "clear"  # every answer "no"
    POSITIVE = "positive"  # at least one "yes"
    DECLINED = "declined"  # no "yes", but at least one "I'd rather not say"


@dataclass(frozen=True, slots=True)
class ScreenItem:
    id: str
    text: str
    loinc: str


@dataclass(frozen=True, slots=True)
class CoercionScreen:
    id: str
    version: int
    validated: bool
    reference: str
    repeat_days: int
    items: tuple[ScreenItem, ...]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)


@cache
def load_screen(path: Path = SCREEN_FILE) -> CoercionScreen:
    """The check from its data file; ``DataFileError`` names the file when it is malformed."""
    table = Table(path, read_toml(path))
    table.only(("id", "version", "validated", "reference", "repeat_days", "items"))
    screen = CoercionScreen(
        id=table.text("id"),
        version=table.integer("version"),
        validated=table.boolean("validated", default=False),
        reference=table.text("reference"),
        repeat_days=table.integer("repeat_days"),
        items=tuple(_item(t) for t in table.tables("items")),
    )
    if len(set(screen.item_ids)) != len(screen.items):
        raise table.fail("question ids in 'items' must be unique")
    if screen.repeat_days < 1:
        raise table.fail("'repeat_days' must be 1 or more")
    return screen


def screen_result(
    answers: Mapping[str, Answer | str], screen: CoercionScreen | None = None
) -> Result:
    """Positive on any "yes"; declined when nothing is "yes" but something is not "no".

    Unknown question ids or answer values raise ``ValueError``: they mean a programming
    error, and guessing would be unsafe either way.
    """
    screen = screen or load_screen()
    unknown = sorted(set(answers) - set(screen.item_ids))
    if unknown:
        raise ValueError(f"unknown question(s) in the check: {', '.join(unknown)}")
    given = [Answer(answers.get(item, Answer.PREFER_NOT_TO_SAY)) for item in screen.item_ids]
    if Answer.YES in given:
        return Result.POSITIVE
    return Result.CLEAR if all(a == Answer.NO for a in given) else Result.DECLINED


def screen_positive(
    answers: Mapping[str, Answer | str], screen: CoercionScreen | None = None
) -> bool:
    return screen_result(answers, screen) == Result.POSITIVE


def next_due(last_taken: date | None, today: date, repeat_days: int = REPEAT_DAYS) -> date:
    """The day the check is next due: today if never taken, else ``repeat_days`` after.

    A due day in the past means the check is overdue; callers compare with ``is_due``.
    """
    if last_taken is None:
        return today
    return last_taken + timedelta(days=repeat_days)


def is_due(last_taken: date | None, today: date, repeat_days: int = REPEAT_DAYS) -> bool:
    return next_due(last_taken, today, repeat_days) <= today


def _item(table: Table) -> ScreenItem:
    table.only(("id", "text", "loinc"))
    loinc = table.text("loinc")
    if not _LOINC.match(loinc):
        raise table.fail("'loinc' must be a LOINC code like 76499-3")
    return ScreenItem(id=table.text("id"), text=table.text("text"), loinc=loinc)
