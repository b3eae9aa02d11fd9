"""Sessions: suggest and answer a time, private readiness, a timer without JavaScript,
a pause for both, and private reflections with revocable sharing."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from hearth.couples.models import Share
from hearth.program import actions
from hearth.program.models import Readiness, Reflection, Session
from tests.conftest import ClientFor, Personas, Response, present
from tests.factories import screened
from tests.program.helpers import (
    first_exercise,
    give_intake,
    held,
    post,
    propose,
    safety_pause,
    scheduled,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def couple(personas: Personas) -> Personas:
    screened(personas.partner_a, personas.partner_b)
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    return personas


def session_values(session: Session) -> dict[str, Any]:
    return dict(Session.objects.values().get(pk=session.pk))


def main(response: Response) -> str:
    return response.content.decode().split("<main")[1].split("</main>")[0]


def test_a_partner_suggests_a_time_and_the_other_accepts(
    couple: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    a.get(url("home"))
    when = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = a.post(
        url("propose"), {"planned_for": when, "exercise": first_exercise(couple.partner_a)}
    )
    session = Session.objects.get()
    assert response["Location"] == url("session", session.pk)
    assert session.status == Session.Status.PROPOSED
    assert "Waiting for your partner" in main(a.get(url("session", session.pk)))
    assert "Your partner suggested this time" in main(b.get(url("session", session.pk)))
    post(b, "answer", session.pk, accept="1")
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED


def test_declining_needs_no_reason(couple: Personas, client_for: ClientFor) -> None:
    session = propose(couple.partner_a)
    post(client_for(couple.partner_b), "answer", session.pk, accept="0")
    session.refresh_from_db()
    assert session.status == Session.Status.DECLINED
    page = main(client_for(couple.partner_a).get(url("session", session.pk)))
    assert "This time did not suit." in page


def test_the_proposer_cannot_answer_their_own_suggestion(
    couple: Personas, client_for: ClientFor
) -> None:
    session = propose(couple.partner_a)
    response = post(client_for(couple.partner_a), "answer", session.pk, accept="1")
    assert response.status_code == 400
    assert "Your partner answers this suggestion." in main(response)
    assert Session.objects.get(pk=session.pk).status == Session.Status.PROPOSED


def test_a_time_in_the_past_or_far_ahead_is_refused(
    couple: Personas, client_for: ClientFor
) -> None:
    client = client_for(couple.partner_a)
    exercise = first_exercise(couple.partner_a)
    for when in (
        timezone.localtime() - timedelta(days=2),
        timezone.localtime() + timedelta(days=200),
    ):
        response = client.post(
            url("propose"), {"planned_for": when.strftime("%Y-%m-%dT%H:%M"), "exercise": exercise}
        )
        assert response.status_code == 400
        assert "from now up to three months ahead" in main(response)
    response = client.post(url("propose"), {"planned_for": "soon", "exercise": "nope"})
    assert response.status_code == 400
    assert "Please enter a date and time." in main(response)
    assert Session.objects.count() == 0


def test_an_exercise_outside_the_current_stage_is_refused(couple: Personas) -> None:
    propose(couple.partner_a)  # makes the program
    with pytest.raises(actions.ProgramError, match="current stage"):
        actions.propose_session(couple.partner_a, timezone.now(), "whole-body-touch-mutual")
    assert Session.objects.count() == 1


def test_readiness_is_private_and_both_must_check_in_before_starting(
    couple: Personas, client_for: ClientFor
) -> None:
    session = scheduled(couple.partner_a, couple.partner_b)
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    post(a, "ready", session.pk, answer="not_sure")
    response = post(a, "start", session.pk, stop_signal="1")
    assert response.status_code == 400 and "once everyone has checked in" in main(response)
    page_b = main(b.get(url("session", session.pk)))
    assert "Not sure is fine" in main(a.get(url("session", session.pk)))
    assert "unsure" not in page_b.lower() and "Not sure is fine" not in page_b
    assert "Before you start" in page_b
    post(b, "ready", session.pk, answer="ready")
    # "Not sure" is not "ready": the session waits until Ada chose how to begin.
    waiting = main(b.get(url("session", session.pk)))
    assert "Start the session" not in waiting and "once you have both checked in" in waiting
    assert post(b, "start", session.pk, stop_signal="1").status_code == 400
    post(a, "not_sure", session.pk, choice="settle")
    assert "Start the session" in main(b.get(url("session", session.pk)))
    post(b, "start", session.pk, stop_signal="1")
    assert Session.objects.get(pk=session.pk).status == Session.Status.RUNNING


@pytest.mark.parametrize("who_says_no", ["partner_a", "partner_b"])
def test_not_today_from_either_partner_calls_the_session_off_neutrally(
    couple: Personas, client_for: ClientFor, who_says_no: str
) -> None:
    session = scheduled(couple.partner_a, couple.partner_b)
    sayer = getattr(couple, who_says_no)
    other = couple.partner_b if sayer == couple.partner_a else couple.partner_a
    if who_says_no == "partner_b":
        post(client_for(other), "ready", session.pk, answer="ready")
    post(client_for(sayer), "ready", session.pk, answer="not_today")
    assert Session.objects.get(pk=session.pk).status == Session.Status.NOT_TODAY
    response = post(client_for(other), "start", session.pk, stop_signal="1")
    assert Session.objects.get(pk=session.pk).status == Session.Status.NOT_TODAY
    page = main(client_for(other).get(url("session", session.pk)))
    assert actions.CALLED_OFF in page
    assert "not today" not in page.lower()
    assert sayer.display_name not in page and other.display_name not in page
    assert response.status_code == 400


def test_a_safety_pause_calls_off_a_planned_session_with_the_same_message(
    couple: Personas, client_for: ClientFor
) -> None:
    session = scheduled(couple.partner_a, couple.partner_b)
    safety_pause(couple.partner_b)
    post(client_for(couple.partner_a), "ready", session.pk, answer="ready")
    assert Session.objects.get(pk=session.pk).status == Session.Status.NOT_TODAY
    for person in (couple.partner_a, couple.partner_b):
        page = main(client_for(person).get(url("session", session.pk)))
        assert actions.CALLED_OFF in page
        assert "safety" not in page.lower()


def test_a_safety_pause_is_checked_at_every_step(couple: Personas) -> None:
    planned = scheduled(couple.partner_a, couple.partner_b)
    ready = scheduled(couple.partner_a, couple.partner_b)
    proposed = propose(couple.partner_a)  # one suggestion waits for an answer at a time
    for person in (couple.partner_a, couple.partner_b):
        actions.record_readiness(person, ready.pk, "ready")
    safety_pause(couple.partner_a)
    with pytest.raises(actions.ProgramError, match="paused for now"):
        actions.propose_session(couple.partner_b, timezone.now(), proposed.exercise)
    assert actions.answer_session(couple.partner_b, proposed.pk, True).status == "not_today"
    assert actions.record_readiness(couple.partner_b, planned.pk, "ready").status == "not_today"
    assert (
        actions.start_session(couple.partner_b, ready.pk, stop_signal_agreed=True).status
        == "not_today"
    )


def test_out_of_range_readiness_gets_a_message_and_changes_nothing(
    couple: Personas, client_for: ClientFor
) -> None:
    session = scheduled(couple.partner_a, couple.partner_b)
    before = session_values(session)
    for answer in ("maybe", "", "READY"):
        response = post(client_for(couple.partner_a), "ready", session.pk, answer=answer)
        assert response.status_code == 400
        assert "Please choose" in main(response)
    assert Readiness.objects.count() == 0 and session_values(session) == before


def test_a_second_check_in_is_refused_and_the_first_stays(
    couple: Personas, client_for: ClientFor
) -> None:
    session = scheduled(couple.partner_a, couple.partner_b)
    client = client_for(couple.partner_a)
    post(client, "ready", session.pk, answer="ready")
    response = post(client, "ready", session.pk, answer="not_today")
    assert response.status_code == 400
    assert "already checked in" in main(response)
    assert Readiness.objects.get().answer == "ready"
    assert Session.objects.get(pk=session.pk).status == Session.Status.SCHEDULED


def running(couple: Personas) -> Session:
    session = scheduled(couple.partner_a, couple.partner_b)
    for person in (couple.partner_a, couple.partner_b):
        actions.record_readiness(person, session.pk, "ready")
    return actions.start_session(couple.partner_a, session.pk, stop_signal_agreed=True)


def test_the_timer_shows_turns_and_times_without_javascript(
    couple: Personas, client_for: ClientFor
) -> None:
    session = running(couple)
    page = main(client_for(couple.partner_b).get(url("session", session.pk)))
    ends = timezone.localtime(
        present(session.turn_started_at) + timedelta(minutes=session.turn_minutes)
    )
    assert f"Turn 1 of {session.turns}" in page
    assert f"Each turn lasts {session.turn_minutes} minutes" in page
    assert f'ends at <time datetime="{ends.isoformat()}">{ends:%H:%M}</time>' in page
    assert "Pause" in page and "<script>" not in page
    label = "Next turn" if session.turns > 1 else "Finish the session"
    assert label in page


def test_next_turn_moves_on_once_even_when_pressed_twice(
    couple: Personas, client_for: ClientFor
) -> None:
    session = running(couple)
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    post(a, "next_turn", session.pk, turn="1")
    response = post(b, "next_turn", session.pk, turn="1")
    session.refresh_from_db()
    if session.turns > 1:
        assert session.turn == 2 and session.status == Session.Status.RUNNING
        assert response.status_code == 400 and "already changed" in main(response)
        post(b, "next_turn", session.pk, turn="2")
        session.refresh_from_db()
    assert session.status == Session.Status.DONE


def test_the_pause_belongs_to_whoever_pressed_it(couple: Personas, client_for: ClientFor) -> None:
    session = running(couple)
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    post(b, "pause", session.pk)
    post(b, "pause", session.pk)  # a double press is harmless
    session.refresh_from_db()
    assert session.status == Session.Status.PAUSED and session.paused_by == couple.partner_b
    # Ada sees that it is paused and will go on when Ben is ready, and has no way to go on.
    page_a = a.get(url("session", session.pk)).content.decode()
    assert "Your partner paused. The session will go on when they are ready." in page_a
    assert url("resume", session.pk) not in page_a and "Go on with the session" not in page_a
    assert url("end", session.pk) in page_a
    refused = post(a, "resume", session.pk)
    assert refused.status_code == 400 and "Your partner paused." in main(refused)
    session.refresh_from_db()
    assert session.status == Session.Status.PAUSED
    # Ben, who paused, gets the grounding screen and the way back.
    page_b = main(b.get(url("session", session.pk)))
    assert "Take a moment" in page_b and "Name five things you can see." in page_b
    assert "Go on with the session" in page_b
    # No countdown and no nudge during a pause, on either side.
    for page in (page_a, page_b):
        assert "were left" not in page and 'role="timer"' not in page and "timer.js" not in page
    started = session.turn_started_at
    assert started is not None
    post(b, "resume", session.pk)
    session.refresh_from_db()
    assert session.status == Session.Status.RUNNING and session.paused_by is None
    assert session.turn_started_at is not None and session.turn_started_at >= started


def test_either_partner_can_end_a_session_the_other_paused(
    couple: Personas, client_for: ClientFor
) -> None:
    session = running(couple)
    post(client_for(couple.partner_b), "pause", session.pk)
    post(client_for(couple.partner_a), "end", session.pk)
    session.refresh_from_db()
    assert session.status == Session.Status.STOPPED


def test_ending_from_a_pause_counts_as_held_and_opens_reflections(
    couple: Personas, client_for: ClientFor
) -> None:
    session = running(couple)
    client = client_for(couple.partner_a)
    post(client, "pause", session.pk)
    post(client, "end", session.pk)
    session.refresh_from_db()
    assert session.status == Session.Status.STOPPED and session.held
    assert "Write your reflection" in main(client.get(url("session", session.pk)))


def reflect(client: Client, session: Session, **data: str) -> Response:
    defaults = {"comfort": "7", "closeness": "6", "anxiety": "2"}
    return client.post(url("reflect", session.pk), {**defaults, **data})


def finished(couple: Personas) -> Session:
    session = running(couple)
    actions.end_session(couple.partner_a, session.pk)
    return session


def test_reflections_are_private_until_a_part_is_shared(
    couple: Personas, client_for: ClientFor
) -> None:
    session = finished(couple)
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    reflect(a, session, comfort="9", distractions="The neighbours", text="Calm and warm")
    reflection = Reflection.objects.get(user=couple.partner_a)
    assert reflection.distractions == "The neighbours"
    page = main(b.get(url("session", session.pk)))
    assert "The neighbours" not in page and "Calm and warm" not in page
    post(a, "sharing", session.pk, partner="text")
    page = main(b.get(url("session", session.pk)))
    assert "Calm and warm" in page and "The neighbours" not in page and "9, 6" not in page
    post(a, "sharing", session.pk)  # taking it back
    page = main(b.get(url("session", session.pk)))
    assert "Calm and warm" not in page and "What your partner shared" not in page


def test_sharing_can_be_chosen_with_the_reflection(couple: Personas, client_for: ClientFor) -> None:
    session = finished(couple)
    reflect(client_for(couple.partner_a), session, comfort="8", partner="numbers")
    page = main(client_for(couple.partner_b).get(url("session", session.pk)))
    assert "8, 6 and 2 of 10" in page


@pytest.mark.parametrize(
    "data", [{"comfort": "11"}, {"anxiety": "-1"}, {"closeness": "lots"}, {"comfort": ""}]
)
def test_out_of_range_scores_get_a_message_and_save_nothing(
    couple: Personas, client_for: ClientFor, data: dict[str, str]
) -> None:
    session = finished(couple)
    response = reflect(client_for(couple.partner_a), session, **data)
    assert response.status_code == 400
    assert "from 0 to 10" in main(response)
    assert Reflection.objects.count() == 0


def test_a_second_reflection_is_refused_and_the_first_stays(
    couple: Personas, client_for: ClientFor
) -> None:
    session = finished(couple)
    client = client_for(couple.partner_a)
    reflect(client, session, comfort="7")
    response = reflect(client, session, comfort="1")
    assert response.status_code == 400
    assert "already written a reflection" in main(response)
    assert Reflection.objects.get().comfort == 7


def test_a_reflection_waits_for_the_session_to_end(couple: Personas, client_for: ClientFor) -> None:
    session = running(couple)
    response = reflect(client_for(couple.partner_a), session)
    assert response.status_code == 400
    assert "once the session has ended" in main(response)
    assert Reflection.objects.count() == 0


def test_a_person_alone_runs_the_same_flow_without_partner_steps(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo)
    session = propose(personas.solo)
    assert session.status == Session.Status.SCHEDULED
    client = client_for(personas.solo)
    post(client, "ready", session.pk, answer="ready")
    post(client, "start", session.pk, stop_signal="1")
    session.refresh_from_db()
    for turn in range(1, session.turns + 1):
        post(client, "next_turn", session.pk, turn=str(turn))
    reflect(client, session, partner="text", text="Quiet time")
    reflection = Reflection.objects.get()
    assert reflection.text == "Quiet time" and not Share.objects.exists()
    page = main(client.get(url("session", session.pk)))
    assert "Share with my partner" not in page and "Who sees your reflection" not in page


def test_a_paused_program_plans_no_sessions(couple: Personas, client_for: ClientFor) -> None:
    client = client_for(couple.partner_a)
    client.get(url("home"))
    post(client, "pause_program")
    when = (timezone.localtime() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page = main(client.get(url("sessions")))
    assert "The program is paused." in page and "Suggest this time" not in page
    response = client.post(
        url("propose"), {"planned_for": when, "exercise": first_exercise(couple.partner_a)}
    )
    assert response.status_code == 400
    assert Session.objects.count() == 0


def test_held_sessions_show_up_as_done_on_the_overview(
    couple: Personas, client_for: ClientFor
) -> None:
    held(couple.partner_a, couple.partner_b)
    page = main(client_for(couple.partner_b).get(url("home")))
    assert "Sessions held: 1." in page


# --- A partner's page notices the other's step ------------------------------------------------


def follow_state(page: str) -> str | None:
    found = re.search(r'data-follow-state="([0-9a-f]+)"', page)
    return found.group(1) if found else None


def test_a_running_session_page_follows_and_learns_of_the_partners_pause(
    couple: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    session = running(couple)
    shown = follow_state(main(b.get(url("session", session.pk))))
    assert shown is not None
    state = b.get(url("session_state", session.pk))
    assert state.status_code == 200 and state["Cache-Control"].startswith("no-store")
    assert state.json() == {"state": shown}  # nothing moved yet
    post(a, "pause", session.pk)
    moved = b.get(url("session_state", session.pk)).json()["state"]
    assert moved != shown
    assert follow_state(main(b.get(url("session", session.pk)))) == moved  # reload matches


def test_the_page_follows_only_where_it_holds_no_unsent_answer(
    couple: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(couple.partner_a), client_for(couple.partner_b)
    session = propose(couple.partner_a)
    assert follow_state(main(a.get(url("session", session.pk))))  # waiting for an answer
    assert follow_state(main(b.get(url("session", session.pk)))) is None  # has to answer
    post(b, "answer", session.pk, accept="1")
    assert follow_state(main(a.get(url("session", session.pk)))) is None  # readiness form
    actions.record_readiness(couple.partner_a, session.pk, "ready")
    waiting = follow_state(main(a.get(url("session", session.pk))))
    assert waiting  # waiting for the partner's check-in
    actions.record_readiness(couple.partner_b, session.pk, "not_sure")
    # A "not sure" is not a check-in yet: Ada's page stays as it was, so it cannot tell.
    assert a.get(url("session_state", session.pk)).json()["state"] == waiting
    actions.resolve_not_sure(couple.partner_b, session.pk, "settle")
    after = a.get(url("session_state", session.pk)).json()["state"]
    assert after != waiting
    assert "not_sure" not in after and "not sure" not in main(a.get(url("session", session.pk)))


def test_a_person_alone_has_no_partner_to_follow(personas: Personas, client_for: ClientFor) -> None:
    screened(personas.solo)
    give_intake(personas.solo)
    session = scheduled(personas.solo)
    actions.record_readiness(personas.solo, session.pk, "ready")
    actions.start_session(personas.solo, session.pk)
    assert follow_state(main(client_for(personas.solo).get(url("session", session.pk)))) is None


def test_the_countdown_speaks_the_persons_language(couple: Personas, client_for: ClientFor) -> None:
    session = running(couple)
    client = client_for(couple.partner_b)
    assert 'data-left-text="Time left in this turn:"' in main(
        client.get(url("session", session.pk))
    )
    german = client.get(url("session", session.pk), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert 'data-left-text="Verbleibende Zeit in dieser Runde:"' in german
