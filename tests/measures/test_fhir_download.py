"""The FHIR download: every resource valid R4, an attachment, an audit row."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from fhir.resources.R4B.resource import Resource

from hearth.core.models import AuditEvent
from hearth.measures.models import Administration
from tests.conftest import PASSWORD, ClientFor, Personas
from tests.measures.web import PHQ9_LOW, PHQ9_MID, fhir_download, make_due_again, take

MODELS: dict[str, type[Resource]] = {
    "Patient": Patient,
    "Questionnaire": Questionnaire,
    "QuestionnaireResponse": QuestionnaireResponse,
    "Observation": Observation,
}


def download(client: Client) -> dict[str, Any]:
    response = fhir_download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"].startswith("attachment;")
    bundle: dict[str, Any] = json.loads(response.content)
    return bundle


def test_the_download_is_a_valid_bundle_of_the_persons_own_results(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.partner_a)
    take(client, PHQ9_MID)
    make_due_again(personas.partner_a)
    take(client, PHQ9_LOW)
    take(client_for(personas.partner_b), PHQ9_MID)  # not in Ada's file
    bundle = download(client)
    Bundle.model_validate(bundle)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    # The person, one Questionnaire, two responses, and a PHQ-9 and a PHQ-2 observation each.
    assert kinds.count("Patient") == 1
    assert kinds.count("Questionnaire") == 1
    assert kinds.count("QuestionnaireResponse") == 2
    assert kinds.count("Observation") == 4
    for entry in bundle["entry"]:
        resource = entry["resource"]
        MODELS[resource["resourceType"]].model_validate(resource)
    totals = [
        e["resource"]["valueInteger"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation"
        and e["resource"]["code"]["coding"][0]["code"] == "44261-6"
    ]
    assert totals == [12, 0]
    subjects = {
        e["resource"]["subject"]["reference"] for e in bundle["entry"] if "subject" in e["resource"]
    }
    assert subjects == {
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    }


def test_each_download_is_written_to_the_persons_audit_log(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    download(client)
    event = AuditEvent.objects.get(kind="measures.exported")
    assert event.subject == personas.solo and event.detail == {"resources": 5}


def test_an_unfinished_sitting_is_left_out(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.solo)
    client.post("/questionnaires/phq9/start/")
    assert Administration.objects.filter(user=personas.solo).count() == 1
    kinds = [e["resource"]["resourceType"] for e in download(client)["entry"]]
    assert kinds == ["Patient"]


def test_the_download_asks_for_the_password_again_like_every_export(
    personas: Personas, client_for: ClientFor
) -> None:
    """The file holds the answer about self-harm: someone at an open screen must not take it
    away without the password. After confirming, the person is back on the page they
    pressed the button on."""
    client = client_for(personas.partner_a)
    take(client, PHQ9_MID)
    response = client.post(
        "/questionnaires/my-data.fhir.json", HTTP_REFERER="http://testserver/questionnaires/"
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/confirm/?next=%2Fquestionnaires%2F"
    assert not AuditEvent.objects.filter(kind="measures.exported").exists()
    confirmed = client.post(response["Location"], {"password": PASSWORD})
    assert confirmed["Location"] == "/questionnaires/"
    assert download(client)["resourceType"] == "Bundle"


def test_the_download_is_a_form_post_not_a_link(personas: Personas, client_for: ClientFor) -> None:
    client = client_for(personas.partner_a)
    take(client, PHQ9_MID)
    client.post("/account/confirm/", {"password": PASSWORD})
    assert client.get("/questionnaires/my-data.fhir.json").status_code == 405
    page = client.get("/questionnaires/").content.decode()
    assert '<form method="post" action="/questionnaires/my-data.fhir.json"' in page
    assert 'href="/questionnaires/my-data.fhir.json"' not in page
