"""Result pages: plain words, change since the first score, a chart, crisis resources."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import Settings

from hearth.accounts.models import User
from hearth.measures.models import Administration
from hearth.safety.models import RiskEvent
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_LOW, PHQ9_MID, PHQ9_RISK, make_due_again, take

GAD7_HIGH = {f"q{i}": 2 for i in range(1, 8)}  # 14
GAD7_LOW = {f"q{i}": 1 for i in range(1, 8)}  # 7


def result_page(client: Client, user: User, instrument_id: str = "phq9") -> str:
    sitting = Administration.objects.filter(user=user, instrument_id=instrument_id).latest("pk")
    response = client.get(f"/questionnaires/sitting/{sitting.pk}/result/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_first_result_gives_score_band_and_meaning_in_plain_words(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    page = result_page(client, personas.solo)
    assert "Your score is 12, on a scale from 0 to 27." in page
    assert "Moderate." in page and "Low mood may be getting in the way" in page
    assert "This is your first score." in page
    assert "<svg" in page and "<table>" in page and "<td>12</td>" in page
    assert "You do not have to face this alone" not in page


def test_a_second_phq9_shows_the_change_judged_by_the_published_rule(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    make_due_again(personas.solo)
    take(client, PHQ9_LOW)
    page = result_page(client, personas.solo)
    assert "Your first score was 12. Now it is 0, which is 12 points lower." in page
    assert "This is a reliable change for the better." in page
    assert "a change of 6 points or more counts as reliable" in page
    assert "NHS Talking Therapies" in page
    assert "not enough published data" not in page
    assert "2 PHQ-9 score(s)" in page  # the chart caption
    assert page.count("<circle") == 2


def test_a_gad7_drop_across_the_cut_off_is_reliable_and_clinically_significant(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, GAD7_HIGH, "gad7")
    make_due_again(personas.solo, "gad7")
    take(client, GAD7_LOW, "gad7")
    page = result_page(client, personas.solo, "gad7")
    assert "Your first score was 14. Now it is 7, which is 7 points lower." in page
    assert "This is a reliable change for the better." in page
    assert "Experts call this a clinically significant change." in page


def test_a_reliable_gad7_drop_that_stays_above_the_cut_off_is_not_clinically_significant(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, {f"q{i}": 3 for i in range(1, 8)}, "gad7")  # 21
    make_due_again(personas.solo, "gad7")
    take(client, GAD7_HIGH, "gad7")  # 14
    page = result_page(client, personas.solo, "gad7")
    assert "This is a reliable change for the better." in page
    assert "did not cross the cut-off of 9.8" in page
    assert "clinically significant change." in page and "Experts call" not in page


def test_a_small_gad7_change_could_be_normal_ups_and_downs(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, GAD7_HIGH, "gad7")
    make_due_again(personas.solo, "gad7")
    take(client, {**GAD7_HIGH, "q1": 0}, "gad7")
    assert "could be normal ups and downs" in result_page(client, personas.solo, "gad7")


@pytest.mark.parametrize("who", ["partner_b", "other_a", "solo", "clinician", "stranger"])
def test_nobody_else_can_open_a_result(personas: Personas, client_for: ClientFor, who: str) -> None:
    take(client_for(personas.partner_a), PHQ9_MID)
    sitting = Administration.objects.get(user=personas.partner_a, instrument_id="phq9")
    client = client_for(getattr(personas, who))
    assert client.get(f"/questionnaires/sitting/{sitting.pk}/result/").status_code == 404
    assert client.get(f"/questionnaires/sitting/{sitting.pk}/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(personas: Personas, client_for: ClientFor) -> None:
    from django.test import Client

    take(client_for(personas.partner_a), PHQ9_MID)
    sitting = Administration.objects.get(user=personas.partner_a, instrument_id="phq9")
    for path in (
        "/questionnaires/",
        f"/questionnaires/sitting/{sitting.pk}/result/",
        "/questionnaires/phq9/",
        "/questionnaires/partner/",
        "/questionnaires/my-data.fhir.json",
    ):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_self_harm_answer_puts_crisis_resources_at_the_top_and_records_a_risk_event(
    personas: Personas, client_for: ClientFor, settings: Settings
) -> None:
    settings.REGION = "us"
    client = client_for(personas.partner_a)
    take(client, PHQ9_RISK)
    sitting = Administration.objects.get(user=personas.partner_a, instrument_id="phq9")
    page = result_page(client, personas.partner_a)
    crisis = page.index("Help is there right now")
    assert crisis < page.index("<h1>")
    assert "988 Suicide &amp; Crisis Lifeline" in page and 'href="tel:988"' in page
    # Thoughts of self-harm: crisis lines first, abuse services after, 911 last.
    assert page.index("988 Suicide") < page.index("National Domestic Violence Hotline")
    assert page.rindex('href="tel:911"') > page.index("RAINN")
    assert "Last checked:" in page and "Not yet checked by us." in page
    assert "Thoughts of self-harm." in page
    event = RiskEvent.objects.get(user=personas.partner_a)
    assert event.source == "questionnaire" and event.ref == f"administration:{sitting.pk}"
    assert "phq9_item9" in event.reasons


def test_a_risk_result_links_to_the_safety_plan(personas: Personas, client_for: ClientFor) -> None:
    # A person at risk must never lose this link: if the route is renamed, reverse() raises
    # here and the page itself fails to render, so the rename cannot pass unnoticed.
    from django.urls import reverse

    client = client_for(personas.solo)
    take(client, PHQ9_RISK)
    page = result_page(client, personas.solo)
    assert f'<a href="{reverse("safety:plan")}">Write or read your safety plan</a>' in page
    assert client.get(reverse("safety:plan")).status_code == 200


def test_no_risk_event_is_recorded_for_an_ordinary_result(
    personas: Personas, client_for: ClientFor
) -> None:
    take(client_for(personas.solo), PHQ9_MID)
    take(client_for(personas.solo), GAD7_HIGH, "gad7")
    assert not RiskEvent.objects.filter(user=personas.solo).exists()


def test_the_partner_learns_nothing_of_a_risk_answer(
    personas: Personas, client_for: ClientFor
) -> None:
    take(client_for(personas.partner_a), PHQ9_RISK)
    client_for(personas.partner_a).post("/questionnaires/phq9/share/", {"share": "on"})
    partner_client = client_for(personas.partner_b)
    for path in ("/questionnaires/", "/questionnaires/partner/"):
        page = partner_client.get(path).content.decode()
        for leak in ("self-harm", "988", "crisis", "face this alone", "better off dead"):
            assert leak not in page, (path, leak)
