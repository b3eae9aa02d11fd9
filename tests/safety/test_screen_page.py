"""The private relationship safety check page (safety:screen), across personas."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from hearth.core.models import AuditEvent
from hearth.safety.access import couple_exercises_allowed, screening_due
from hearth.safety.models import RiskEvent, Screening
from tests.conftest import ClientFor, Personas

URL = reverse("safety:screen")
CLEAR = {"humiliated": "no", "afraid": "no", "raped": "no", "kicked": "no"}
AFRAID = CLEAR | {"afraid": "yes"}


_EARLIER: set[int] = set()


@pytest.fixture(autouse=True)
def _note_earlier_screenings(personas: Personas) -> None:
    _EARLIER.clear()
    _EARLIER.update(Screening.objects.values_list("pk", flat=True))


def new_screenings() -> Any:
    """Screenings taken during the test (the couple personas start with a clear one)."""
    return Screening.objects.exclude(pk__in=_EARLIER)


def test_the_check_is_one_page_of_the_four_hark_questions(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_b).get(URL).content.decode()
    assert body.count("<fieldset") == 4 and body.count('<legend lang="en">') == 4
    assert body.count("I&#x27;d rather not say</label>") == 4
    assert "Within the last year, have you been afraid of your partner or ex-partner?" in body
    assert "HARK (Sohal and others, 2007)" in body and "tested with women" in body
    assert "Your partner will not see your answers" in body


def test_someone_without_a_partner_is_told_the_questions_are_about_a_partner_or_an_ex(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.solo).get(URL).content.decode()
    assert "a partner or an ex-partner in the last year" in body
    assert "Your partner will not see" not in body


def test_a_yes_pauses_couple_exercises_for_both_and_shows_abuse_help_first(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.partner_b).post(URL, AFRAID)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("National Domestic Violence Hotline") < body.index("988 Suicide")
    assert 'href="sms:88788?body=START"' in body and 'href="tel:911"' in body
    assert "Nobody watches your answers as they come in" in body
    assert "Quick exit" in body and "Escape twice" in body
    assert "after at least 7 days" in body and "not even taking the private check again" in body
    # What the partner sees, word for word.
    assert "What Ada sees" in body
    assert "“The couple part of the program is paused for now.”" in body
    assert not couple_exercises_allowed(personas.partner_a)
    assert not couple_exercises_allowed(personas.partner_b)
    assert couple_exercises_allowed(personas.other_a)


def test_only_the_result_is_kept_never_the_answers(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_b).post(URL, AFRAID)
    screening = new_screenings().get()
    assert screening.user == personas.partner_b and screening.positive
    event = RiskEvent.objects.get()
    assert event.ref == f"screening:{screening.pk}" and event.pauses_couple
    assert "afraid" not in str(event.reasons) and "afraid" not in str(AuditEvent.objects.all())


def test_rather_not_say_gets_its_own_gentle_answer_and_is_not_a_disclosure(
    personas: Personas, client_for: ClientFor
) -> None:
    body = (
        client_for(personas.partner_b)
        .post(URL, CLEAR | {"raped": "prefer_not_to_say"})
        .content.decode()
    )
    assert "That is all right. You do not have to answer." in body
    assert "stay off until you answer the check" in body
    assert "<details>" in body and "Help is there right now" not in body
    assert new_screenings().get().result == "declined"
    assert RiskEvent.objects.count() == 0
    assert not couple_exercises_allowed(personas.partner_a)


def test_a_clear_check_keeps_exercises_on_and_is_not_due_for_a_month(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_a).post(URL, CLEAR).content.decode()
    assert "We will ask again in about a month" in body
    assert "Help is there right now" not in body
    assert couple_exercises_allowed(personas.partner_a)
    assert not screening_due(personas.partner_a)
    assert RiskEvent.objects.count() == 0


def test_a_later_clear_check_never_lifts_the_pause(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_b)
    client.post(URL, AFRAID)
    client_for(personas.partner_a).post(URL, CLEAR)
    client.post(URL, CLEAR)  # perhaps under someone's eyes: it changes nothing
    assert not couple_exercises_allowed(personas.partner_a)
    assert RiskEvent.objects.get().resolved_at is None


def test_every_audit_row_of_the_check_belongs_to_the_person(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_b).post(URL, AFRAID)
    rows = AuditEvent.objects.filter(kind__startswith="safety.")
    assert [r.kind for r in rows] == ["safety.check_taken"]
    assert {(r.actor_id, r.subject_id) for r in rows} == {(personas.partner_b.pk,) * 2}


def test_the_partner_sees_nothing_on_their_own_pages(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.partner_b).post(URL, AFRAID)
    partner = client_for(personas.partner_a)
    for path in ["/", "/partner/", "/account/", "/support/"]:
        body = partner.get(path).content.decode().lower()
        assert "private answer" not in body and "private check was saved" not in body
        assert "paused since" not in body and "afraid" not in body


@pytest.mark.parametrize(
    "answers",
    [
        {},
        CLEAR | {"afraid": ""},
        CLEAR | {"afraid": "maybe"},
        CLEAR | {"afraid": "<script>alert(1)</script>"},
        {k: v for k, v in CLEAR.items() if k != "kicked"},
        CLEAR | {"afraid": "x" * 100_000},
    ],
)
def test_an_incomplete_or_hostile_answer_is_refused_and_nothing_is_kept(
    personas: Personas, client_for: ClientFor, answers: dict[str, str]
) -> None:
    response = client_for(personas.partner_b).post(URL, answers)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Please choose an answer" in body and "<script>alert" not in body
    assert new_screenings().count() == 0 and RiskEvent.objects.count() == 0


def test_extra_fields_are_ignored(personas: Personas, client_for: ClientFor) -> None:
    client_for(personas.partner_b).post(URL, CLEAR | {"user": personas.partner_a.pk})
    assert new_screenings().get().user == personas.partner_b


def test_a_safe_next_page_is_offered_after_a_clear_check(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    assert 'name="next" value="/program/"' in client.get(URL + "?next=/program/").content.decode()
    body = client.post(URL, CLEAR | {"next": "/program/"}).content.decode()
    assert 'href="/program/">Continue' in body


def test_a_next_page_on_another_site_is_ignored(personas: Personas, client_for: ClientFor) -> None:
    body = client_for(personas.partner_a).post(URL, CLEAR | {"next": "https://evil.test/"})
    assert "evil.test" not in body.content.decode()


@pytest.mark.parametrize("who", ["clinician"])
def test_a_clinician_gets_a_404(personas: Personas, client_for: ClientFor, who: str) -> None:
    client = client_for(getattr(personas, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, AFRAID).status_code == 404
    assert new_screenings().count() == 0


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.post(URL, AFRAID)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert new_screenings().count() == 0


def test_the_home_page_prompts_gently_when_the_check_is_due(
    personas: Personas, client_for: ClientFor
) -> None:
    Screening.objects.filter(user=personas.partner_a).delete()
    client = client_for(personas.partner_a)
    assert "A short private check" in client.get("/").content.decode()
    client.post(URL, CLEAR)
    assert "A short private check" not in client.get("/").content.decode()
    assert "A short private check" not in client_for(personas.clinician).get("/").content.decode()


def test_someone_alone_is_never_prompted_about_a_partner(
    personas: Personas, client_for: ClientFor
) -> None:
    assert "A short private check" not in client_for(personas.solo).get("/").content.decode()
