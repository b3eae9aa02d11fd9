"""The private intake and the plan pages: what each person sees, and what stays private."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from hearth.program.content import AREAS
from hearth.program.models import Intake
from hearth.program.plan import CONCERN_WORDS
from hearth.safety.models import Screening
from tests.conftest import ClientFor, Personas
from tests.factories import screened
from tests.program.helpers import give_intake, safety_pause, url

pytestmark = pytest.mark.django_db

GOALS = "Feel close again after the hospital stay"


def raw_row(intake: Intake) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT concerns, off_limit_areas, goals FROM program_intake WHERE id = %s",
            [intake.pk],
        )
        return " ".join(str(v) for v in cursor.fetchone())


def test_a_person_saves_their_intake_and_it_is_encrypted_at_rest(
    personas: Personas, client_for: ClientFor
) -> None:
    screened(personas.partner_a)
    response = client_for(personas.partner_a).post(
        url("intake"),
        {
            "concerns": ["trauma_history", "pain"],
            "off_limit_areas": ["feet"],
            "goals": GOALS,
            "pace": "slow",
            "times": ["evening"],
        },
    )
    assert response.status_code == 302 and response["Location"] == url("plan")
    intake = Intake.objects.get(user=personas.partner_a)
    assert intake.tag_lists()["concerns"] == ["pain", "trauma_history"]
    assert intake.goals == GOALS and intake.pace == "slow"
    stored = raw_row(intake)
    for secret in ("trauma", "pain", "feet", "hospital"):
        assert secret not in stored


def test_after_the_intake_the_safety_check_comes_next_when_it_is_due(
    personas: Personas, client_for: ClientFor
) -> None:
    # Partners in the personas took the check recently: they go straight to the plan.
    response = client_for(personas.partner_a).post(url("intake"), {"pace": "steady"})
    assert response["Location"] == url("plan")
    Screening.objects.filter(user=personas.partner_b).delete()
    response = client_for(personas.partner_b).post(url("intake"), {"pace": "steady"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('safety:screen')}?next={url('plan')}"


def test_someone_alone_is_not_sent_to_questions_about_a_partner(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.solo).post(url("intake"), {"pace": "steady"})
    assert response["Location"] == url("plan")


def test_the_intake_waits_for_the_privacy_notice(personas: Personas, client_for: ClientFor) -> None:
    person = personas.stranger
    person.privacy_version = ""
    person.save()
    client = client_for(person)
    assert client.get(url("intake")).status_code == 403
    response = client.post(url("intake"), {"concerns": ["pain"], "pace": "steady"})
    assert response.status_code == 403
    assert b"privacy notice" in response.content
    assert not Intake.objects.filter(user=person).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"concerns": ["not_a_concern"], "pace": "steady"}, "not one of the available choices"),
        ({"pace": "fastest"}, "not one of the available choices"),
        ({"pace": "steady", "session_minutes": "7"}, "not one of the available choices"),
        ({"pace": "steady", "goals": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_intake_answers_get_a_clear_message_and_save_nothing(
    personas: Personas, client_for: ClientFor, data: dict[str, Any], message: str
) -> None:
    response = client_for(personas.solo).post(url("intake"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Intake.objects.filter(user=personas.solo).exists()


def test_ruling_out_every_place_leaves_only_exercises_without_touch(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    response = client_for(personas.partner_b).post(
        url("intake"), {"pace": "steady", "off_limit_areas": list(AREAS)}
    )
    assert response.status_code == 302
    for person in (personas.partner_a, personas.partner_b):
        page = client_for(person).get(url("plan")).content.decode()
        assert "Map your comfort zones" in page
        items = [re.sub(r"<[^>]+>", "", li.split("</li>")[0]) for li in page.split("<li>")]
        exercises = [li for li in items if ", about " in li]
        assert [li.split(",")[0] for li in exercises] == ["Map your comfort zones"]


def test_editing_the_intake_rebuilds_the_plan(personas: Personas, client_for: ClientFor) -> None:
    screened(personas.solo)
    client = client_for(personas.solo)
    give_intake(personas.solo)
    assert "Your answers fit the core plan." in client.get(url("plan")).content.decode()
    client.post(url("intake"), {"pace": "slow"})
    page = client.get(url("plan")).content.decode()
    assert "You asked for a slow pace." in page
    assert "Your answers fit the core plan." not in page


def test_the_intake_form_shows_the_saved_answers(personas: Personas, client_for: ClientFor) -> None:
    give_intake(personas.solo, concerns={"pain"}, pace="slow")
    page = client_for(personas.solo).get(url("intake")).content.decode()
    assert re.search(r'value="pain"[^>]*checked', page)
    assert re.search(r'value="slow"[^>]*checked', page)
    assert not re.search(r'value="depression"[^>]*checked', page)


def test_a_person_alone_gets_the_solo_track(personas: Personas, client_for: ClientFor) -> None:
    give_intake(personas.solo)
    page = client_for(personas.solo).get(url("plan")).content.decode()
    assert "Settling and learning" in page and "Touch for its own sake" not in page


def test_partners_see_a_shared_plan_once_both_have_answered(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    waiting = client_for(personas.partner_a).get(url("plan")).content.decode()
    assert "once you have both answered" in waiting
    give_intake(personas.partner_b)
    page = client_for(personas.partner_a).get(url("plan")).content.decode()
    assert "Your shared plan" in page and "Touch for its own sake" in page


def test_a_partner_never_sees_the_others_answers_or_concern_words(
    personas: Personas, client_for: ClientFor
) -> None:
    concerns = {"trauma_history", "depression", "pain", "erection_concerns"}
    give_intake(personas.partner_a, concerns=concerns, off_limit_areas={"feet"}, goals=GOALS)
    give_intake(personas.partner_b)
    own = client_for(personas.partner_a).get(url("plan")).content.decode()
    assert "You told us touch can bring back past hurt." in own
    client = client_for(personas.partner_b)
    for name in ("home", "plan", "reading", "sessions", "intake"):
        page = client.get(url(name)).content.decode().lower()
        assert GOALS.lower() not in page
        assert "you ruled out: feet" not in page
        if name in ("plan", "home", "sessions"):
            for concern in concerns:
                for word in CONCERN_WORDS[concern]:
                    assert word not in page, (name, word)


def test_boundaries_from_either_partner_leave_exercises_out_of_the_shared_plan(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b, off_limit_areas={"hands"})
    for person in (personas.partner_a, personas.partner_b):
        page = client_for(person).get(url("plan")).content.decode()
        assert "Holding hands" not in page and "Hand and arm touch" not in page
        assert "Whole-body touch, taking turns" in page


def test_a_safety_pause_shows_both_partners_the_same_neutral_notice(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    safety_pause(personas.partner_b)
    pages = []
    for person in (personas.partner_a, personas.partner_b):
        page = client_for(person).get(url("plan")).content.decode()
        assert "The couple part of the program is paused for now." in page
        assert "Things you can do on your own" in page
        assert "Touch for its own sake" not in page
        for word in ("safety", "screen", "risk", "Ben", "Ada"):
            assert word not in page.split("<main")[1].split("</main>")[0]
        pages.append(page)
    home = client_for(personas.partner_a).get(url("home")).content.decode()
    assert "The couple part of the program is paused for now." in home
    assert "Plan a session" not in home


def test_a_reading_page_renders_its_text_and_references(
    personas: Personas, client_for: ClientFor
) -> None:
    page = client_for(personas.solo).get(url("page", "pace-and-stepping-back")).content.decode()
    assert "<h1>Pace, moving on and stepping back</h1>" in page
    assert "<h2>Stepping back is always fine</h2>" in page
    assert "<li>There are no streaks and no scores to keep up.</li>" in page
    assert "Weiner, L. &amp; Avery-Clark, C. (2017)" in page


def test_the_reading_list_shows_every_page_and_personal_picks(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo, concerns={"depression"})
    page = client_for(personas.solo).get(url("reading")).content.decode()
    assert "Suggested for you" in page
    assert url("page", "depression-and-desire") in page
    assert url("page", "trauma-and-touch") in page  # under All pages


def test_a_medicine_answer_brings_the_prescriber_note_to_its_own_plan_only(
    personas: Personas, client_for: ClientFor
) -> None:
    screened(personas.partner_a, personas.partner_b)
    give_intake(personas.partner_b)
    client = client_for(personas.partner_a)
    intake_page = client.get(url("intake")).content.decode()
    assert "Do you take any of these medicines?" in intake_page
    response = client.post(url("intake"), {"medicines": ["mood"], "pace": "steady"})
    assert response.status_code == 302
    intake = Intake.objects.get(user=personas.partner_a)
    assert intake.tag_lists()["medicines"] == ["mood"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT medicines FROM program_intake WHERE id = %s", [intake.pk])
        assert "mood" not in str(cursor.fetchone()[0])
    own = client.get(url("plan")).content.decode()
    assert "talk with your prescriber" in own
    assert re.search(r'value="mood"[^>]*checked', client.get(url("intake")).content.decode())
    partner = client_for(personas.partner_b).get(url("plan")).content.decode()
    assert "prescriber" not in partner and "medicine" not in partner.lower()


def test_the_only_for_you_card_is_folded_away_until_the_person_opens_it(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo, concerns={"depression"})
    page = client_for(personas.solo).get(url("plan")).content.decode()
    card = re.search(r"<details[^>]*>(.*?)</details>", page, flags=re.S)
    assert card is not None and "open" not in page[card.start() : card.start() + 60]
    assert "Only for you" in card.group(1) and "You told us about low mood." in card.group(1)
