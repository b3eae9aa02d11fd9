"""Who may open which program page: every URL across every persona.

Someone else's session or reflection is a 404, the same as a missing one; anonymous visitors
sign in first. A clinician is never a participant: the 404 on every program page and action
is checked in tests/test_access_matrix.py, with every other persona.
"""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.program.models import Session
from tests.conftest import ClientFor, Personas
from tests.factories import screened
from tests.program.helpers import give_intake, held, propose, url

pytestmark = pytest.mark.django_db

PAGES = ["home", "intake", "plan", "reading", "sessions"]
SESSION_GETS = ["session", "reflect"]
SESSION_POSTS = [
    "answer",
    "cancel",
    "ready",
    "not_sure",
    "start",
    "settled",
    "body_check",
    "next_turn",
    "pause",
    "resume",
    "end",
    "sharing",
]


@pytest.fixture
def couple_session(personas: Personas) -> Session:
    a, b = personas.partner_a, personas.partner_b
    screened(a, b)
    give_intake(a)
    give_intake(b)
    return held(a, b)


@pytest.mark.parametrize("name", PAGES)
def test_a_partner_opens_every_program_page(
    personas: Personas, client_for: ClientFor, name: str
) -> None:
    assert client_for(personas.partner_a).get(url(name)).status_code == 200


def test_a_reading_page_opens_and_an_unknown_one_is_404(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    assert client.get(url("page", "spectatoring")).status_code == 200
    assert client.get(url("page", "no-such-page")).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(name: str, db: None) -> None:
    response = Client().get(url(name))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("name", SESSION_GETS)
@pytest.mark.parametrize("who", ["other_a", "solo", "stranger", "clinician"])
def test_someone_elses_session_pages_are_404(
    personas: Personas, client_for: ClientFor, couple_session: Session, name: str, who: str
) -> None:
    client = client_for(getattr(personas, who))
    assert client.get(url(name, couple_session.pk)).status_code == 404


@pytest.mark.parametrize("name", SESSION_POSTS)
@pytest.mark.parametrize("who", ["other_a", "solo", "stranger", "clinician"])
def test_someone_elses_session_actions_are_404_and_change_nothing(
    personas: Personas, client_for: ClientFor, couple_session: Session, name: str, who: str
) -> None:
    client = client_for(getattr(personas, who))
    before = Session.objects.values().get(pk=couple_session.pk)
    response = client.post(url(name, couple_session.pk), {"accept": "1", "answer": "ready"})
    assert response.status_code == 404
    assert Session.objects.values().get(pk=couple_session.pk) == before


@pytest.mark.parametrize("name", SESSION_GETS)
def test_a_missing_session_is_404_like_a_forbidden_one(
    personas: Personas, client_for: ClientFor, name: str
) -> None:
    assert client_for(personas.partner_a).get(url(name, 99999)).status_code == 404


@pytest.mark.parametrize("name", SESSION_GETS)
def test_both_partners_open_their_shared_session(
    personas: Personas, client_for: ClientFor, couple_session: Session, name: str
) -> None:
    for person in (personas.partner_a, personas.partner_b):
        # The reflect page sends a person who already reflected back to the session.
        assert client_for(person).get(url(name, couple_session.pk)).status_code in (200, 302)


def test_after_unlinking_the_former_partner_no_longer_opens_the_session(
    personas: Personas, client_for: ClientFor, couple_session: Session
) -> None:
    from hearth.couples.actions import leave_couple

    leave_couple(personas.partner_a)
    assert client_for(personas.partner_b).get(url("session", couple_session.pk)).status_code == 404


def test_a_solo_persons_session_is_theirs_alone(personas: Personas, client_for: ClientFor) -> None:
    give_intake(personas.solo)
    session = propose(personas.solo)
    assert client_for(personas.solo).get(url("session", session.pk)).status_code == 200
    for who in (personas.partner_a, personas.stranger):
        assert client_for(who).get(url("session", session.pk)).status_code == 404
