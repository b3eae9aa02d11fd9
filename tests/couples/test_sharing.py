"""Sharing per recipient: "my partner" and "my therapist" are separate choices, each can be
taken back, each kind goes only to the recipient it is meant for, and the session log
reaches a therapist only with both partners' yes. Everything reads through shared_with."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from hearth.accounts.models import User
from hearth.couples import sharing
from hearth.couples.models import Share
from hearth.couples.sharing import PARTNER, THERAPIST, SharingError, shared_with
from hearth.program.models import Reflection, Session
from tests import factories
from tests.conftest import ClientFor, Personas, Response
from tests.factories import care_link
from tests.program.helpers import give_intake, held, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def couple_session(personas: Personas) -> Session:
    """A session Ada and Ben held, each with a reflection that nobody shares yet."""
    give_intake(personas.partner_a)
    give_intake(personas.partner_b)
    session = held(personas.partner_a, personas.partner_b)
    Reflection.objects.filter(session=session, user=personas.partner_a).update(
        text="Ada's quiet note", distractions="The street noise"
    )
    return session


def client_page(client_for: ClientFor, clinician: User, person: User) -> str:
    response = client_for(clinician).get(f"/clinic/clients/{person.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def session_page(client_for: ClientFor, person: User, session: Session) -> str:
    return client_for(person).get(url("session", session.pk)).content.decode()


# --- Which kind may go to whom ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["sessions", "risk_alerts", "results"])
def test_the_session_log_alerts_and_all_results_never_go_to_a_partner(
    personas: Personas, kind: str
) -> None:
    couple_id = personas.couple.pk
    with pytest.raises(SharingError, match="never go to a partner"):
        sharing.choose(personas.partner_a, PARTNER, kind, {""}, couple_id=couple_id)
    # Not even a row written straight to the database: the database refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(owner=personas.partner_a, to="partner", kind=kind, couple_id=couple_id)
    assert not Share.objects.exists()


def test_a_questionnaire_one_at_a_time_never_goes_to_a_therapist(personas: Personas) -> None:
    care = care_link(personas.partner_a, personas.clinician)
    with pytest.raises(SharingError, match="all your questionnaire results or none"):
        sharing.choose(personas.partner_a, THERAPIST, "instrument", {"phq9"}, link=care)
    with pytest.raises(IntegrityError), transaction.atomic():
        Share.objects.create(
            owner=personas.partner_a, to="therapist", kind="instrument", detail="phq9", link=care
        )
    assert not Share.objects.exists()


def test_nobody_shares_on_someone_elses_link_or_couple(personas: Personas) -> None:
    ben_link = care_link(personas.partner_b, personas.clinician)
    with pytest.raises(SharingError):
        sharing.choose(personas.partner_a, THERAPIST, "results", {""}, link=ben_link)
    assert not shared_with(personas.partner_b, THERAPIST, personas.clinician).results


def test_a_partner_share_stays_with_the_couple_it_was_given_in(personas: Personas) -> None:
    couple_id = personas.couple.pk
    sharing.choose(personas.partner_a, PARTNER, "checkin", {"mood"}, couple_id=couple_id)
    assert shared_with(personas.partner_a, PARTNER).checkin == {"mood"}
    # Nothing at all goes to a therapist because of it.
    care_link(personas.partner_a, personas.clinician)
    assert shared_with(personas.partner_a, THERAPIST, personas.clinician) == sharing.NOTHING
    personas.partner_a.memberships.update(left_at="2026-06-01T00:00:00Z")
    assert shared_with(personas.partner_a, PARTNER) == sharing.NOTHING


# --- Reflections: two separate choices -------------------------------------------------------


def share_reflection(client: Client, session: Session, **choices: list[str]) -> Response:
    return client.post(url("sharing", session.pk), choices)


def test_a_note_shared_with_the_partner_only_is_not_on_the_therapists_page(
    personas: Personas, client_for: ClientFor, couple_session: Session
) -> None:
    care_link(personas.partner_a, personas.clinician)
    ada = client_for(personas.partner_a)
    share_reflection(ada, couple_session, partner=["text"])
    assert "Ada&#x27;s quiet note" in session_page(client_for, personas.partner_b, couple_session)
    page = client_for(personas.clinician).get(f"/clinic/clients/{personas.partner_a.pk}/")
    assert "quiet note" not in page.content.decode()


def test_a_note_shared_with_the_therapist_only_is_not_on_the_partners_page(
    personas: Personas, client_for: ClientFor, couple_session: Session
) -> None:
    care_link(personas.partner_a, personas.clinician)
    ada = client_for(personas.partner_a)
    share_reflection(ada, couple_session, therapist=["text", "distractions"])
    partner_page = session_page(client_for, personas.partner_b, couple_session)
    assert "quiet note" not in partner_page and "street noise" not in partner_page
    assert "What your partner shared" not in partner_page
    therapist = client_page(client_for, personas.clinician, personas.partner_a)
    assert "quiet note" in therapist and "The street noise" in therapist
    # Taking it back removes it from the therapist's very next page.
    share_reflection(ada, couple_session)
    therapist = client_page(client_for, personas.clinician, personas.partner_a)
    assert "quiet note" not in therapist and "street noise" not in therapist


def test_the_two_choices_are_kept_apart_part_by_part(
    personas: Personas, client_for: ClientFor, couple_session: Session
) -> None:
    care_link(personas.partner_a, personas.clinician)
    share_reflection(
        client_for(personas.partner_a), couple_session, partner=["numbers"], therapist=["text"]
    )
    reflection = Reflection.objects.get(session=couple_session, user=personas.partner_a)
    assert shared_with(personas.partner_a, PARTNER).parts(reflection.pk) == {"numbers"}
    to_therapist = shared_with(personas.partner_a, THERAPIST, personas.clinician)
    assert to_therapist.parts(reflection.pk) == {"text"}
    assert sharing.reflection_choices(reflection) == {"partner": {"numbers"}, "therapist": {"text"}}


def test_a_person_alone_can_share_a_reflection_with_their_therapist(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo)
    session = held(personas.solo)
    Reflection.objects.filter(user=personas.solo).update(text="Breathing felt easier")
    care_link(personas.solo, personas.clinician)
    sol = client_for(personas.solo)
    page = session_page(client_for, personas.solo, session)
    assert "Share with my therapist" in page and "Share with my partner" not in page
    share_reflection(sol, session, therapist=["text"])
    assert "Breathing felt easier" in client_page(client_for, personas.clinician, personas.solo)


def test_the_reflection_choices_are_worded_alike_for_both_recipients(
    personas: Personas, client_for: ClientFor, couple_session: Session
) -> None:
    care_link(personas.partner_a, personas.clinician)
    page = session_page(client_for, personas.partner_a, couple_session)
    for legend in ("Share with my partner", "Share with my therapist"):
        start = page.index(f"<legend>{legend}</legend>")
        box = page[start : page.index("</fieldset>", start)]
        labels = [part.split("</label>")[0].split(">")[-1] for part in box.split("<label")[1:]]
        assert labels == ["My numbers", "What pulled my attention away", "My note"]
    assert "Your therapist does not see it." in page and "Your partner does not see it." in page


# --- Check-ins -------------------------------------------------------------------------------


def test_checkins_shared_with_the_partner_are_not_shown_to_the_therapist(
    personas: Personas, client_for: ClientFor
) -> None:
    from hearth.checkins import actions as checkins

    checkins.save_checkin(personas.partner_a, personas_today(), checkins.Values(mood=3))
    care_link(personas.partner_a, personas.clinician)
    ada = client_for(personas.partner_a)
    ada.post("/checkins/insights/sharing/", {"partner": ["mood"]})
    page = client_page(client_for, personas.clinician, personas.partner_a)
    assert "Their own numbers" not in section(page, "checkins")
    ada.post("/checkins/insights/sharing/", {"therapist": ["mood"]})
    assert shared_with(personas.partner_a, PARTNER).checkin == frozenset()
    checkin_section = section(
        client_page(client_for, personas.clinician, personas.partner_a), "checkins"
    )
    assert "Mood" in checkin_section and "<td>3</td>" in checkin_section
    ada.post("/checkins/insights/sharing/", {})  # taken back
    page = client_page(client_for, personas.clinician, personas.partner_a)
    assert "<td>3</td>" not in page and "Not shared" in section(page, "checkins")


def personas_today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def section(page: str, name: str) -> str:
    start = page.index(f'id="{name}"')
    return page[start : page.index("</section>", start)]


# --- The session log needs both partners -----------------------------------------------------


def test_one_partners_yes_shows_only_their_own_session_days(
    personas: Personas, client_for: ClientFor, couple_session: Session
) -> None:
    care_link(personas.partner_a, personas.clinician, sessions=True)
    ben_link = care_link(personas.partner_b, personas.clinician)
    page = client_page(client_for, personas.clinician, personas.partner_a)
    practice = section(page, "sessions")
    day = couple_session.planned_for.date()
    assert f'datetime="{day.isoformat()}"' in practice  # Ada's own session day
    assert "you see only the days this client checked in for a session" in practice
    # Nothing of the session itself, and nothing about the stage or the exercise.
    assert "Stage:" not in practice and "<table>" not in practice
    assert "Done" not in practice
    # Ben shares nothing: his page shows nothing of the practice.
    assert "Not shared" in section(
        client_page(client_for, personas.clinician, personas.partner_b), "sessions"
    )
    sharing.choose(personas.partner_b, THERAPIST, "sessions", {""}, link=ben_link)
    for person in (personas.partner_a, personas.partner_b):
        practice = section(client_page(client_for, personas.clinician, person), "sessions")
        assert "Stage:" in practice and "<table>" in practice


def test_the_partners_yes_counts_only_for_that_same_therapist(
    personas: Personas, client_for: ClientFor, couple_session: Session, password_hash: str
) -> None:
    care_link(personas.partner_a, personas.clinician, sessions=True)
    other = factories.person(
        "dr.two@example.test", "Dr Two", "clinician", password_hash=password_hash
    )
    care_link(personas.partner_b, other, sessions=True)
    assert shared_with(personas.partner_a, THERAPIST, personas.clinician).participation
    assert not shared_with(personas.partner_a, THERAPIST, personas.clinician).sessions
    assert "Stage:" not in client_page(client_for, personas.clinician, personas.partner_a)


def test_ending_the_link_takes_every_share_with_it(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True, sessions=True)
    client_for(personas.partner_a).post(
        f"/clinic/my-care/{care.pk}/end/", {f"end{care.pk}-confirm": "on"}
    )
    assert not Share.objects.filter(link=care).exists()
    again = care_link(personas.partner_a, personas.clinician)  # a new link starts with nothing
    assert shared_with(personas.partner_a, THERAPIST, personas.clinician) == sharing.NOTHING
    assert not again.shares.exists()


# --- The consent page says what each choice shows, and about whom ----------------------------


def test_the_consent_page_says_what_each_choice_shows_and_about_whom(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, sessions=True)
    page = client_for(personas.partner_a).get("/clinic/my-care/").content.decode()
    assert "About you only: your scores, charts and answers to each question" in page
    assert "About you and your partner: when you practised" in page
    assert "your therapist sees it only once your partner also lets this same therapist" in page
    assert "About you only. A note when an answer shows you may not be safe" in page
    assert "The session log waits for your partner." in page
    assert "Your own check-in numbers: none." in page
    assert "Your reflections: parts of 0 reflections." in page
    assert "never shown to your therapist" in page
    care_link(personas.solo, personas.clinician)
    alone = client_for(personas.solo).get("/clinic/my-care/").content.decode()
    assert "About you: when you practised" in alone and "your partner also" not in alone
