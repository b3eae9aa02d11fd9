from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from hearth.measures import fhir
from hearth.measures.scoring import score

WHEN = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)
SUBJECT = "Patient/123"
PHQ9 = {"q1": 2, "q2": 1, "q3": 3, "q4": 2, "q5": 0, "q6": 1, "q7": 1, "q8": None, "q9": 1}


@pytest.mark.parametrize("instrument_id", ["phq9", "phq2", "gad7", "gad2", "pcptsd5", "csi4",
                                           "pgic"])  # fmt: skip
def test_every_questionnaire_is_valid_fhir_r4(instruments, instrument_id):
    resource = fhir.questionnaire(instruments[instrument_id])
    model = Questionnaire.model_validate(resource)
    assert len(model.item) == len(instruments[instrument_id].items)


def test_the_phq9_questionnaire_carries_its_loinc_panel_code(instruments):
    resource = fhir.questionnaire(instruments["phq9"])
    assert resource["code"] == [{"system": fhir.LOINC, "code": "44249-1"}]


def test_a_questionnaire_response_is_valid_and_leaves_out_unanswered_items(instruments):
    resource = fhir.questionnaire_response(
        instruments["phq9"], PHQ9, authored=WHEN, subject=SUBJECT
    )
    model = QuestionnaireResponse.model_validate(resource)
    assert [i.linkId for i in model.item] == ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q9"]
    assert model.item[0].answer[0].valueCoding.code == "2"


def test_observations_use_loinc_where_known_and_the_project_code_otherwise(instruments):
    result = score(instruments["phq9"], PHQ9)
    phq9_obs, phq2_obs = fhir.observations(
        instruments, result, effective=WHEN, subject=SUBJECT, derived_from="urn:uuid:x"
    )
    assert Observation.model_validate(phq9_obs).valueInteger == result.total
    assert phq9_obs["code"]["coding"][0]["code"] == "44261-6"
    assert phq2_obs["code"]["coding"][0]["code"] == "55758-7"
    gad2 = score(instruments["gad2"], {"q1": 1, "q2": 1})
    obs = fhir.observation(instruments["gad2"], gad2, effective=WHEN, subject=SUBJECT)
    Observation.model_validate(obs)
    assert obs["code"]["coding"][0] == {
        "system": "https://hearth.invalid/fhir/CodeSystem/instrument",
        "code": "gad2-total",
        "display": "GAD-2 total score",
    }


def test_a_mean_score_becomes_a_valid_quantity(toy):
    result = score(toy, {"a": 2, "b": 4, "c": 3})
    obs = fhir.observation(toy, result, effective=WHEN, subject=SUBJECT)
    assert float(Observation.model_validate(obs).valueQuantity.value) == pytest.approx(2.33)


def test_a_bundle_of_everything_is_a_valid_collection(instruments):
    instrument = instruments["phq9"]
    response = fhir.questionnaire_response(instrument, PHQ9, authored=WHEN, subject=SUBJECT)
    result = score(instrument, PHQ9)
    resources = [
        fhir.questionnaire(instrument),
        response,
        *fhir.observations(instruments, result, effective=WHEN, subject=SUBJECT,
                           derived_from=f"QuestionnaireResponse/{response['id']}"),
    ]  # fmt: skip
    model = Bundle.model_validate(fhir.bundle(resources))
    assert model.type == "collection"
    assert len(model.entry) == 4
    assert all(e.fullUrl.startswith("urn:uuid:") for e in model.entry)
