"""The private relationship safety check (coercion screen).

Sensate-focus couple work is contraindicated where there is coercion or violence, so each
partner answers a short yes/no check privately, at intake and then every 30 days. The
questions live in ``screens/coercion.toml``; they are written by the Hearth project and are
NOT a validated instrument (the file and the ``validated`` flag say so).

Project choices, documented here and in the data file:

- Any "yes" is positive.
- "I'd rather not say" is positive too. A person who cannot answer freely (the partner may
  be in the room) may be the one most at risk, and a false positive only pauses couple
  exercises, which the partner sees as a neutral "not today".
- A question left out of ``answers`` counts as "I'd rather not say" (fail safe): a bug that
  drops an answer must never clear a screen.
- Every 30 days: often enough to notice a change during a program of a few months, rare
  enough not to feel like surveillance. No validated interval exists.

Pure Python, no Django. ``hearth.safety.rules`` turns a positive screen into actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from hearth.safety._toml import DataFileError, Table, read_toml

SCREEN_FILE = Path(__file__).resolve().parent / "screens" / "coercion.toml"
REPEAT_DAYS = 30

__all__ = [
    "REPEAT_DAYS",
    "Answer",
    "CoercionScreen",
    "DataFileError",
    "ScreenItem",
    "is_due",
    "load_screen",
    "next_due",
    "screen_positive",
]


class Answer(StrEnum):
    YES = "yes"
    NO = "no"
    PREFER_NOT_TO_SAY = "prefer_not_to_say"


@dataclass(frozen=True, slots=True)
class ScreenItem:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class AnswerOption:
    value: Answer
    label: str


@dataclass(frozen=True, slots=True)
class CoercionScreen:
    id: str
    version: int
    validated: bool
    repeat_days: int
    title: str
    notice: str  # says the questions are the project's own, not a validated tool
    intro: str
    after_positive: str
    after_negative: str
    options: tuple[AnswerOption, ...]
    items: tuple[ScreenItem, ...]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @property
    def user_facing_texts(self) -> tuple[str, ...]:
        fixed = (self.title, self.notice, self.intro, self.after_positive, self.after_negative)
        return fixed + tuple(o.label for o in self.options) + tuple(i.text for i in self.items)


@cache
def load_screen(path: Path = SCREEN_FILE) -> CoercionScreen:
    """The screen from its data file; ``DataFileError`` names the file when it is malformed."""
    table = Table(path, read_toml(path))
    table.only(_SCREEN_FIELDS)
    screen = CoercionScreen(
        id=table.text("id"),
        version=table.integer("version"),
        validated=table.boolean("validated", default=False),
        repeat_days=table.integer("repeat_days"),
        title=table.text("title"),
        notice=table.text("notice"),
        intro=table.text("intro"),
        after_positive=table.text("after_positive"),
        after_negative=table.text("after_negative"),
        options=tuple(_option(t) for t in table.tables("options")),
        items=tuple(_item(t) for t in table.tables("items")),
    )
    _check_screen(table, screen)
    return screen


def screen_positive(
    answers: Mapping[str, Answer | str], screen: CoercionScreen | None = None
) -> bool:
    """True when any answer is "yes" or "I'd rather not say", or a question is unanswered.

    Unknown question ids or answer values raise ``ValueError``: they mean a programming
    error, and guessing would be unsafe either way.
    """
    screen = screen or load_screen()
    unknown = sorted(set(answers) - set(screen.item_ids))
    if unknown:
        raise ValueError(f"unknown question(s) in the safety check: {', '.join(unknown)}")
    given = {item: Answer(value) for item, value in answers.items()}
    return any(given.get(item, Answer.PREFER_NOT_TO_SAY) != Answer.NO for item in screen.item_ids)


def next_due(last_taken: date | None, today: date, repeat_days: int = REPEAT_DAYS) -> date:
    """The day the check is next due: today if never taken, else ``repeat_days`` after.

    A due day in the past means the check is overdue; callers compare with ``is_due``.
    """
    if last_taken is None:
        return today
    return last_taken + timedelta(days=repeat_days)


def is_due(last_taken: date | None, today: date, repeat_days: int = REPEAT_DAYS) -> bool:
    return next_due(last_taken, today, repeat_days) <= today


_SCREEN_FIELDS = (
    "id",
    "version",
    "validated",
    "repeat_days",
    "title",
    "notice",
    "intro",
    "after_positive",
    "after_negative",
    "options",
    "items",
)


def _option(table: Table) -> AnswerOption:
    table.only(("value", "label"))
    value = table.text("value")
    if value not in set(Answer):
        raise table.fail(f"'value' must be one of {', '.join(a.value for a in Answer)}")
    return AnswerOption(value=Answer(value), label=table.text("label"))


def _item(table: Table) -> ScreenItem:
    table.only(("id", "text"))
    return ScreenItem(id=table.text("id"), text=table.text("text"))


def _check_screen(table: Table, screen: CoercionScreen) -> None:
    if {o.value for o in screen.options} != set(Answer):
        raise table.fail("'options' must offer yes, no and prefer_not_to_say exactly once each")
    if len(screen.options) != len(Answer):
        raise table.fail("'options' must offer yes, no and prefer_not_to_say exactly once each")
    if len(set(screen.item_ids)) != len(screen.items):
        raise table.fail("question ids in 'items' must be unique")
    if screen.repeat_days < 1:
        raise table.fail("'repeat_days' must be 1 or more")
