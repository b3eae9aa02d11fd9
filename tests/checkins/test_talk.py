"""Talk prompts: each partner answers in private; both answers show only when both answered."""

from __future__ import annotations

from django.db import connection
from django.test import Client

from hearth.checkins import access
from hearth.checkins.models import PromptAnswer
from hearth.couples.access import household
from tests.conftest import ClientFor, Personas, Response

URL = "/checkins/talk/good_moment/"


def answer(client: Client, text: str, url: str = URL) -> Response:
    return client.post(url, {"text": text})


def test_nothing_is_revealed_until_both_have_answered(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(personas.partner_a), client_for(personas.partner_b)
    answer(a, "The walk by the river")
    b_page = b.get(URL).content.decode()
    assert "The walk by the river" not in b_page
    assert "Ada has answered. Their answer shows once you answer too." in b_page
    a_page = a.get(URL).content.decode()
    assert "Waiting for Ben" in a_page and "Your answers" not in a_page

    answer(b, "Cooking on Friday")
    for client in (a, b):
        body = client.get(URL).content.decode()
        assert "The walk by the river" in body and "Cooking on Friday" in body


def test_the_prompt_list_never_shows_an_answer_early(
    personas: Personas, client_for: ClientFor
) -> None:
    answer(client_for(personas.partner_a), "The walk by the river")
    body = client_for(personas.partner_b).get("/checkins/talk/").content.decode()
    assert "The walk by the river" not in body and "Ada answered. Your turn" in body


def test_the_access_rules_are_the_same_for_any_caller(
    personas: Personas, client_for: ClientFor
) -> None:
    answer(client_for(personas.partner_a), "The walk by the river")
    home_b = household(personas.partner_b)
    assert home_b.is_couple
    state = access.prompt_state(home_b, "good_moment")
    assert state.partner_answered and state.partner_text is None and not state.revealed


def test_an_answer_can_change_until_the_partner_answers(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = client_for(personas.partner_a), client_for(personas.partner_b)
    answer(a, "First try")
    answer(a, "Second try")
    assert PromptAnswer.objects.get(user=personas.partner_a).text == "Second try"
    answer(b, "Mine")
    response = answer(a, "Third try")
    assert response.status_code == 400 and "can no longer be changed" in response.content.decode()
    assert PromptAnswer.objects.get(user=personas.partner_a).text == "Second try"


def test_answers_are_stored_encrypted(personas: Personas, client_for: ClientFor) -> None:
    answer(client_for(personas.partner_a), "very private words")
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM checkins_promptanswer")
        (stored,) = cursor.fetchone()
    assert "private" not in stored


def test_an_empty_or_too_long_answer_is_refused(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    for text, message in [("   ", "Please write an answer first."), ("x" * 2001, "under 2000")]:
        response = answer(client, text)
        assert response.status_code == 400 and message in response.content.decode()
    assert not PromptAnswer.objects.exists()


def test_an_unknown_prompt_is_a_404(personas: Personas, client_for: ClientFor) -> None:
    assert client_for(personas.partner_a).get("/checkins/talk/no_such_prompt/").status_code == 404


def test_another_couple_never_sees_these_answers(personas: Personas, client_for: ClientFor) -> None:
    answer(client_for(personas.partner_a), "Ours only")
    answer(client_for(personas.partner_b), "Ours too")
    for person in (personas.other_a, personas.stranger):
        body = client_for(person).get(URL).content.decode()
        assert "Ours only" not in body and "Ours too" not in body
    answer(client_for(personas.other_a), "Cleo's answer")
    body = client_for(personas.other_b).get(URL).content.decode()
    assert "Ours" not in body and "Cleo's answer" not in body


def test_a_person_alone_gets_a_friendly_note(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.solo)
    for path in ["/checkins/talk/", URL, "/checkins/wishes/"]:
        body = client.get(path).content.decode()
        assert "This is for two" in body
    answer(client, "alone")
    assert not PromptAnswer.objects.exists()


def test_clinicians_get_a_404(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.clinician)
    for path in ["/checkins/talk/", URL, "/checkins/wishes/"]:
        assert client.get(path).status_code == 404
    assert answer(client, "x").status_code == 404
