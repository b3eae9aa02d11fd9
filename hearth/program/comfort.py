"""Comfort maps and the touch list of each turn. Pure: plain data in, plain data out.

Each person privately marks every body area (content.AREAS) twice: for being touched
("receive") and for touching the partner ("give"), as "welcome", "not yet" or "no". The
two directions differ for many people: some can touch before they can be touched, or the
other way round.

A touch list says where one person may touch the other in a turn: the areas the receiver
welcomes being touched on, that the giver welcomes touching, that the exercise includes
and its stage does not leave out. It is a positive list: it never says which person's
mark left an area out, and nothing else about either map reaches the partner.

The areas that later stages add (chest, genitals: ``NEW_AREAS``) count only once the
person has chosen, privately and on purpose, which of them to include ("opted in"); until
then they stay out of every list that person is part of, whatever the map says.

A map nobody has changed yet starts from ``default_marks``: in a plan that starts gently
(trauma-informed plans among them) every area is "not yet" and only the person opens it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from hearth.program.content import AREAS

Mark = Literal["welcome", "not_yet", "no"]
Direction = Literal["receive", "give"]
MARKS: tuple[Mark, ...] = ("welcome", "not_yet", "no")
DIRECTIONS: tuple[Direction, ...] = ("receive", "give")
# Areas a later stage may add. Nobody's list holds them before that person opted in.
NEW_AREAS: tuple[str, ...] = ("chest", "genitals")


class MapError(ValueError):
    """A map names an unknown area or mark."""


def _frozen(marks: Mapping[str, Mark]) -> Mapping[str, Mark]:
    unknown = set(marks) - set(AREAS)
    if unknown:
        raise MapError(f"unknown areas: {sorted(unknown)}")
    wrong = {a: m for a, m in marks.items() if m not in MARKS}
    if wrong:
        raise MapError(f"unknown marks: {wrong}")
    if set(marks) != set(AREAS):
        raise MapError(f"a map marks every area; missing {sorted(set(AREAS) - set(marks))}")
    return MappingProxyType({a: marks[a] for a in AREAS})


@dataclass(frozen=True)
class ComfortMap:
    """One person's marks for every area, in both directions. ``person`` is an opaque id."""

    person: str
    receive: Mapping[str, Mark]
    give: Mapping[str, Mark]
    # The person chose, on purpose, which new areas (chest, genitals) to include.
    new_areas_chosen: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "receive", _frozen(self.receive))
        object.__setattr__(self, "give", _frozen(self.give))

    def marks(self, direction: Direction) -> Mapping[str, Mark]:
        return self.receive if direction == "receive" else self.give

    def welcome(self, direction: Direction) -> frozenset[str]:
        """Areas open in this direction: marked welcome, and for a new area, opted in."""
        return frozenset(
            area
            for area, mark in self.marks(direction).items()
            if mark == "welcome" and (area not in NEW_AREAS or self.new_areas_chosen)
        )


def default_marks(
    *, gentle: bool, off_limits: Iterable[str] = (), sore: Iterable[str] = ()
) -> dict[Direction, dict[str, Mark]]:
    """The marks of a map the person has not changed yet.

    In a plan that starts gently every area is "not yet": the person opens each one. Else
    the areas their own answers ruled out are "no" and sore ones "not yet" for being
    touched; the new areas are always "not yet"; the rest start as "welcome".
    """
    if gentle:
        return {d: dict.fromkeys(AREAS, "not_yet") for d in DIRECTIONS}
    closed, tender = set(off_limits), set(sore)
    receive: dict[str, Mark] = {}
    give: dict[str, Mark] = {}
    for area in AREAS:
        new: Mark = "not_yet" if area in NEW_AREAS else "welcome"
        give[area] = new
        receive[area] = "no" if area in closed else "not_yet" if area in tender else new
    return {"receive": receive, "give": give}


def build_map(
    person: str,
    defaults: Mapping[Direction, Mapping[str, Mark]],
    chosen: Mapping[str, Mapping[str, Mark]],
    new_areas_chosen: bool = False,
) -> ComfortMap:
    """The person's map: their own choices over the defaults."""
    marks = {d: {**defaults[d], **chosen.get(d, {})} for d in DIRECTIONS}
    return ComfortMap(
        person=person,
        receive=marks["receive"],
        give=marks["give"],
        new_areas_chosen=new_areas_chosen,
    )


@dataclass(frozen=True)
class StageRules:
    """What the exercise and its stage allow: ``areas`` as planned for this couple (the
    intake's limits already applied) and the areas the stage leaves out."""

    areas: frozenset[str]
    excluded: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class TouchList:
    """Where ``giver`` may touch ``receiver``: a positive list, in body order."""

    giver: str
    receiver: str
    areas: tuple[str, ...]


def _ordered(areas: Iterable[str]) -> tuple[str, ...]:
    chosen = set(areas)
    return tuple(a for a in AREAS if a in chosen)


def may_touch(giver: ComfortMap, receiver: ComfortMap, rules: StageRules) -> TouchList:
    """Where ``giver`` may touch ``receiver`` (the same person for touch on one's own body).

    Both must welcome it (the receiver being touched there, a partner touching there), and
    the exercise and stage must allow it; a new area also needs both to have opted in.
    """
    open_areas = receiver.welcome("receive")
    if giver.person != receiver.person:
        open_areas &= giver.welcome("give")
    allowed = (open_areas & rules.areas) - rules.excluded
    return TouchList(giver=giver.person, receiver=receiver.person, areas=_ordered(allowed))


def turn_list(first: ComfortMap, second: ComfortMap, rules: StageRules, turn: int) -> TouchList:
    """The list of one turn when partners take turns: in turn 1 ``first`` gives and
    ``second`` receives, in turn 2 they swap, and so on."""
    if turn < 1:
        raise ValueError("turns count from 1")
    giver, receiver = (first, second) if turn % 2 == 1 else (second, first)
    return may_touch(giver, receiver, rules)


def together_lists(a: ComfortMap, b: ComfortMap, rules: StageRules) -> tuple[TouchList, ...]:
    """Both lists at once, for exercises where both touch at the same time."""
    return (may_touch(a, b, rules), may_touch(b, a, rules))


def narrowed(current: TouchList, at_start: Iterable[str] | None) -> TouchList:
    """A running session's list: what is open now, and was open when it started. A change
    toward "no" counts at once; an area opened during a session waits for the next one."""
    if at_start is None:
        return current
    kept = set(at_start)
    return TouchList(
        giver=current.giver,
        receiver=current.receiver,
        areas=tuple(a for a in current.areas if a in kept),
    )
