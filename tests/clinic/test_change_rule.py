"""One change rule per questionnaire: the person and their clinician get the same verdict
for the same two scores, on every page, report, CSV and API answer (worked examples at the
edges of each rule)."""

from __future__ import annotations

import csv
import io

import pytest

from hearth.accounts.models import User
from hearth.measures.models import Administration
from tests import factories
from tests.api.conftest import API, Api, token_for
from tests.conftest import ClientFor, Personas
from tests.factories import care_link, sitting

NO_RULE = "No published rule says when a change on this one is reliable"
# instrument, first, latest, the person's sentence, the clinician's verdict
EXAMPLES = [
    ("phq9", 15, 9, "This is a reliable change for the better.", "Reliably better"),
    ("phq9", 15, 10, "could be normal ups and downs", "No reliable change"),
    ("phq9", 9, 15, "This is a reliable change for the worse.", "Reliably worse"),
    ("gad7", 12, 8, "This is a reliable change for the better.", "Reliably better"),
    ("gad7", 12, 9, "could be normal ups and downs", "No reliable change"),
    ("csi4", 10, 16, NO_RULE, NO_RULE),
]


def history(user: User, instrument: str, first: int, latest: int) -> Administration:
    sitting(user, instrument, first, 30)
    return sitting(user, instrument, latest, 2)


@pytest.mark.parametrize(("instrument", "first", "latest", "mine", "verdict"), EXAMPLES)
def test_the_person_and_the_clinician_read_the_same_verdict(
    personas: Personas,
    client_for: ClientFor,
    instrument: str,
    first: int,
    latest: int,
    mine: str,
    verdict: str,
) -> None:
    client = personas.partner_a
    care_link(client, personas.clinician, results=True)
    last = history(client, instrument, first, latest)
    own = client_for(client).get(f"/questionnaires/sitting/{last.pk}/result/").content.decode()
    assert mine in own
    doctor = client_for(personas.clinician)
    page = doctor.get(f"/clinic/clients/{client.pk}/").content.decode()
    assert f"Since then: {verdict}" in page
    assert verdict in doctor.get("/clinic/").content.decode()
    report = doctor.get(f"/clinic/clients/{client.pk}/report/").content.decode()
    assert verdict in report
    mine_api = Api(token_for(client)).get(f"{API}/questionnaires/sittings/{last.pk}/result")
    mine_api = mine_api.json()
    theirs = Api(token_for(personas.clinician)).get(f"{API}/clinic/clients/{client.pk}/results")
    theirs = theirs.json()
    assert mine_api["change"]["verdict"] == verdict
    assert [s["change"]["verdict"] for s in theirs] == [verdict]
    assert mine_api["change_rule"] == theirs[0]["change_rule"]


def test_both_views_name_the_rule_and_its_reference(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    last = history(personas.partner_a, "gad7", 12, 8)
    own = client_for(personas.partner_a).get(f"/questionnaires/sitting/{last.pk}/result/")
    rule = "On the GAD-7, a change of 4 points or more counts as reliable"
    assert rule in own.content.decode()
    doctor = client_for(personas.clinician)
    page = doctor.get(f"/clinic/clients/{personas.partner_a.pk}/").content.decode()
    assert rule in page and "NHS Talking Therapies" in page
    # The clinician also sees the other published convention and why Hearth uses its own.
    assert "Another published rule uses 6 points (Bischoff" in page
    assert "same service as the PHQ-9 rule" in page
    caseload = doctor.get("/clinic/").content.decode()
    assert "How change is judged" in caseload and rule in caseload


def test_no_view_estimates_an_sd_from_the_caseload(
    personas: Personas, client_for: ClientFor
) -> None:
    # Ten clients with close first scores used to make the caseload compute a tiny SD of
    # its own for the PHQ-9 and call a 3-point drop reliable, unlike the person's page.

    people = [
        factories.person(
            f"c{i}@example.test",
            f"C{i}",
            User.Role.MEMBER,
            password_hash=personas.clinician.password,
        )
        for i in range(10)
    ]
    for i, person in enumerate(people):
        care_link(person, personas.clinician, results=True)
        history(person, "phq9", 10 + i % 2, 7 + i % 2)  # 3 points lower: not reliable
    body = client_for(personas.clinician).get("/clinic/").content.decode()
    assert body.count("No reliable change") == 10 and "Reliably better" not in body


def test_the_csv_and_fhir_carry_the_same_verdict_and_rule(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    history(personas.partner_a, "phq9", 15, 9)
    doctor = client_for(personas.clinician)
    rows = list(csv.DictReader(io.StringIO(doctor.get("/clinic/caseload.csv").content.decode())))
    (row,) = [r for r in rows if r["questionnaire"] == "PHQ-9"]
    assert row["reliable_change"] == "improved" and row["difference"] == "-6"
    assert "6 points or more" in row["change_rule"]
    bundle = doctor.get(f"/clinic/clients/{personas.partner_a.pk}/fhir.json").json()
    notes = [
        e["resource"]["note"][0]["text"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "note" in e["resource"]
    ]
    assert any("-6 points. Reliably better." in n and "6 points or more" in n for n in notes)
