"""Published wording where its terms allow it, and a label everywhere else; the PHQ/GAD
attribution on their forms; the PHQ-9's difficulty question, kept and shown but never
scored; the PGIC's "much or very much better" counted as a response for clinicians."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hearth.measures import catalog
from hearth.measures.models import Administration
from hearth.measures.scoring import score
from tests.api.conftest import API, Api, token_for
from tests.conftest import ClientFor, Personas
from tests.factories import care_link, sitting
from tests.measures.web import PHQ9_MID, fhir_download, form, start, take

ADAPTED = "Wording changed; cut-off not tested for it"
PFIZER = "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues"

# The PC-PTSD-5 as printed in Prins et al. 2016 (J Gen Intern Med 31:1206, its table) and on
# the VA National Center for PTSD's pages; a work of US Government staff.
PC_PTSD_5 = [
    "Have you ever experienced this kind of event?",
    "Had nightmares about the event(s) or thought about the event(s) when you did not want to?",
    "Tried hard not to think about the event(s) or went out of your way to avoid situations "
    "that reminded you of the event(s)?",
    "Been constantly on guard, watchful, or easily startled?",
    "Felt numb or detached from people, activities, or your surroundings?",
    "Felt guilty or unable to stop blaming yourself or others for the event(s) or any problems "
    "the event(s) may have caused?",
]


def test_the_pc_ptsd_5_is_shipped_word_for_word_and_not_labelled() -> None:
    pcptsd5 = catalog.instruments()["pcptsd5"]
    assert [i.text for i in pcptsd5.items] == PC_PTSD_5
    assert pcptsd5.stem.startswith("Sometimes things happen to people that are unusually")
    assert "having a loved one die through homicide or suicide" in pcptsd5.stem_examples
    assert pcptsd5.gate is not None and pcptsd5.gate.lead == "In the past month, have you..."
    assert [o.label for o in pcptsd5.items[0].options] == ["No", "Yes"]
    assert not pcptsd5.adapted


def test_only_the_csi4_and_the_pgic_remain_in_adapted_wording() -> None:
    adapted = {i.id for i in catalog.instruments().values() if i.adapted}
    assert adapted == {"csi4", "pgic"}


def test_the_pc_ptsd_5_form_asks_the_published_questions_page_by_page(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    client.post("/questionnaires/pcptsd5/choose/", {"add": "yes"})
    sitting_ = start(client, "pcptsd5")
    first = client.get(f"/questionnaires/sitting/{sitting_.pk}/").content.decode()
    assert "a serious accident or fire" in first and "Have you ever experienced" in first
    assert ADAPTED not in first
    client.post(f"/questionnaires/sitting/{sitting_.pk}/", form({"exposure": 1}, 0))
    second = client.get(f"/questionnaires/sitting/{sitting_.pk}/").content.decode()
    assert "In the past month, have you..." in second
    assert "Been constantly on guard, watchful, or easily startled?" in second
    assert "Prins A, Bovin MJ" in second  # its attribution


@pytest.mark.parametrize("instrument_id", ["csi4", "pgic"])
def test_an_adapted_questionnaire_says_so_on_its_form_and_its_result(
    personas: Personas, client_for: ClientFor, instrument_id: str
) -> None:
    person = personas.partner_a  # in a couple, so the CSI-4 is asked
    client = client_for(person)
    client.post(f"/questionnaires/{instrument_id}/choose/", {"add": "yes"})
    sitting_ = start(client, instrument_id)
    page = client.get(f"/questionnaires/sitting/{sitting_.pk}/").content.decode()
    assert ADAPTED in page and "not the published ones" in page
    instrument = catalog.instruments()[instrument_id]
    answers = {item.id: item.options[1].value for item in instrument.items}
    take(client, answers, instrument_id)
    done = Administration.objects.get(user=person, instrument_id=instrument_id)
    result = client.get(f"/questionnaires/sitting/{done.pk}/result/").content.decode()
    assert ADAPTED in result


def test_a_published_questionnaire_is_not_labelled(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    done = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    assert ADAPTED not in client.get(f"/questionnaires/sitting/{done.pk}/result/").content.decode()


@pytest.mark.parametrize("instrument_id", ["phq9", "gad7"])
def test_the_phq_and_gad_forms_carry_their_attribution_line(
    personas: Personas, client_for: ClientFor, instrument_id: str
) -> None:
    client = client_for(personas.solo)
    sitting_ = start(client, instrument_id)
    page = client.get(f"/questionnaires/sitting/{sitting_.pk}/").content.decode()
    assert PFIZER in page
    assert "No permission required to reproduce, translate, display or distribute." in page


def test_the_clinician_sees_the_label_on_every_page_and_file(
    personas: Personas, client_for: ClientFor
) -> None:
    client, doctor = personas.partner_a, client_for(personas.clinician)
    care_link(client, personas.clinician, results=True)
    sitting(client, "csi4", 11, 30)
    sitting(client, "phq9", 12, 30)
    page = doctor.get(f"/clinic/clients/{client.pk}/").content.decode()
    assert page.count(ADAPTED) == 1  # the CSI-4, not the PHQ-9
    caseload = doctor.get("/clinic/").content.decode()
    assert f"CSI-4: {ADAPTED}." in caseload
    assert ADAPTED in doctor.get(f"/clinic/clients/{client.pk}/report/").content.decode()
    rows = list(csv.DictReader(io.StringIO(doctor.get("/clinic/caseload.csv").content.decode())))
    wording = {r["questionnaire"]: r["wording"] for r in rows}
    assert wording == {"CSI-4": ADAPTED, "PHQ-9": "published"}
    api = Api(token_for(personas.clinician)).get(f"{API}/clinic/clients/{client.pk}/results")
    assert {s["instrument_id"]: s["adapted_wording"] for s in api.json()} == {
        "csi4": ADAPTED,
        "phq9": None,
    }


def test_the_fhir_file_labels_an_adapted_questionnaire_and_its_scores(
    personas: Personas, client_for: ClientFor
) -> None:
    sitting(personas.partner_a, "csi4", 11, 30)
    sitting(personas.partner_a, "phq9", 12, 30)
    client = client_for(personas.partner_a)
    bundle = json.loads(fhir_download(client).content)
    resources = [e["resource"] for e in bundle["entry"]]
    questionnaires = {r["id"]: r for r in resources if r["resourceType"] == "Questionnaire"}
    assert ADAPTED in questionnaires["csi4"]["description"]
    assert ADAPTED not in questionnaires["phq9"]["description"]
    notes = {
        r["code"]["text"]: r.get("note", [{}])[0].get("text", "")
        for r in resources
        if r["resourceType"] == "Observation"
    }
    assert notes["CSI-4 total score"].startswith(ADAPTED)
    assert ADAPTED not in notes["PHQ-9 total score"]


# ---------------------------------------------------------------------------------------------
# The PHQ-9's difficulty question


def test_the_difficulty_question_is_optional_kept_shown_and_never_scored(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, {**PHQ9_MID, "difficulty": 2})
    done = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    assert done.answers["difficulty"] == 2
    assert done.total == 12  # the same total as without it
    page = client.get(f"/questionnaires/sitting/{done.pk}/result/").content.decode()
    assert "Your answer to the last question: Very difficult. It is not part of the score." in (
        page
    )
    api = Api(token_for(personas.solo)).get(f"{API}/questionnaires/sittings/{done.pk}/result")
    assert api.json()["extra_answers"] == [
        "Your answer to the last question: Very difficult. It is not part of the score."
    ]


def test_a_phq9_without_the_difficulty_answer_is_complete(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    take(client, PHQ9_MID)
    done = Administration.objects.get(user=personas.solo, instrument_id="phq9")
    assert done.status == Administration.Status.COMPLETED and "difficulty" not in done.answers
    page = client.get(f"/questionnaires/sitting/{done.pk}/result/").content.decode()
    assert "Your answer to the last question" not in page


@pytest.mark.parametrize("difficulty", [None, 0, 1, 2, 3])
def test_the_difficulty_answer_never_changes_a_score_or_a_flag(difficulty: int | None) -> None:
    phq9 = catalog.instruments()["phq9"]
    answers = {**PHQ9_MID, "q9": 1}
    base = score(phq9, answers)
    with_it = score(phq9, {**answers, "difficulty": difficulty})
    assert (with_it.total, with_it.band_id, with_it.flag_ids) == (
        base.total,
        base.band_id,
        base.flag_ids,
    )
    assert [d.total for d in with_it.derived] == [d.total for d in base.derived]


def test_a_difficulty_answer_off_its_scale_is_refused(
    personas: Personas, client_for: ClientFor
) -> None:
    client = client_for(personas.solo)
    sitting_ = start(client)
    client.post(f"/questionnaires/sitting/{sitting_.pk}/", form({"q1": 1, "q2": 1, "q3": 1,
                                                                "q4": 1, "q5": 1}, 0))  # fmt: skip
    last = {"q6": 1, "q7": 1, "q8": 1, "q9": 0, "difficulty": 7}
    response = client.post(f"/questionnaires/sitting/{sitting_.pk}/", form(last, 1))
    assert response.status_code == 400
    assert "That answer is not one of the choices." in response.content.decode()
    sitting_.refresh_from_db()
    assert sitting_.status == Administration.Status.IN_PROGRESS and "q6" not in sitting_.answers


# ---------------------------------------------------------------------------------------------
# The PGIC: "much" or "very much" better counts as a response for clinicians


@pytest.mark.parametrize(
    ("answer", "words", "counts"),
    [
        (1, "Very much better", True),
        (2, "Much better", True),
        (3, "A little better", False),
        (4, "No change", False),
        (7, "Very much worse", False),
    ],
)
def test_the_clinician_reads_the_pgic_answer_and_whether_it_is_a_response(
    personas: Personas, client_for: ClientFor, answer: int, words: str, counts: bool
) -> None:
    client, doctor = personas.partner_a, client_for(personas.clinician)
    care_link(client, personas.clinician, results=True)
    sitting(client, "pgic", answer, 2)
    verdict = "Counts as a response" if counts else "Does not count as a response"
    page = doctor.get(f"/clinic/clients/{client.pk}/").content.decode()
    assert f"Latest answer: {words}. {verdict}" in page
    assert "Dworkin et al. 2008, IMMPACT" in page
    report = doctor.get(f"/clinic/clients/{client.pk}/report/").content.decode()
    assert f"Latest answer: {words}. {verdict}" in report
    rows = list(csv.DictReader(io.StringIO(doctor.get("/clinic/caseload.csv").content.decode())))
    assert [r["response"] for r in rows] == ["yes" if counts else "no"]
    api = Api(token_for(personas.clinician)).get(f"{API}/clinic/clients/{client.pk}/results")
    assert [s["response"] for s in api.json()] == [counts]
    caseload = doctor.get("/clinic/").content.decode()
    cell = caseload.split('col-score-pgic"')[1].split("</td>")[0]
    assert (", response" in cell) == counts


def test_other_questionnaires_have_no_response_rule(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    sitting(personas.partner_a, "phq9", 3, 2)
    doctor = client_for(personas.clinician)
    rows = list(csv.DictReader(io.StringIO(doctor.get("/clinic/caseload.csv").content.decode())))
    assert [r["response"] for r in rows] == [""]
    assert (
        "Counts as a response"
        not in doctor.get(f"/clinic/clients/{personas.partner_a.pk}/").content.decode()
    )


def test_the_new_sentences_read_at_grade_8_or_below() -> None:
    from hearth.measures import words
    from tests.reading import MAX_GRADE, grade

    known = catalog.instruments()
    sentences = [words.adapted_why(known["csi4"]) or ""]
    sentences += words.extra_lines(known["phq9"], {"difficulty": 1})
    sentences += [words.response_line(known["pgic"], v) or "" for v in (1, 4)]
    for text in sentences:
        for sentence in text.split(". "):
            assert grade(sentence) <= MAX_GRADE, sentence
