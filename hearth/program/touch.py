"""Where touch is open: the touch lists of an exercise or a session, for one viewer.

Both comfort maps (maps.py) and the stage's rules go through the pure ``comfort`` rules;
what comes out is a positive list per giver and receiver. A viewer learns only those lists,
never a mark of the other's map, nor whose mark left an area out.

The stage's rules are the exercise as planned for this couple (the plan already leaves out
what either intake ruled out) and the areas its stage leaves out. An exercise that is no
longer in the plan opens nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from hearth.accounts.models import User
from hearth.program import comfort, maps
from hearth.program import plan as planner
from hearth.program.content import Content, Exercise, Stage
from hearth.program.models import Session
from hearth.program.state import Situation, person_id


@dataclass(frozen=True)
class Shown:
    """One list as a page shows it. ``turn`` is None when the list is not tied to a turn
    (before a session starts, or when both touch at once)."""

    turn: int | None
    giver: int
    receiver: int
    areas: tuple[str, ...]
    current: bool = False

    @property
    def key(self) -> str:
        return f"{self.giver}:{self.receiver}"


def planned_exercise(sit: Situation, exercise_id: str) -> planner.PlannedExercise | None:
    track = sit.track
    if track is None:
        return None
    return next((e for s in track.stages for e in s.exercises if e.id == exercise_id), None)


def rules_for(planned: planner.PlannedExercise, stage: Stage) -> comfort.StageRules:
    return comfort.StageRules(areas=frozenset(planned.areas), excluded=stage.excluded_areas)


def touches(exercise: Exercise | None) -> bool:
    return exercise is not None and exercise.involves_touch


def _people(sit: Situation) -> list[User]:
    track = sit.track
    if sit.partner is not None and track is not None and len(track.people) == 2:
        return [sit.user, sit.partner]
    return [sit.user]


def lists_for(
    sit: Situation,
    content: Content,
    exercise_id: str,
    *,
    first_giver: int | None = None,
    turns: int = 0,
    at_start: dict[str, list[str]] | None = None,
) -> list[Shown]:
    """The lists of one exercise for the people of ``sit``'s track. With ``first_giver``
    (a started session of a take-turns exercise), one list per turn; else one per giver."""
    exercise = next((e for e in content.exercises if e.id == exercise_id), None)
    if not touches(exercise):
        return []
    assert exercise is not None
    planned = planned_exercise(sit, exercise_id)
    people = _people(sit)
    if planned is None:
        return [Shown(None, g.pk, r.pk, ()) for g, r in _pairs(people)]
    rules = rules_for(planned, content.stage(exercise.stage))
    found = maps.comfort_maps([p.pk for p in people], maps.plan_gentle(sit))
    by_person = {person_id(uid): uid for uid in found}

    def shown(turn: int | None, made: comfort.TouchList) -> Shown:
        giver, receiver = by_person[made.giver], by_person[made.receiver]
        kept = None if at_start is None else at_start.get(f"{giver}:{receiver}", [])
        areas = comfort.narrowed(made, kept).areas
        return Shown(turn, giver, receiver, areas)

    if len(people) == 1:
        me = found[people[0].pk]
        return [shown(None, comfort.may_touch(me, me, rules))]
    a, b = (found[p.pk] for p in people)
    if exercise.format == "take_turns" and first_giver in (people[0].pk, people[1].pk):
        first, second = (a, b) if first_giver == people[0].pk else (b, a)
        return [shown(t, comfort.turn_list(first, second, rules, t)) for t in range(1, turns + 1)]
    return [shown(None, made) for made in comfort.together_lists(a, b, rules)]


def _pairs(people: list[User]) -> list[tuple[User, User]]:
    if len(people) == 1:
        return [(people[0], people[0])]
    return [(people[0], people[1]), (people[1], people[0])]


def session_lists(sit: Situation, content: Content, session: Session) -> list[Shown]:
    """A session's lists: per turn once it has started (the current one marked), narrowed
    to what was open at its start while it runs."""
    started = session.status in (Session.Status.RUNNING, Session.Status.PAUSED)
    found = lists_for(
        sit,
        content,
        session.exercise,
        first_giver=session.first_giver_id if session.turn else None,
        turns=session.turns,
        at_start=load_snapshot(session) if started else None,
    )
    if not started:
        return found
    return [
        Shown(s.turn, s.giver, s.receiver, s.areas, current=s.turn == session.turn) for s in found
    ]


def snapshot(found: list[Shown]) -> str:
    """The lists at a session's start, for Session.areas_at_start."""
    return json.dumps({s.key: list(s.areas) for s in found}, sort_keys=True)


def load_snapshot(session: Session) -> dict[str, list[str]] | None:
    return json.loads(session.areas_at_start) if session.areas_at_start else None


def fingerprint(found: list[Shown]) -> str:
    """What the lists show, for the session page's state: a partner's open page reloads
    when a map closes an area mid-session."""
    return repr([(s.turn, s.key, s.areas) for s in found])


def describe(shown: Shown, viewer: User, names: dict[int, str]) -> str:
    """One list in words, from the viewer's side. It names the places that are open and
    nothing else."""
    areas = ", ".join(gettext(a) for a in shown.areas)
    if shown.giver == shown.receiver:
        if not areas:
            return gettext("No place is open for touch yet.")
        return gettext("You may touch: %(areas)s.") % {"areas": areas}
    if not areas:
        return gettext("No place is open for touch here. You can skip this turn.")
    if shown.giver == viewer.pk:
        return gettext("You may touch %(name)s here: %(areas)s.") % {
            "name": names[shown.receiver],
            "areas": areas,
        }
    if shown.receiver == viewer.pk:
        return gettext("%(name)s may touch you here: %(areas)s.") % {
            "name": names[shown.giver],
            "areas": areas,
        }
    return ""


def for_page(found: list[Shown], viewer: User, sit: Situation) -> list[dict[str, Any]]:
    names = {sit.user.pk: sit.user.display_name}
    if sit.partner is not None:
        names[sit.partner.pk] = sit.partner.display_name
    return [
        {"turn": s.turn, "current": s.current, "sentence": describe(s, viewer, names)}
        for s in found
    ]
