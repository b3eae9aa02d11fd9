"""Sharing one instrument's scores with the partner: explicit, per instrument, revocable."""

from __future__ import annotations

from django.test import Client

from hearth.core.models import AuditEvent
from hearth.couples.models import Share
from tests import factories
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_MID, take

GAD7 = {f"q{i}": 1 for i in range(1, 8)}


def partner_page(client: Client) -> str:
    response = client.get("/questionnaires/partner/")
    assert response.status_code == 200
    return response.content.decode()


def test_scores_are_private_until_shared(personas: Personas, client_for: ClientFor) -> None:
    take(client_for(personas.partner_a), PHQ9_MID)
    page = partner_page(client_for(personas.partner_b))
    assert "Ada is not sharing any scores with you." in page
    assert "PHQ-9" not in page


def test_sharing_one_instrument_shows_its_scores_and_chart_but_never_the_answers(
    personas: Personas, client_for: ClientFor
) -> None:
    ada = client_for(personas.partner_a)
    take(ada, PHQ9_MID)
    take(ada, GAD7, "gad7")
    response = ada.post("/questionnaires/phq9/share/", {"share": "on"}, follow=True)
    assert "Your partner can now see these scores." in response.content.decode()
    page = partner_page(client_for(personas.partner_b))
    assert "PHQ-9" in page and "<strong>12</strong>" in page and "<svg" in page
    assert "GAD-7" not in page  # only what was chosen
    for private in ("Little interest", "Several days", "item-q", "More than half"):
        assert private not in page
    assert AuditEvent.objects.filter(
        kind="measures.partner_viewed", subject=personas.partner_a, actor=personas.partner_b
    ).exists()


def test_stopping_sharing_takes_effect_at_once(personas: Personas, client_for: ClientFor) -> None:
    ada = client_for(personas.partner_a)
    take(ada, PHQ9_MID)
    ada.post("/questionnaires/phq9/share/", {"share": "on"})
    assert "PHQ-9" in partner_page(client_for(personas.partner_b))
    response = ada.post("/questionnaires/phq9/share/", {"share": "off"}, follow=True)
    assert "Your partner can no longer see these scores." in response.content.decode()
    assert "PHQ-9" not in partner_page(client_for(personas.partner_b))
    kinds = list(AuditEvent.objects.filter(actor=personas.partner_a).values_list("kind", flat=True))
    assert "measures.shared" in kinds and "measures.unshared" in kinds


def test_shared_scores_reach_only_the_partner(personas: Personas, client_for: ClientFor) -> None:
    ada = client_for(personas.partner_a)
    take(ada, PHQ9_MID)
    ada.post("/questionnaires/phq9/share/", {"share": "on"})
    assert "Cleo" in partner_page(client_for(personas.other_b))  # their own partner only
    assert "<strong>12</strong>" not in partner_page(client_for(personas.other_b))
    assert client_for(personas.solo).get("/questionnaires/partner/").status_code == 404
    assert client_for(personas.clinician).get("/questionnaires/partner/").status_code == 404


def test_a_share_does_not_carry_over_to_a_new_partner(
    personas: Personas, client_for: ClientFor
) -> None:
    ada = client_for(personas.partner_a)
    take(ada, PHQ9_MID)
    ada.post("/questionnaires/phq9/share/", {"share": "on"})
    ada.post("/partner/leave/", {"confirm": "on"})
    factories.couple(personas.partner_a, personas.solo)
    page = partner_page(client_for(personas.solo))
    assert "Ada is not sharing any scores with you." in page


def test_sharing_needs_a_partner_and_a_clear_choice(
    personas: Personas, client_for: ClientFor
) -> None:
    sol = client_for(personas.solo)
    take(sol, PHQ9_MID)
    response = sol.post("/questionnaires/phq9/share/", {"share": "on"}, follow=True)
    assert "once you are linked with a partner" in response.content.decode()
    ada = client_for(personas.partner_a)
    take(ada, PHQ9_MID)
    response = ada.post("/questionnaires/phq9/share/", {"share": "maybe"}, follow=True)
    assert "Please choose whether to share or not." in response.content.decode()
    assert (
        client_for(personas.partner_a)
        .post("/questionnaires/nope/share/", {"share": "on"})
        .status_code
        == 404
    )
    assert not Share.objects.exists()
