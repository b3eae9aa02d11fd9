"""Consent while the session runs: "not sure" is not "ready", settling and a quiet body check
in gentle plans, the stop signal, the pause bar and the screen kept awake, a doctor's check
before genital stages, and no pressure by repetition."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from hearth.accounts.models import User
from hearth.program import actions
from hearth.program.models import Intake, Program, Session
from tests.conftest import ClientFor, Personas, present
from tests.program.helpers import give_intake, held, post, program_of, scheduled, url

pytestmark = pytest.mark.django_db


def page(client: Any, session: Session) -> str:
    return str(client.get(url("session", session.pk)).content.decode())


def couple_of(personas: Personas, **a_answers: Any) -> tuple[User, User]:
    give_intake(personas.partner_a, **a_answers)
    give_intake(personas.partner_b)
    return personas.partner_a, personas.partner_b


# --- "not sure" is not "ready" ----------------------------------------------------------------


def test_not_sure_offers_private_choices_and_in_a_gentle_plan_calling_off_comes_first(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas, concerns={"trauma_history"})
    session = scheduled(ada, ben)
    actions.record_readiness(ben, session.pk, "not_sure")
    mine = page(client_for(ben), session)
    choices = [mine.index(t) for t in ("Call it off for today", "Begin with a few minutes")]
    assert choices == sorted(choices)
    assert "Not sure is fine" not in page(client_for(ada), session)


def test_the_not_sure_choices_are_not_reloaded_under_the_persons_hands(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)
    session = scheduled(ada, ben)
    actions.record_readiness(ben, session.pk, "not_sure")
    assert "data-follow-url" not in page(client_for(ben), session)
    actions.resolve_not_sure(ben, session.pk, "settle")
    assert "data-follow-url" in page(client_for(ben), session)


def test_outside_a_gentle_plan_settling_is_offered_first(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)
    session = scheduled(ada, ben)
    actions.record_readiness(ben, session.pk, "not_sure")
    mine = page(client_for(ben), session)
    assert mine.index("Begin with a few minutes") < mine.index("Call it off for today")


def test_calling_off_after_not_sure_shows_the_partner_the_words_of_not_today(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)
    session = scheduled(ada, ben)
    actions.record_readiness(ada, session.pk, "ready")
    post(client_for(ben), "ready", session.pk, answer="not_sure")
    post(client_for(ben), "not_sure", session.pk, choice="call_off")
    session.refresh_from_db()
    assert session.status == Session.Status.NOT_TODAY
    seen = page(client_for(ada), session)
    assert actions.CALLED_OFF in seen and "sure" not in seen.split("<main")[1].lower()


def test_switching_offers_only_shorter_or_earlier_exercises_and_changes_the_session(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)  # stage 1: whole-body touch
    session = scheduled(ada, ben)
    actions.record_readiness(ben, session.pk, "not_sure")
    offered = {e.id for e in actions.switch_options(ben, session)}
    assert "holding-hands" in offered and "whole-body-touch" not in offered
    assert "guided-touch" not in offered  # a later stage is never offered
    refused = post(
        client_for(ben), "not_sure", session.pk, choice="switch", exercise="guided-touch"
    )
    assert refused.status_code == 400
    post(client_for(ben), "not_sure", session.pk, choice="switch", exercise="holding-hands")
    session.refresh_from_db()
    assert (session.exercise, session.stage) == ("holding-hands", "couple-0")
    assert actions.waiting_for(session) == [ada.pk]


def test_beginning_with_settling_shows_each_person_the_settling_screen_first(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)
    session = scheduled(ada, ben)
    actions.record_readiness(ada, session.pk, "ready")
    actions.record_readiness(ben, session.pk, "not_sure")
    actions.resolve_not_sure(ben, session.pk, "settle")
    actions.start_session(ada, session.pk, stop_signal_agreed=True)
    for person in (ada, ben):
        assert "Settle in first" in page(client_for(person), session)
    post(client_for(ada), "settled", session.pk)
    assert "Settle in first" not in page(client_for(ada), session)
    assert "Settle in first" in page(client_for(ben), session)  # each skips only their own


# --- grounding first in a gentle plan ---------------------------------------------------------


def started(ada: User, ben: User) -> Session:
    """A take-turns session that has begun (two turns, so there is a swap)."""
    from hearth.program.state import situation

    program = actions.ensure_program(situation(ada))
    assert program is not None
    exercise = "hand-touch" if program.stage == "couple-0" else "whole-body-touch"
    session = actions.propose_session(ada, timezone.now() + timedelta(minutes=5), exercise)
    actions.answer_session(ben, session.pk, accept=True)
    for person in (ada, ben):
        actions.record_readiness(person, session.pk, "ready")
    return actions.start_session(ada, session.pk, stop_signal_agreed=True)


def test_a_gentle_plan_opens_every_session_with_settling(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas, concerns={"trauma_history"})
    session = started(ada, ben)
    text = page(client_for(ben), session)
    assert "Settle in first" in text and "about two minutes" in text
    assert "Turn 1 of" not in text  # the exercise waits
    gentle_free = couple_of_other(personas)
    assert "Settle in first" not in page(client_for(personas.other_a), gentle_free)


def couple_of_other(personas: Personas) -> Session:
    give_intake(personas.other_a)
    give_intake(personas.other_b)
    return started(personas.other_a, personas.other_b)


def test_a_quiet_body_check_comes_at_the_turn_swap_and_can_be_turned_off(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas, concerns={"trauma_history"})
    session = started(ada, ben)
    for person in (ada, ben):
        actions.mark_settled(person, session.pk)
    assert "Here, now, safe?" not in page(client_for(ada), session)
    actions.next_turn(ada, session.pk, 1)
    for person in (ada, ben):
        assert "Here, now, safe?" in page(client_for(person), session)
    post(client_for(ada), "body_check", session.pk, turn="2")
    assert "Here, now, safe?" not in page(client_for(ada), session)
    assert "Here, now, safe?" in page(client_for(ben), session)
    # Ben turns it off in his private answers: no check at his next swap.
    Intake.objects.filter(user=ben).update(body_check_off=True)
    assert "Here, now, safe?" not in page(client_for(ben), session)


def test_the_body_check_can_be_turned_off_in_the_intake_form(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_b)
    client = client_for(personas.partner_b)
    assert "Skip the quiet check when we swap turns" in client.get(url("intake")).content.decode()
    client.post(url("intake"), {"pace": "steady", "body_check_off": "on"})
    assert Intake.objects.get(user=personas.partner_b).body_check_off


# --- the stop signal, the pause bar, the screen kept awake ------------------------------------


def test_a_couple_agrees_a_stop_signal_before_the_session_starts(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)
    session = scheduled(ada, ben)
    for person in (ada, ben):
        actions.record_readiness(person, session.pk, "ready")
    start_screen = page(client_for(ada), session)
    assert "Agree on a stop word or a hand signal." in start_screen
    assert 'name="stop_signal"' in start_screen
    refused = post(client_for(ada), "start", session.pk)
    assert refused.status_code == 400 and "stop word or a hand signal" in refused.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED
    post(client_for(ada), "start", session.pk, stop_signal="1")
    session.refresh_from_db()
    assert session.status == Session.Status.RUNNING


def test_a_running_session_keeps_the_screen_awake_with_a_pause_bar_in_low_light(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas)
    session = started(ada, ben)
    running = page(client_for(ben), session)
    assert "program/session.js" in running and "data-wake-lock" in running
    assert 'class="pause-bar"' in running and "hearth/dark.css" in running
    assert running.count(url("pause", session.pk)) == 1  # one Pause button
    actions.pause_session(ben, session.pk)
    paused = page(client_for(ben), session)
    assert 'class="pause-bar"' not in paused and "data-wake-lock" in paused
    actions.end_session(ben, session.pk)
    assert 'hearth/dark.css">' not in page(client_for(ben), session).split("</head>")[0]


# --- pain and a doctor's check ----------------------------------------------------------------


def at_stage_2(ada: User, ben: User) -> Program:
    for _ in range(4):
        held(ada, ben, comfort=8)
    program = program_of(ada)
    Program.objects.filter(pk=program.pk).update(stage="couple-2")
    program.refresh_from_db()
    from tests.program.helpers import backdate

    backdate(program, 15)
    Session.objects.filter(program=program).update(stage="couple-2")
    return program


def test_pain_means_stop_is_said_privately_to_whoever_reported_pain(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas, concerns={"erection_concerns"})
    mine = client_for(ada).get(url("plan")).content.decode()
    theirs = client_for(ben).get(url("plan")).content.decode()
    assert "Pain means stop. Never push through pain." in mine
    private = theirs.split('<details class="card card-highlight private-card">')[1]
    assert "Pain means stop" not in private.split("</details>")[0]


def test_a_doctors_check_is_asked_privately_before_a_stage_with_genitals(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas, concerns={"pain"})
    at_stage_2(ada, ben)
    with pytest.raises(actions.ProgramError, match="doctor"):
        actions.propose_advance(ada)
    home = client_for(ada).get(url("home")).content.decode()
    assert "Has a doctor checked it?" in home
    assert "Has a doctor checked it?" not in client_for(ben).get(url("home")).content.decode()
    post(client_for(ada), "doctor_check", answer="not_yet", next="/program/")
    home = client_for(ada).get(url("home")).content.decode()
    assert "Please see a doctor before this stage." in home
    assert url("page", "when-to-see-a-professional") in home
    with pytest.raises(actions.ProgramError, match="doctor"):
        actions.propose_advance(ada)
    post(client_for(ada), "doctor_check", answer="go_on", next="/program/")
    actions.propose_advance(ada)  # a soft gate: an explicit choice opens it
    assert program_of(ada).proposal_by == ada


def test_someone_who_reported_no_pain_or_body_change_is_not_asked(personas: Personas) -> None:
    ada, ben = couple_of(personas)
    at_stage_2(ada, ben)
    actions.propose_advance(ben)
    actions.accept_advance(ada)
    assert program_of(ada).stage == "couple-3"


# --- no pressure by repetition ----------------------------------------------------------------


def suggest(person: User) -> Session:
    return actions.propose_session(person, timezone.now() + timedelta(hours=3), "holding-hands")


def test_one_suggested_time_waits_for_an_answer_at_a_time(personas: Personas) -> None:
    ada, ben = couple_of(personas, concerns={"trauma_history"})
    from hearth.program.state import situation

    actions.ensure_program(situation(ada))
    suggest(ada)
    for person in (ada, ben):
        with pytest.raises(actions.ProgramError, match="already waiting for an answer"):
            suggest(person)


_GERMAN_MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def test_after_a_no_the_suggester_waits_two_days_and_the_other_may_suggest(
    personas: Personas, client_for: ClientFor
) -> None:
    ada, ben = couple_of(personas, concerns={"trauma_history"})
    from hearth.program.state import situation

    actions.ensure_program(situation(ada))
    first = suggest(ada)
    post(client_for(ben), "answer", first.pk, accept="0")
    response = post(
        client_for(ada),
        "propose",
        planned_for=(timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        exercise="holding-hands",
    )
    assert response.status_code == 400
    assert "After a no, a new suggestion waits two days." in response.content.decode()
    answered = present(Session.objects.get(pk=first.pk).answered_at)
    waits = timezone.localtime(answered + timedelta(days=2))
    german = client_for(ada)
    german.cookies["django_language"] = "de"
    response = post(
        german,
        "propose",
        planned_for=(timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        exercise="holding-hands",
    )
    # The date reads the German way, not as 2026-12-04.
    assert f"ab {waits.day}. {_GERMAN_MONTHS[waits.month - 1]} {waits.year}" in (
        response.content.decode()
    )
    Session.objects.filter(pk=first.pk).update(answered_at=timezone.now() - timedelta(hours=49))
    later = suggest(ada)
    actions.cancel_session(ben, later.pk)  # calling off the partner's suggestion is a no too
    with pytest.raises(actions.ProgramError, match="waits two days"):
        suggest(ada)
    theirs = suggest(ben)  # the one who said no may suggest at any time
    actions.cancel_session(ben, theirs.pk)  # and calling off one's own starts no wait
    suggest(ben)
