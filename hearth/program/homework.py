"""Does a clinician's homework fit the client's plan? Flags for the clinician only.

Homework never overrides anything: a session can only be planned with an exercise of the
couple's current stage, and its touch list always comes from both comfort maps. So when a
clinician suggests a later stage, or an exercise that needs touch the plan or the maps leave
out, the homework is saved and the clinician is told, in words that name no person and no
area: the client's own limits decide.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext_noop

from hearth.accounts.models import User
from hearth.program import touch
from hearth.program.access import current_program
from hearth.program.content import default_content
from hearth.program.state import Situation, clamp_stage, situation

BEYOND_STAGE = gettext_noop("This goes beyond the client's current stage.")
OUTSIDE_LIMITS = gettext_noop(
    "This asks for touch that the client's plan or comfort maps leave out."
)
NEVER_OVERRIDES = gettext_noop(
    "Their plan and comfort maps still decide what they do. Homework never overrides them."
)


def homework_flags(client: User, stage_id: str, exercise_ids: Iterable[str]) -> list[str]:
    """The flags for one piece of homework, as message ids (empty: it fits)."""
    content = default_content()
    sit = situation(client)
    program = current_program(client)
    track = sit.track
    if track is None or program is None:
        return []
    now = content.stage(clamp_stage(program.stage, track, content))
    wanted = [content.stage(stage_id)] if stage_id in {s.id for s in content.stages} else []
    exercises = [e for e in content.exercises if e.id in set(exercise_ids)]
    wanted += [content.stage(e.stage) for e in exercises]
    flags = []
    if any(s.track != now.track or s.order > now.order for s in wanted):
        flags.append(BEYOND_STAGE)
    if any(_outside(sit, e.id, e.areas) for e in exercises if e.involves_touch):
        flags.append(OUTSIDE_LIMITS)
    return flags


def _outside(sit: Situation, exercise_id: str, needed: frozenset[str]) -> bool:
    """The exercise is not in the plan, or a place it needs is not open in every list."""
    if touch.planned_exercise(sit, exercise_id) is None:
        return True
    found = touch.lists_for(sit, default_content(), exercise_id)
    return any(not shown.areas or not needed <= set(shown.areas) for shown in found)
