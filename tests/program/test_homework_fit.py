"""Homework beyond the couple's stage or against their areas is flagged to the clinician and
never overrides either person's comfort map. The flags tell the stage, so they show only to
a therapist both partners let see the session log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.couples import sharing
from hearth.program import actions
from hearth.program.content import AREAS
from hearth.program.state import situation
from tests.conftest import ClientFor, Personas, Response
from tests.factories import care_link
from tests.program.helpers import give_intake

pytestmark = pytest.mark.django_db


def homework(clinician_client: Client, client: User, **data: str | list[str]) -> Response:
    body = {"instructions": "Practice slowly, twice this week.", "with_partner": "on", **data}
    return clinician_client.post(f"/clinic/clients/{client.pk}/homework/", body, follow=True)


def flags_on_client_page(clinician_client: Client, client: User) -> str:
    page = clinician_client.get(f"/clinic/clients/{client.pk}/").content.decode()
    return " ".join(p.split("</p>")[0] for p in page.split('<p class="notice homework-flag">')[1:])


@pytest.fixture
def linked(personas: Personas) -> Personas:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    # Both partners let this therapist see the session log, and so the stage.
    care_link(personas.partner_a, personas.clinician, sessions=True)
    care_link(personas.partner_b, personas.clinician, sessions=True)
    actions.ensure_program(situation(personas.partner_a))
    return personas


@pytest.fixture
def linked_sharing_nothing(personas: Personas) -> Personas:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    care_link(personas.partner_a, personas.clinician)
    care_link(personas.partner_b, personas.clinician)
    actions.ensure_program(situation(personas.partner_a))
    return personas


NOT_CHECKED = "Hearth does not check whether homework fits this client"


@pytest.mark.parametrize("one_yes", [False, True])
def test_a_therapist_without_the_session_log_cannot_learn_the_stage_from_flags(
    linked_sharing_nothing: Personas, client_for: ClientFor, one_yes: bool
) -> None:
    people = linked_sharing_nothing
    if one_yes:  # one partner's yes is not enough: the stage is about both of them
        care = people.partner_a.care_links.get()
        sharing.choose(people.partner_a, sharing.THERAPIST, "sessions", {""}, link=care)
    doctor = client_for(people.clinician)
    answers = []
    for stage in ("couple-0", "couple-1", "couple-2", "couple-3", "couple-4"):
        response = homework(doctor, people.partner_a, stage=stage)
        answers.append(response.content.decode())
    for text in answers:
        assert "goes beyond" not in text and "leave out" not in text
        assert "Homework never overrides them." not in text
        assert NOT_CHECKED in text
    assert flags_on_client_page(doctor, people.partner_a) == ""
    # Every answer reads the same whatever the stage asked for: nothing to compare.
    assert len({a.split('class="messages"')[1].split("</div>")[0] for a in answers}) == 1


def test_homework_that_fits_the_plan_carries_no_flag(
    linked: Personas, client_for: ClientFor
) -> None:
    doctor = client_for(linked.clinician)
    response = homework(doctor, linked.partner_a, stage="couple-1", exercises=["holding-hands"])
    assert "goes beyond" not in response.content.decode()
    assert flags_on_client_page(doctor, linked.partner_a) == ""


def test_homework_beyond_the_current_stage_is_flagged_and_changes_nothing(
    linked: Personas, client_for: ClientFor
) -> None:
    doctor = client_for(linked.clinician)
    response = homework(doctor, linked.partner_a, stage="couple-3", exercises=["guided-touch"])
    text = response.content.decode()
    assert "This goes beyond the client&#x27;s current stage." in text
    assert "Homework never overrides them." in text
    assert "goes beyond" in flags_on_client_page(doctor, linked.partner_a)
    # The couple's plan decides: the exercise cannot be planned at this stage.
    with pytest.raises(actions.ProgramError, match="current stage"):
        actions.propose_session(linked.partner_a, timezone.now(), "guided-touch")


def test_homework_against_the_couples_areas_is_flagged_without_naming_whose(
    linked: Personas, client_for: ClientFor
) -> None:
    marks = {d: dict.fromkeys(AREAS, "welcome") for d in ("receive", "give")}
    actions.save_comfort_map(linked.partner_a, marks)
    marks["receive"]["hands"] = "no"
    actions.save_comfort_map(linked.partner_b, marks)
    doctor = client_for(linked.clinician)
    homework(doctor, linked.partner_a, stage="couple-0", exercises=["holding-hands"])
    flags = flags_on_client_page(doctor, linked.partner_a)
    assert "leave out" in flags
    assert "hands" not in flags.lower() and "Ben" not in flags and "Ada" not in flags
