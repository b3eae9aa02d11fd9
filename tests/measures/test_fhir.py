from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from hearth.measures import fhir
from hearth.measures.definitions import Instrument
from hearth.measures.scoring import score
from tests.conftest import present

WHEN = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
SUBJECT = "urn:uuid:8d3c5f0e-4a61-4b2e-9c7d-1f2e3a4b5c6d"
BASE = "https://care.example.org"
PHQ9 = {"q1": 2, "q2": 1, "q3": 3, "q4": 2, "q5": 0, "q6": 1, "q7": 1, "q8": None, "q9": 1}


@pytest.mark.parametrize("instrument_id", ["phq9", "phq2", "gad7", "gad2", "pcptsd5", "csi4",
                                           "pgic"])  # fmt: skip
def test_every_questionnaire_is_valid_fhir_r4(
    instruments: dict[str, Instrument], instrument_id: str
) -> None:
    instrument = instruments[instrument_id]
    resource = fhir.questionnaire(instrument, base=BASE)
    model = Questionnaire.model_validate(resource)
    assert len(present(model.item)) == len(instrument.items) + len(instrument.extras)
    assert resource["url"] == f"{BASE}/fhir/Questionnaire/{instrument_id}"


def test_the_phq9_questionnaire_carries_its_loinc_panel_code(
    instruments: dict[str, Instrument],
) -> None:
    resource = fhir.questionnaire(instruments["phq9"], base=BASE)
    assert resource["code"] == [
        {"system": fhir.LOINC, "code": "44249-1", "display": instruments["phq9"].title}
    ]


def test_a_questionnaire_without_loinc_is_coded_in_the_sites_instrument_system(
    instruments: dict[str, Instrument],
) -> None:
    resource = fhir.questionnaire(instruments["csi4"], base=BASE)
    assert resource["code"][0]["system"] == f"{BASE}/fhir/CodeSystem/instrument"
    option = resource["item"][0]["answerOption"][0]
    assert option["valueCoding"]["system"] == f"{BASE}/fhir/CodeSystem/csi4-q1"
    assert {e["url"] for e in option["extension"]} == {fhir.ITEM_WEIGHT, fhir.ORDINAL_VALUE}


def test_a_questionnaire_response_is_valid_and_leaves_out_unanswered_items(
    instruments: dict[str, Instrument],
) -> None:
    resource = fhir.questionnaire_response(
        instruments["phq9"], PHQ9, base=BASE, authored=WHEN, subject=SUBJECT, resource_id="r1"
    )
    model = QuestionnaireResponse.model_validate(resource)
    items = present(model.item)
    assert [i.linkId for i in items] == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q9"]
    assert present(present(items[0].answer)[0].valueCoding).code == "LA6570-1"
    assert resource["questionnaire"] == f"{BASE}/fhir/Questionnaire/phq9|2001"


def test_observations_use_loinc_where_known_and_the_project_code_otherwise(
    instruments: dict[str, Instrument],
) -> None:
    result = score(instruments["phq9"], PHQ9)
    phq9_obs, phq2_obs = fhir.observations(
        instruments, result, base=BASE, effective=WHEN, subject=SUBJECT,
        ids={"phq9": "o1", "phq2": "o2"}, derived_from="urn:uuid:x",
    )  # fmt: skip
    assert Observation.model_validate(phq9_obs).valueInteger == result.total
    assert phq9_obs["code"]["coding"][0]["code"] == "44261-6"
    assert phq2_obs["code"]["coding"][0]["code"] == "55758-7"
    gad2 = score(instruments["gad2"], {"q1": 1, "q2": 1})
    obs = fhir.observation(
        instruments["gad2"], gad2, base=BASE, effective=WHEN, subject=SUBJECT, resource_id="o3"
    )
    Observation.model_validate(obs)
    assert obs["code"]["coding"][0] == {
        "system": f"{BASE}/fhir/CodeSystem/instrument",
        "code": "gad2-total",
        "display": "GAD-2 total score",
    }


def test_a_mean_score_becomes_a_valid_quantity(toy: Instrument) -> None:
    result = score(toy, {"a": 2, "b": 4, "c": 3})
    obs = fhir.observation(toy, result, base=BASE, effective=WHEN, subject=SUBJECT, resource_id="x")
    quantity = present(Observation.model_validate(obs).valueQuantity)
    assert float(present(quantity.value)) == pytest.approx(2.33)


def test_the_patient_has_no_name_and_is_marked_pseudonymous() -> None:
    patient = fhir.patient(base=BASE, resource_id="8d3c5f0e-4a61-4b2e-9c7d-1f2e3a4b5c6d")
    model = Patient.model_validate(patient)
    assert model.name is None and model.telecom is None and model.birthDate is None
    assert present(present(model.meta).security)[0].code == "PSEUDED"


def test_a_bundle_of_everything_is_a_valid_collection(instruments: dict[str, Instrument]) -> None:
    instrument = instruments["phq9"]
    response = fhir.questionnaire_response(
        instrument, PHQ9, base=BASE, authored=WHEN, subject=SUBJECT, resource_id="r1"
    )
    result = score(instrument, PHQ9)
    questionnaire = fhir.questionnaire(instrument, base=BASE)
    entries = [
        (SUBJECT, fhir.patient(base=BASE, resource_id="8d3c5f0e-4a61-4b2e-9c7d-1f2e3a4b5c6d")),
        (questionnaire["url"], questionnaire),
        ("urn:uuid:r1", response),
        *[(f"urn:uuid:{o['id']}", o) for o in fhir.observations(
            instruments, result, base=BASE, effective=WHEN, subject=SUBJECT,
            ids={"phq9": "o1", "phq2": "o2"}, derived_from="urn:uuid:r1")],
    ]  # fmt: skip
    model = Bundle.model_validate(
        fhir.bundle(entries, resource_id="b1", timestamp=WHEN.isoformat())
    )
    assert model.type == "collection"
    assert len(present(model.entry)) == 5
