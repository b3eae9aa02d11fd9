"""FHIR that a clinical system can import (HL7 SDC), and `hearth fhir import` that reads it
back: every reference resolves inside its Bundle; LOINC items, answers and weights; one
pseudonymous Patient; canonical URLs under the site's address; a round trip that keeps
scores and dates; a response written by hand from the LOINC codes; and files refused whole,
with the reason."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from pytest_django import Settings

from hearth.core.models import AuditEvent
from hearth.measures import catalog, fhir
from hearth.measures.models import Administration
from tests.conftest import ClientFor, Personas, present
from tests.factories import care_link
from tests.measures.web import PHQ9_MID, PHQ9_RISK, fhir_download, make_due_again, take

FIXTURE = Path(__file__).parent / "fixtures" / "loinc-phq9-gad7.json"
LL358_3 = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
SITE = "https://care.example.org"


def download(client: Client) -> dict[str, Any]:
    response = fhir_download(client)
    assert response.status_code == 200
    bundle: dict[str, Any] = json.loads(response.content)
    return bundle


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def references(node: Any) -> list[str]:
    """Every Reference.reference anywhere in a resource."""
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for v in node.values() for r in references(v)]
    if isinstance(node, list):
        return [r for v in node for r in references(v)]
    return []


@pytest.fixture
def ada_history(personas: Personas, client_for: ClientFor) -> Client:
    """Ada (in a couple) has taken the PHQ-9 twice (the second time in German, with the
    difficulty question), the GAD-7 once and the CSI-4 and the PGIC once."""
    client = client_for(personas.partner_a)
    take(client, {**PHQ9_MID, "difficulty": 1})
    take(client, {f"q{i}": 1 for i in range(1, 8)}, "gad7")
    take(client, {"q1": 3, "q2": 3, "q3": 3, "q4": 3}, "csi4")
    client.post("/questionnaires/pgic/choose/", {"add": "yes"})
    take(client, {"change": 2}, "pgic")
    make_due_again(personas.partner_a)
    client.cookies["django_language"] = "de"
    take(client, PHQ9_RISK)
    del client.cookies["django_language"]
    return client


# ---------------------------------------------------------------------------------------------
# What an export holds


def test_every_reference_resolves_inside_the_bundle(ada_history: Client) -> None:
    bundle = download(ada_history)
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    refs = [r for e in bundle["entry"] for r in references(e["resource"])]
    assert refs and set(refs) <= set(full_urls)
    canonicals = {f"{q['url']}|{q['version']}" for q in resources(bundle, "Questionnaire")}
    assert {r["questionnaire"] for r in resources(bundle, "QuestionnaireResponse")} <= canonicals
    patient = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    for kind in ("QuestionnaireResponse", "Observation"):
        assert {r["subject"]["reference"] for r in resources(bundle, kind)} == {patient["fullUrl"]}


def test_the_clinicians_file_resolves_the_same_way(
    personas: Personas, client_for: ClientFor
) -> None:
    take(client_for(personas.partner_a), PHQ9_MID)
    care_link(personas.partner_a, personas.clinician, results=True)
    response = client_for(personas.clinician).get(
        f"/clinic/clients/{personas.partner_a.pk}/fhir.json"
    )
    bundle = json.loads(response.content)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert {r for e in bundle["entry"] for r in references(e["resource"])} <= full_urls
    assert len(resources(bundle, "Patient")) == 1


def test_the_bundle_and_every_resource_are_valid_fhir_r4(ada_history: Client) -> None:
    bundle = download(ada_history)
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])


def test_the_patient_is_a_pseudonym_the_same_in_every_export(
    personas: Personas, ada_history: Client, client_for: ClientFor
) -> None:
    first, second = download(ada_history), download(ada_history)
    (patient,) = resources(first, "Patient")
    assert resources(second, "Patient") == [patient]
    assert set(patient) == {"resourceType", "id", "meta", "identifier"}  # no name, no contact
    assert patient["meta"]["security"][0]["code"] == "PSEUDED"
    ada = personas.partner_a
    text = json.dumps(first)
    assert ada.email not in text
    assert not re.search(rf"\b{ada.display_name}\b", text)  # "Adapted wording" is no name
    assert f"user-{ada.pk}" not in text
    take(client_for(personas.solo), PHQ9_MID)
    assert resources(download(client_for(personas.solo)), "Patient")[0]["id"] != patient["id"]


def test_ids_and_canonical_urls_are_stable_and_under_the_sites_address(
    ada_history: Client, settings: Settings
) -> None:
    settings.SITE_URL = SITE
    first, second = download(ada_history), download(ada_history)

    def ids(bundle: dict[str, Any]) -> list[str]:
        return sorted(e["fullUrl"] for e in bundle["entry"])

    assert ids(first) == ids(second)
    urls = sorted(q["url"] for q in resources(first, "Questionnaire"))
    assert urls == [f"{SITE}/fhir/Questionnaire/{i}" for i in ("csi4", "gad7", "pgic", "phq9")]
    assert ".invalid" not in json.dumps(first)
    systems = {
        c["system"]
        for o in resources(first, "Observation")
        for c in o["code"]["coding"] + o["interpretation"][0]["coding"]
    }
    assert systems <= {
        fhir.LOINC,
        f"{SITE}/fhir/CodeSystem/instrument",
        f"{SITE}/fhir/CodeSystem/band",
    }


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_loinc_items_answers_and_weights_as_sdc_defines_them(
    ada_history: Client, instrument_id: str
) -> None:
    bundle = download(ada_history)
    questionnaire = next(q for q in resources(bundle, "Questionnaire") if q["id"] == instrument_id)
    instrument = catalog.instruments()[instrument_id]
    assert questionnaire["code"][0] == {
        "system": fhir.LOINC,
        "code": instrument.loinc_panel,
        "display": instrument.title,
    }
    scored = [i for i in questionnaire["item"] if i["linkId"] != "difficulty"]
    assert [i["code"][0]["code"] for i in scored] == [q.loinc for q in instrument.items]
    for item in scored:
        codes = [a["valueCoding"]["code"] for a in item["answerOption"]]
        assert codes == LL358_3  # the LOINC answer list LL358-3
        for value, option in enumerate(item["answerOption"]):
            weights = {e["url"]: e["valueDecimal"] for e in option["extension"]}
            assert weights == {fhir.ITEM_WEIGHT: value, fhir.ORDINAL_VALUE: value}


def test_the_short_forms_are_coded_as_the_first_two_items_of_their_parents() -> None:
    known = catalog.instruments()
    for child, parent in (("phq2", "phq9"), ("gad2", "gad7")):
        assert [i.loinc for i in known[child].items] == [i.loinc for i in known[parent].items[:2]]
        assert [o.loinc for o in known[child].items[0].options] == LL358_3


def test_the_difficulty_question_is_coded_but_never_weighted(ada_history: Client) -> None:
    bundle = download(ada_history)
    phq9 = next(q for q in resources(bundle, "Questionnaire") if q["id"] == "phq9")
    difficulty = next(i for i in phq9["item"] if i["linkId"] == "difficulty")
    assert difficulty["code"] == [{"system": fhir.LOINC, "code": "69722-7"}]
    assert [a["valueCoding"]["code"] for a in difficulty["answerOption"]] == [
        "LA6572-7", "LA6573-5", "LA6575-0", "LA6574-3",
    ]  # fmt: skip
    assert all("extension" not in a for a in difficulty["answerOption"])
    answered = [
        i for r in resources(bundle, "QuestionnaireResponse") for i in r["item"]
        if i["linkId"] == "difficulty"
    ]  # fmt: skip
    assert [i["answer"][0]["valueCoding"]["code"] for i in answered] == ["LA6573-5"]


def test_each_observation_carries_the_loinc_score_code(ada_history: Client) -> None:
    bundle = download(ada_history)
    codes = sorted(o["code"]["coding"][0]["code"] for o in resources(bundle, "Observation"))
    assert codes == sorted(
        ["44261-6", "44261-6", "55758-7", "55758-7", "70274-6", "gad2-total", "csi4-total",
         "pgic-total"]
    )  # fmt: skip


def test_a_response_records_the_language_and_the_german_goes_as_a_translation(
    ada_history: Client,
) -> None:
    bundle = download(ada_history)
    phq9 = [
        r
        for r in resources(bundle, "QuestionnaireResponse")
        if "/Questionnaire/phq9|" in r["questionnaire"]
    ]
    assert [r["language"] for r in phq9] == ["en", "de"]
    assert phq9[1]["item"][0]["text"] == "Wenig Interesse oder Freude an Ihren Tätigkeiten"
    questionnaire = next(q for q in resources(bundle, "Questionnaire") if q["id"] == "phq9")
    translation = questionnaire["item"][0]["_text"]["extension"][0]
    assert translation["url"] == fhir.TRANSLATION
    assert translation["extension"][1]["valueString"] == phq9[1]["item"][0]["text"]


# ---------------------------------------------------------------------------------------------
# Reading it back


def import_into(tmp_path: Path, data: Any, email: str) -> str:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        call_command("fhir", "import", str(path), email=email, stdout=handle)
    return out.read_text()


def summary(bundle: dict[str, Any]) -> list[tuple[str, Any, str, str]]:
    """(score code, value, effective date and time, band) of every Observation."""
    return sorted(
        (
            o["code"]["coding"][0]["code"],
            o.get("valueInteger", o.get("valueQuantity", {}).get("value")),
            datetime.fromisoformat(o["effectiveDateTime"]).isoformat(),
            o.get("interpretation", [{}])[0].get("coding", [{}])[0].get("code", ""),
        )
        for o in resources(bundle, "Observation")
    )


def answers(bundle: dict[str, Any]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    return sorted(
        (
            r["questionnaire"],
            datetime.fromisoformat(r["authored"]).isoformat(),
            [(i["linkId"], i["answer"][0]["valueCoding"]["code"]) for i in r["item"]],
        )
        for r in resources(bundle, "QuestionnaireResponse")
    )


def test_a_round_trip_export_import_export_keeps_scores_and_dates(
    personas: Personas, ada_history: Client, client_for: ClientFor, tmp_path: Path
) -> None:
    exported = download(ada_history)
    printed = import_into(tmp_path, exported, personas.solo.email)
    assert "Imported 5 questionnaire result(s)" in printed
    again = download(client_for(personas.solo))
    assert summary(again) == summary(exported)
    assert answers(again) == answers(exported)
    mine = Administration.objects.filter(user=personas.solo).order_by("completed_at")
    assert {a.source for a in mine} == {Administration.Source.IMPORTED}
    assert [a.language for a in mine if a.instrument_id == "phq9"] == ["en", "de"]
    theirs = Administration.objects.filter(user=personas.partner_a).order_by("completed_at")
    assert [(a.instrument_id, a.total, a.completed_at, a.flags) for a in mine] == [
        (a.instrument_id, a.total, a.completed_at, a.flags) for a in theirs
    ]
    event = AuditEvent.objects.get(kind="measures.imported")
    assert event.subject == personas.solo and event.detail["sittings"] == 5


def test_a_response_written_by_hand_from_the_loinc_codes_is_imported(
    personas: Personas, client_for: ClientFor, tmp_path: Path
) -> None:
    printed = import_into(tmp_path, json.loads(FIXTURE.read_text()), personas.solo.email)
    assert "Imported 2 questionnaire result(s)" in printed
    phq9 = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    assert (phq9.total, phq9.band_id, phq9.derived, phq9.answers["difficulty"]) == (
        10, "moderate", {"phq2": 4}, 1,
    )  # fmt: skip
    assert phq9.completed_at == datetime(2025, 1, 15, 9, 20, tzinfo=ZoneInfo("UTC"))
    gad7 = Administration.objects.get(user=personas.solo, instrument_id="gad7")
    assert (gad7.total, gad7.language) == (9, "de")
    noon = datetime.combine(gad7.due_date, time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert gad7.completed_at == noon  # a date without a time is taken as that day's noon
    page = client_for(personas.solo).get(f"/questionnaires/sitting/{phq9.pk}/result/")
    text = page.content.decode()
    assert "Your score is 10, on a scale from 0 to 27." in text
    assert "Imported from a FHIR file." in text


def test_a_single_response_without_a_bundle_is_imported(personas: Personas, tmp_path: Path) -> None:
    bundle = json.loads(FIXTURE.read_text())
    response = copy.deepcopy(bundle["entry"][1]["resource"])
    response["subject"] = {"reference": "Patient/123"}
    assert "Imported 1 questionnaire result(s)" in import_into(
        tmp_path, response, personas.solo.email
    )


def refused(tmp_path: Path, data: Any, email: str) -> str:
    before = Administration.objects.count()
    with pytest.raises(CommandError) as error:
        import_into(tmp_path, data, email)
    assert Administration.objects.count() == before  # nothing imported
    return str(error.value)


def fixture_with(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(FIXTURE.read_text())
    change(bundle)
    return bundle


def _phq9(bundle: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = bundle["entry"][1]["resource"]
    return resource


def _add(bundle: dict[str, Any], resource: dict[str, Any]) -> None:
    bundle["entry"].append({"fullUrl": "urn:uuid:11111111-2222-4333-8444-555555555555",
                            "resource": resource})  # fmt: skip


REFUSALS = [
    (
        lambda b: _add(b, {"resourceType": "Condition", "id": "c1", "subject": {"reference": "x"}}),
        "entry 5 (Condition c1): Hearth imports questionnaire answers only, not a Condition.",
    ),
    (
        lambda b: _phq9(b)["item"].append(
            {"linkId": "mood-note", "answer": [{"valueString": "x"}]}
        ),
        "item 'mood-note' is not a question of the PHQ-9.",
    ),
    (
        lambda b: _phq9(b)["item"][0]["answer"][0]["valueCoding"].update(code="LA9999-9"),
        "the answer http://loinc.org|LA9999-9 to question '/44250-9' is not one of its answers.",
    ),
    (
        lambda b: _phq9(b)["item"][10]["answer"][0].update(valueInteger=12),
        "the file gives the PHQ-9 total as 12, but its answers add up to 10.",
    ),
    (
        lambda b: b["entry"][3]["resource"].update(valueInteger=8),
        "the file gives a total of 8 (70274-6), but the answers add up to 9.",
    ),
    (
        lambda b: b["entry"][3]["resource"]["code"]["coding"][0].update(code="44261-6"),
        "it is not a total score of the GAD-7 it is derived from.",
    ),
    (lambda b: _phq9(b).update(status="in-progress"), "it is not finished (status 'in-progress')"),
    (
        lambda b: _add(b, {"resourceType": "Patient", "id": "p2"}),
        "The file holds the results of more than one person.",
    ),
    (
        lambda b: b["entry"][3]["resource"].pop("derivedFrom"),
        "a score without the answers it comes from",
    ),
    (
        lambda b: _phq9(b).update(questionnaire="http://loinc.org/q/55757-9"),
        "Hearth keeps the PHQ-2 only as part of the PHQ-9",
    ),
    (lambda b: _phq9(b).update(authored="2025-01"), "its date '2025-01' does not name a day."),
    (lambda b: _phq9(b).update(subject="Patient/1"), "not valid FHIR R4 (subject"),
    (
        lambda b: [_phq9(b)["item"].pop(i) for i in (8, 7)],
        "its PHQ-9 answers cannot be scored: Question q9 must be answered",
    ),
]


@pytest.mark.parametrize(("change", "message"), REFUSALS)
def test_a_file_hearth_cannot_map_is_refused_whole_with_the_reason(
    personas: Personas, tmp_path: Path, change: Any, message: str
) -> None:
    error = refused(tmp_path, fixture_with(change), personas.solo.email)
    assert "Nothing was imported" in error and message in error


def test_a_questionnaire_already_taken_that_day_is_refused(
    personas: Personas, client_for: ClientFor, tmp_path: Path
) -> None:
    take(client_for(personas.solo), PHQ9_MID)
    today = datetime.now(ZoneInfo(settings.TIME_ZONE)).replace(microsecond=0)
    bundle = fixture_with(lambda b: _phq9(b).update(authored=today.isoformat()))
    error = refused(tmp_path, bundle, personas.solo.email)
    assert f"this person already has a PHQ-9 on {today.date()}" in error
    assert Administration.objects.filter(user=personas.solo).count() == 1  # the GAD-7 too


def test_two_of_the_same_questionnaire_on_one_day_are_refused(
    personas: Personas, tmp_path: Path
) -> None:
    def twice(bundle: dict[str, Any]) -> None:
        second = copy.deepcopy(_phq9(bundle))
        second["id"] = "phq9-visit-2"
        second["authored"] = "2025-01-15T16:00:00+01:00"
        _add(bundle, second)

    assert "a second PHQ-9 on 2025-01-15" in refused(
        tmp_path, fixture_with(twice), personas.solo.email
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("not json", "is not JSON"), ('{"resourceType": "Patient"}', "Hearth reads a Bundle or")],
)
def test_a_file_that_is_not_a_fhir_bundle_is_refused(
    personas: Personas, tmp_path: Path, text: str, message: str
) -> None:
    assert message in refused(tmp_path, text, personas.solo.email)


def test_only_a_person_who_takes_questionnaires_can_be_named(
    personas: Personas, tmp_path: Path
) -> None:
    data = json.loads(FIXTURE.read_text())
    assert "is not a person who takes questionnaires" in refused(
        tmp_path, data, personas.clinician.email
    )
    assert "No account has the email address" in refused(tmp_path, data, "nobody@example.test")


def test_a_hearth_total_that_does_not_match_its_answers_is_refused(
    personas: Personas, ada_history: Client, tmp_path: Path
) -> None:
    bundle = download(ada_history)
    observations = resources(bundle, "Observation")
    csi4 = next(o for o in observations if o["code"]["coding"][0]["code"] == "csi4-total")
    csi4["valueInteger"] += 1
    error = refused(tmp_path, bundle, personas.solo.email)
    assert f"the file gives a total of {csi4['valueInteger']} (csi4-total)" in error


def test_an_imported_risk_answer_is_kept_as_history(
    personas: Personas, ada_history: Client, client_for: ClientFor, tmp_path: Path
) -> None:
    import_into(tmp_path, download(ada_history), personas.solo.email)
    mine = Administration.objects.filter(user=personas.solo)
    risky = [a for a in mine if "self_harm" in a.flags]
    assert len(risky) == 1 and risky[0].instrument_id == "phq9"
    assert present(risky[0].completed_at) > datetime.now(ZoneInfo("UTC")) - timedelta(hours=1)
    # History, not a new answer: no safety event is raised for the person by the import.
    from hearth.safety.models import RiskEvent

    assert not RiskEvent.objects.filter(user=personas.solo).exists()
