"""Every risk result, and the consent for safety alerts, say plainly that nobody watches
answers as they come in, and what to do in danger now. The safety plan names means gently;
printing it warns first; the safety pages say how to browse privately."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from hearth.checkins.models import CheckIn
from hearth.clinic.forms import SCOPE_HELP
from hearth.measures.models import Administration
from hearth.safety.plan import StepId, step
from tests.conftest import ClientFor, Personas
from tests.measures.web import PHQ9_RISK, take

NOBODY = "Nobody watches your answers as they come in. Not Hearth, and not a therapist."
NOW = 'If you are in danger now, call <a href="tel:911">911</a>.'
CLEAR = {"humiliated": "no", "afraid": "no", "raped": "no", "kicked": "no"}


def says_who_watches(body: str) -> bool:
    return NOBODY in body and NOW in body


@pytest.mark.parametrize(
    "answer", [{"danger_from_someone": "on"}, {"self_harm_thoughts": "on"}, {"mood": "1"}]
)
def test_every_check_in_that_shows_help_says_it(
    personas: Personas, client_for: ClientFor, answer: dict[str, str]
) -> None:
    for days in (1, 2):  # two low days before today: a third makes a low streak
        CheckIn.objects.create(
            user=personas.partner_a, day=timezone.localdate() - timedelta(days=days), mood=1
        )
    body = client_for(personas.partner_a).post("/checkins/", answer).content.decode()
    assert says_who_watches(body)


def test_the_phq9_result_with_thoughts_of_self_harm_says_it(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    take(client, PHQ9_RISK)
    sitting = Administration.objects.get(user=personas.partner_a, instrument_id="phq9")
    assert says_who_watches(
        client.get(f"/questionnaires/sitting/{sitting.pk}/result/").content.decode()
    )


@pytest.mark.parametrize("answer", ["yes", "prefer_not_to_say"])
def test_the_relationship_check_says_it_after_a_yes_or_rather_not_say(
    personas: Personas, client_for: ClientFor, answer: str
) -> None:
    body = (
        client_for(personas.partner_a)
        .post("/support/check/", CLEAR | {"afraid": answer})
        .content.decode()
    )
    assert says_who_watches(body)


@pytest.mark.django_db
def test_the_public_help_page_says_it(client: Client) -> None:
    assert says_who_watches(client.get("/support/help/").content.decode())


def test_the_consent_for_safety_alerts_says_it_and_what_to_do_now() -> None:
    text = str(SCOPE_HELP["risk_alerts"])
    assert "Nobody watches answers as they come in, not Hearth and not your therapist" in text
    assert "If you are in danger now, call your emergency number." in text
    # Its reading level is checked with its catalogue's, in tests/test_reading_level.py.
    with translation.override("de"):
        german = str(SCOPE_HELP["risk_alerts"])
    assert "Niemand liest Antworten mit" in german and "Notruf" in german


def test_the_plan_s_last_step_names_means_gently() -> None:
    last = step(StepId.SAFE_SURROUNDINGS).help_text
    assert "medicines" in last and "weapons" in last and "someone you trust" in last


def test_printing_the_plan_warns_first(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    plan = client.get("/support/plan/").content.decode()
    assert plan.index("Before you print") < plan.index("Print my plan")
    printed = client.get("/support/plan/print/").content.decode()
    assert '<div class="no-print"><p class="notice print-warning">Before you print' in printed


@pytest.mark.parametrize("path", ["/support/", "/support/help/", "/support/plan/"])
def test_the_safety_pages_say_how_to_browse_privately(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    body = client_for(personas.partner_a).get(path).content.decode()
    assert "private window" in body and "find History, and delete" in body
