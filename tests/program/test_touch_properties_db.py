"""The touch lists as the session page shows them, for any two maps, any stage of the couple
track, any of its touch exercises, either first giver and every turn (hypothesis).

tests/program/test_comfort.py proves the pure rules; this proves the pages keep them: what
each partner reads under "Where touch is open" never names an area the receiver did not
welcome for being touched, the giver did not welcome for touching, the stage leaves out or
the exercise does not include, nor a new area before both chose to include the new areas;
and both partners read the same areas for the same turn.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hearth.program import actions, touch
from hearth.program.comfort import MARKS, NEW_AREAS
from hearth.program.content import AREAS, default_content
from hearth.program.models import Program
from hearth.program.state import situation
from tests.conftest import ClientFor, Personas, present
from tests.program.helpers import give_intake, program_of, url

pytestmark = pytest.mark.django_db
CONTENT = default_content()
COUPLE_STAGES = [s for s in CONTENT.stages if s.track == "couple"]
MARKS_OF_A_MAP = st.fixed_dictionaries(
    {
        d: st.fixed_dictionaries({a: st.sampled_from(MARKS) for a in AREAS})
        for d in ("receive", "give")
    }
)
SENTENCE = re.compile(
    r"(?:Turn (?P<turn>\d+): )?(?:(?:(?P<they>\w+) may touch you here|You may touch (?P<you>\w+) "
    r"here): (?P<areas>[a-z, ]+)|(?P<none>No place is open for touch here))\."
)
Shown = tuple[int | None, str, frozenset[str]]  # turn (None: both at once), giver, areas


@pytest.fixture
def ready(personas: Personas) -> Personas:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    actions.ensure_program(situation(personas.partner_a))
    return personas


def lists_on_page(page: str, viewer: str, partner: str) -> list[Shown]:
    """Each list as one partner reads it; the giver is "" where nothing is open."""
    section = page.split('<section id="touch-areas"', 1)[1].split("</section>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    found: list[Shown] = []
    for match in SENTENCE.finditer(text):
        turn = int(match.group("turn")) if match.group("turn") else None
        if match.group("none"):
            found.append((turn, "", frozenset()))
            continue
        giver = match.group("they") or viewer
        assert giver in (viewer, partner) and (match.group("you") or partner) == partner
        found.append((turn, giver, frozenset(match.group("areas").split(", "))))
    return found


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ada_marks=MARKS_OF_A_MAP,
    ben_marks=MARKS_OF_A_MAP,
    opted=st.tuples(st.booleans(), st.booleans()),
    ben_first=st.booleans(),
    data=st.data(),
)
def test_the_page_never_lists_an_area_a_map_closed_or_the_stage_leaves_out(
    ready: Personas,
    client_for: ClientFor,
    ada_marks: dict[str, dict[str, str]],
    ben_marks: dict[str, dict[str, str]],
    opted: tuple[bool, bool],
    ben_first: bool,
    data: Any,
) -> None:
    ada, ben = ready.partner_a, ready.partner_b
    with transaction.atomic():
        stage = data.draw(st.sampled_from(COUPLE_STAGES), label="stage")
        Program.objects.filter(pk=program_of(ada).pk).update(stage=stage.id)
        sit = situation(ada)
        planned = [
            e
            for e in CONTENT.exercises
            if e.stage == stage.id
            and e.involves_touch
            and touch.planned_exercise(sit, e.id) is not None
        ]
        if not planned:
            transaction.set_rollback(True)
            return
        exercise = data.draw(st.sampled_from(planned), label="exercise")
        for person, marks, chose in ((ada, ada_marks, opted[0]), (ben, ben_marks, opted[1])):
            actions.save_comfort_map(person, marks, new_areas=chose)
        made = actions.propose_session(ada, timezone.now() + timedelta(minutes=5), exercise.id)
        actions.answer_session(ben, made.pk, accept=True)
        for person in (ada, ben):
            actions.record_readiness(person, made.pk, "ready")
        first = ben if ben_first else ada
        session = actions.start_session(ada, made.pk, first.pk, stop_signal_agreed=True)

        allowed = set(present(touch.planned_exercise(sit, exercise.id)).areas)
        allowed -= stage.excluded_areas
        marks_of = {"Ada": ada_marks, "Ben": ben_marks}
        seen = {}
        for viewer, who, other in ((ada, "Ada", "Ben"), (ben, "Ben", "Ada")):
            page = client_for(viewer).get(url("session", session.pk)).content.decode()
            seen[who] = lists_on_page(page, who, other)
        # Both partners read the same lists; one per turn, or one per giver when both touch.
        assert sorted(seen["Ada"], key=repr) == sorted(seen["Ben"], key=repr)
        if exercise.format == "take_turns":
            assert [t for t, _, _ in seen["Ada"]] == list(range(1, session.turns + 1))
        else:
            assert [t for t, _, _ in seen["Ada"]] == [None, None]
        for turn, giver, areas in seen["Ada"]:
            event(f"stage {stage.id}, {'some' if areas else 'no'} areas open")
            if not areas:
                continue
            if turn is not None:
                assert giver == ("Ben" if (turn % 2 == 1) == ben_first else "Ada")
            receiver = "Ben" if giver == "Ada" else "Ada"
            assert all(marks_of[receiver]["receive"][a] == "welcome" for a in areas), turn
            assert all(marks_of[giver]["give"][a] == "welcome" for a in areas), turn
            assert areas <= allowed, (turn, areas - allowed)
            if not all(opted):
                assert not areas & set(NEW_AREAS), turn
        transaction.set_rollback(True)
