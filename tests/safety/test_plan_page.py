"""The safety plan page (safety:plan): own text only, encrypted, editable, printable."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hearth.safety.access import load_plan
from hearth.safety.models import SafetyPlanRecord
from hearth.safety.plan import MAX_STEP_CHARS, STEPS
from tests.conftest import ClientFor, Personas

URL = reverse("safety:plan")
PRINT = reverse("safety:plan_print")
MINE = "Call my sister Ruth on 555 0134 when the evenings get long"


def test_the_page_shows_all_six_steps_with_labels(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_b).get(URL).content.decode()
    for step in STEPS:
        assert f'<label for="id_{step.id.value}">{step.number}. {step.title}</label>' in body


def test_the_page_suggests_the_crisis_lines_of_the_region_for_step_five(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.partner_b).get(URL).content.decode()
    assert "988 Suicide &amp; Crisis Lifeline: call 988, text 988" in body


def test_a_person_writes_their_plan_and_reads_it_back(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_b)
    response = client.post(URL, {"people_to_ask": MINE, "warning_signs": "  "})
    assert response.status_code == 302
    assert MINE in client.get(URL).content.decode()
    assert MINE in client.get(PRINT).content.decode()
    assert load_plan(personas.partner_b).filled_steps == ("people_to_ask",)


def test_the_plan_can_be_changed_and_emptied(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_b)
    client.post(URL, {"people_to_ask": MINE})
    client.post(URL, {"people_to_ask": ""})
    assert MINE not in client.get(URL).content.decode()
    assert SafetyPlanRecord.objects.count() == 1


def test_the_plan_is_stored_encrypted(personas: Personas, client_for: ClientFor) -> None:
    client_for(personas.partner_b).post(URL, {"people_to_ask": MINE})
    with connection.cursor() as cursor:
        cursor.execute("SELECT steps FROM safety_safetyplanrecord")
        (raw,) = cursor.fetchone()
    assert raw.startswith("v1:") and "Ruth" not in raw and "people_to_ask" not in raw


@pytest.mark.parametrize("who", ["partner_a", "other_a", "solo", "stranger"])
def test_nobody_else_ever_sees_the_plan(
    personas: Personas, client_for: ClientFor, who: str
) -> None:
    client_for(personas.partner_b).post(URL, {"people_to_ask": MINE})
    client = client_for(getattr(personas, who))
    for path in [URL, PRINT, "/support/", "/", "/partner/", "/account/"]:
        assert MINE not in client.get(path).content.decode()


def test_a_clinician_gets_a_404(personas: Personas, client_for: ClientFor) -> None:
    client_for(personas.partner_b).post(URL, {"people_to_ask": MINE})
    client = client_for(personas.clinician)
    assert client.get(URL).status_code == 404
    assert client.get(PRINT).status_code == 404
    assert client.post(URL, {"people_to_ask": "x"}).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("path", [URL, PRINT])
def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_step_over_the_limit_is_refused_and_nothing_changes(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_b)
    client.post(URL, {"people_to_ask": MINE})
    response = client.post(
        URL, {"people_to_ask": "new text", "warning_signs": "x" * (MAX_STEP_CHARS + 1)}
    )
    assert response.status_code == 400
    assert f"Please keep this step under {MAX_STEP_CHARS} characters" in response.content.decode()
    assert load_plan(personas.partner_b).text("people_to_ask") == MINE


def test_hostile_text_is_refused_or_shown_as_plain_text(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_b)
    assert client.post(URL, {"warning_signs": "bad\x00byte"}).status_code == 400
    assert SafetyPlanRecord.objects.count() == 0
    client.post(URL, {"warning_signs": "<script>alert(1)</script>"})
    body = client.get(PRINT).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_unknown_fields_are_ignored(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_b)
    response = client.post(URL, {"user": personas.partner_a.pk, "other_step": "x"})
    assert response.status_code == 302
    assert not SafetyPlanRecord.objects.filter(user=personas.partner_a).exists()


def _break_the_stored_plan(person: Any) -> None:
    """What a restore with the wrong key or a damaged disk leaves: a value that will not open."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE safety_safetyplanrecord SET steps = %s WHERE user_id = %s",
            ["v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", person.pk],
        )


def test_a_plan_that_will_not_open_still_leaves_the_page_and_its_help(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_b)
    client.post(URL, {"people_to_ask": MINE})
    _break_the_stored_plan(personas.partner_b)
    page = client.get(URL)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Your saved plan could not be opened" in body
    assert "988 Suicide &amp; Crisis Lifeline: call 988, text 988" in body
    # Writing the plan again replaces the value that would not open.
    assert client.post(URL, {"people_to_ask": "Ruth"}).status_code == 302
    assert load_plan(personas.partner_b).filled_steps == ("people_to_ask",)


def test_the_printed_plan_that_will_not_open_answers_409_not_500(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_b)
    client.post(URL, {"people_to_ask": MINE})
    _break_the_stored_plan(personas.partner_b)
    page = client.get(PRINT)
    assert page.status_code == 409
    assert "could not be opened" in page.content.decode()
