"""Touch lists on session and exercise pages: where each person may be touched in a turn,
from both comfort maps and the stage, and nothing about whose mark left a place out."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.program import actions
from hearth.program.content import AREAS
from hearth.program.models import Session
from hearth.program.state import situation
from tests.conftest import ClientFor, Personas
from tests.program.helpers import give_intake, program_of, url

pytestmark = pytest.mark.django_db

# Whole-body touch (stage 1) may include these; chest and genitals are left out there.
STAGE_1 = (
    "head",
    "face",
    "neck",
    "shoulders",
    "arms",
    "hands",
    "back",
    "belly",
    "hips",
    "legs",
    "feet",
)


def couple(personas: Personas) -> tuple[User, User]:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    return personas.partner_a, personas.partner_b


def open_map(user: User, **closed: str) -> None:
    """Everything welcome both ways, except ``closed`` (``receive_legs="no"``)."""
    marks: dict[str, dict[str, str]] = {
        d: dict.fromkeys(AREAS, "welcome") for d in ("receive", "give")
    }
    for key, mark in closed.items():
        direction, area = key.split("_", 1)
        marks[direction][area] = mark
    actions.save_comfort_map(user, marks)


def session_for(ada: User, ben: User, exercise: str = "whole-body-touch") -> Session:
    actions.ensure_program(situation(ada))
    made = actions.propose_session(ada, timezone.now() + timedelta(minutes=10), exercise)
    actions.answer_session(ben, made.pk, accept=True)
    for person in (ada, ben):
        actions.record_readiness(person, made.pk, "ready")
    made.refresh_from_db()
    return made


def touch_section(page: str) -> str:
    found = re.search(r'<section id="touch-areas".*?</section>', page, flags=re.S)
    assert found, "no touch list on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(0)))


def items(page: str) -> list[str]:
    """The list's sentences, one per giver or turn."""
    section = re.search(r'<section id="touch-areas".*?</ul>', page, flags=re.S)
    assert section, "no touch list on the page"
    found = re.findall(r"<li[^>]*>(.*?)</li>", section.group(0), flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", f).split()) for f in found]


def sentence(page: str, start: str) -> str:
    return next(i for i in items(page) if i.startswith(start))


def listed(areas: tuple[str, ...]) -> str:
    return ", ".join(areas)


def test_before_the_start_each_partner_sees_both_lists_from_their_own_side(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple(personas)
    open_map(ada, receive_legs="no", receive_back="not_yet", give_face="no")
    open_map(ben, give_head="not_yet", receive_feet="no")
    session = session_for(ada, ben)
    ben_may = tuple(a for a in STAGE_1 if a not in {"legs", "back", "head"})
    ada_may = tuple(a for a in STAGE_1 if a not in {"face", "feet"})
    on_ada = touch_section(client_for(ada).get(url("session", session.pk)).content.decode())
    on_ben = touch_section(client_for(ben).get(url("session", session.pk)).content.decode())
    assert f"Ben may touch you here: {listed(ben_may)}." in on_ada
    assert f"You may touch Ben here: {listed(ada_may)}." in on_ada
    assert f"You may touch Ada here: {listed(ben_may)}." in on_ben
    assert f"Ada may touch you here: {listed(ada_may)}." in on_ben
    for page in (on_ada, on_ben):
        assert "not yet" not in page.lower() and "chest" not in page and "genitals" not in page


def test_once_started_each_turn_has_its_list_and_the_giver_swaps(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple(personas)
    open_map(ada, receive_legs="no")
    open_map(ben, receive_arms="no")
    session = session_for(ada, ben)
    response = client_for(ada).post(
        url("start", session.pk), {"first_giver": str(ben.pk), "stop_signal": "1"}
    )
    assert response.status_code == 302
    page = client_for(ada).get(url("session", session.pk)).content.decode()
    section = touch_section(page)
    turn_1 = listed(tuple(a for a in STAGE_1 if a != "legs"))
    turn_2 = listed(tuple(a for a in STAGE_1 if a != "arms"))
    assert f"Turn 1: Ben may touch you here: {turn_1}." in section
    assert f"Turn 2: You may touch Ben here: {turn_2}." in section
    assert re.search(r'<li class="current" aria-current="step"><strong>Turn 1:', page)
    actions.next_turn(ada, session.pk, 1)
    page = client_for(ben).get(url("session", session.pk)).content.decode()
    assert re.search(r'<li class="current" aria-current="step"><strong>Turn 2:', page)


def test_whoever_closed_an_area_the_partner_sees_the_same_list(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple(personas)
    open_map(ada, receive_legs="no")
    open_map(ben)
    session = session_for(ada, ben)
    closed_by_ada = touch_section(client_for(ben).get(url("session", session.pk)).content.decode())
    open_map(ada)
    open_map(ben, give_legs="not_yet")
    closed_by_ben = touch_section(client_for(ben).get(url("session", session.pk)).content.decode())
    assert closed_by_ada == closed_by_ben
    page = client_for(ben).get(url("session", session.pk)).content.decode()
    assert "legs" not in sentence(page, "You may touch Ada here:")


def test_a_change_toward_no_reaches_a_running_session_at_once_and_an_opening_waits(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple(personas)
    open_map(ada, receive_feet="not_yet")
    open_map(ben)
    session = session_for(ada, ben)
    actions.start_session(ada, session.pk, first_giver=ben.pk, stop_signal_agreed=True)
    state = client_for(ben).get(url("session_state", session.pk)).json()["state"]
    open_map(ada, receive_arms="no")  # arms closed, feet opened, mid-session
    page = client_for(ben).get(url("session", session.pk)).content.decode()
    turn_1 = sentence(page, "Turn 1:")
    assert "arms" not in turn_1 and "feet" not in turn_1 and "hands" in turn_1
    # Ben's open page learns of it by itself: the page state moved.
    assert client_for(ben).get(url("session_state", session.pk)).json()["state"] != state
    # The next session starts with what is open now: feet included, arms still out.
    actions.end_session(ada, session.pk)
    later = session_for(ada, ben)
    page = client_for(ben).get(url("session", later.pk)).content.decode()
    opened = tuple(a for a in STAGE_1 if a != "arms")
    assert sentence(page, "You may touch Ada") == f"You may touch Ada here: {listed(opened)}."


def test_a_gentle_plan_opens_no_place_until_the_person_opens_it(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a, concerns={"trauma_history"})
    give_intake(personas.partner_b)
    ada, ben = personas.partner_a, personas.partner_b
    session = session_for(ada, ben, exercise="hand-touch")
    page = touch_section(client_for(ben).get(url("session", session.pk)).content.decode())
    assert page.count("No place is open for touch here. You can skip this turn.") == 2
    open_map(ada)
    open_map(ben)
    page = touch_section(client_for(ben).get(url("session", session.pk)).content.decode())
    assert "You may touch Ada here: arms, hands." in page


def test_new_areas_join_a_list_only_after_both_partners_chose_to_include_them(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple(personas)
    program = program_of_couple(ada)
    program.stage = "couple-3"
    program.save(update_fields=["stage"])
    open_map(ada)
    open_map(ben)
    session = session_for(ada, ben, exercise="whole-body-inclusive")
    page = client_for(ada).get(url("session", session.pk)).content.decode()
    assert not any("chest" in i or "genitals" in i for i in items(page))
    assert "stay out for you until you" in page
    opt_in = {f"{d}-{a}": "welcome" for d in ("receive", "give") for a in ("chest", "genitals")}
    client_for(ada).post(url("new_areas"), opt_in)
    page = client_for(ada).get(url("session", session.pk)).content.decode()
    assert not any("chest" in i for i in items(page))  # Ben has not chosen yet
    assert "stay out for you until you" not in page
    client_for(ben).post(url("new_areas"), opt_in)
    page = client_for(ada).get(url("session", session.pk)).content.decode()
    assert "back, chest, belly, hips, genitals, legs" in sentence(page, "You may touch Ben")
    assert "back, chest, belly, hips, genitals, legs" in sentence(page, "Ben may touch you")


def program_of_couple(person: User) -> Any:
    actions.ensure_program(situation(person))
    return program_of(person)


def test_the_exercise_page_shows_the_lists_and_its_steps_link_to_them(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple(personas)
    open_map(ada, receive_head="no")
    open_map(ben)
    page = client_for(ben).get(url("exercise", "whole-body-touch")).content.decode()
    assert "You may touch Ada here: face, neck" in touch_section(page)
    assert '<a href="#touch-areas">the included areas</a>' in page
    plan = client_for(ben).get(url("plan")).content.decode()
    assert url("exercise", "whole-body-touch") in plan


def test_an_exercise_outside_the_plan_opens_nothing_and_an_unknown_one_is_404(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, _ = couple(personas)
    page = client_for(ada).get(url("exercise", "solo-self-focus")).content.decode()
    assert "This exercise is not in your plan right now." in page
    assert "may touch" not in page
    assert client_for(ada).get(url("exercise", "no-such-thing")).status_code == 404


def test_alone_the_list_is_touch_on_ones_own_body(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo, concerns={"trauma_history"})
    solo = personas.solo
    program = program_of_couple(solo)
    program.stage = "solo-1"
    program.save(update_fields=["stage"])
    page = client_for(solo).get(url("exercise", "solo-body-scan")).content.decode()
    assert "No place is open for touch yet." in touch_section(page)
    actions.save_comfort_map(solo, {"receive": {"hands": "welcome", "arms": "welcome"}})
    page = client_for(solo).get(url("exercise", "solo-body-scan")).content.decode()
    assert "You may touch: arms, hands." in touch_section(page)
