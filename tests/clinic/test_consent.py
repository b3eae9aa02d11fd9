"""Consent: every scope starts off, the client turns each on or off, it works at once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from hearth.accounts.models import User
from hearth.clinic.models import CareLink, ClinicianProfile
from hearth.core.models import AuditEvent
from hearth.couples.sharing import THERAPIST, shared_with
from hearth.program.models import Program, Reflection, Session
from tests.clinic.conftest import confirmed
from tests.conftest import ClientFor, Personas, Response
from tests.factories import Shares, care_link, sitting

SECTION_IDS = {
    "results": 'id="results"',
    "checkins": 'id="checkins"',
    "sessions": 'id="sessions"',
    "reflections": 'id="reflections"',
    "risk_alerts": 'id="risk"',
}
SECTIONS = tuple(SECTION_IDS)
# The share that opens each section, for a person alone (so the session log needs no one
# else's yes; the couple's case is in tests/clinic/test_sharing.py).
OPENS: dict[str, Shares] = {
    "results": {"results": True},
    "checkins": {"checkins": ["mood"]},
    "sessions": {"sessions": True},
    "reflections": {"reflections": True},
    "risk_alerts": {"risk_alerts": True},
}


def reflection_of(person: User) -> Reflection:
    """A held session of the person's own program, and their reflection on it."""
    program = Program.objects.create(owner=person, stage="solo-0", stage_since=date.today())
    session = Session.objects.create(
        program=program,
        planned_for=timezone.now() - timedelta(days=1),
        stage="solo-0",
        exercise="solo-breath",
        turn_minutes=10,
        turns=1,
        status=Session.Status.DONE,
    )
    return Reflection.objects.create(
        session=session, user=person, comfort=5, closeness=6, anxiety=2, text="Slow and calm"
    )


def results_shared(care: CareLink) -> bool:
    return shared_with(care.client, THERAPIST, care.clinician).results


def section(body: str, scope: str) -> str:
    start = body.index(SECTION_IDS[scope])
    return body[start : body.index("</section>", start)]


def consent(client: Client, link_id: int, **scopes: bool) -> Response:
    data = {f"link{link_id}-{scope}": "on" for scope, on in scopes.items() if on}
    return confirmed(client).post(f"/clinic/my-care/{link_id}/consent/", data)


def test_a_new_link_shares_nothing(personas: Personas, client_for: ClientFor) -> None:
    care = care_link(personas.partner_a, personas.clinician)
    sitting(personas.partner_a, "phq9", 12, 10)
    body = client_for(personas.clinician).get(f"/clinic/clients/{care.client_id}/").content
    text = body.decode()
    for scope in SECTIONS:
        assert "Not shared" in section(text, scope)
    assert "PHQ-9" not in section(text, "results")


@pytest.mark.parametrize("scope", SECTIONS)
def test_each_scope_shows_only_its_own_section(
    scope: str, personas: Personas, client_for: ClientFor
) -> None:
    reflection_of(personas.solo)  # something to share for "reflections"
    care = care_link(personas.solo, personas.clinician, **OPENS[scope])
    text = client_for(personas.clinician).get(f"/clinic/clients/{care.client_id}/").content.decode()
    for other in SECTIONS:
        assert ("Not shared" in section(text, other)) == (other != scope)


def test_a_client_grants_a_scope_and_the_next_page_shows_it(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician)
    sitting(personas.partner_a, "phq9", 12, 10)
    clinician = client_for(personas.clinician)
    page = f"/clinic/clients/{care.client_id}/"
    assert "PHQ-9" not in section(clinician.get(page).content.decode(), "results")
    response = consent(client_for(personas.partner_a), care.pk, results=True)
    assert response.status_code == 302
    assert "PHQ-9" in section(clinician.get(page).content.decode(), "results")


def test_a_consent_change_is_written_to_the_clients_log(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician)
    consent(client_for(personas.partner_a), care.pk, results=True, risk_alerts=True)
    rows = AuditEvent.objects.filter(kind="clinic.consent_changed", subject=personas.partner_a)
    assert sorted((r.detail["scope"], r.detail["granted"]) for r in rows) == [
        ("results", True),
        ("risk_alerts", True),
    ]
    assert all(r.actor == personas.partner_a for r in rows)
    assert all(r.detail["clinician"] == personas.clinician.pk for r in rows)
    account = client_for(personas.partner_a).get("/account/").content.decode()
    assert "What your therapist may see was changed" in account


def test_revoking_mid_session_hides_the_data_on_the_very_next_request(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True)
    sitting(personas.partner_a, "phq9", 12, 10)
    clinician = client_for(personas.clinician)
    page = f"/clinic/clients/{care.client_id}/"
    assert "PHQ-9" in section(clinician.get(page).content.decode(), "results")
    consent(client_for(personas.partner_a), care.pk, results=False)
    assert "PHQ-9" not in section(clinician.get(page).content.decode(), "results")
    assert clinician.get(f"/clinic/clients/{care.client_id}/fhir.json").status_code == 404


def test_ending_the_link_ends_everything_at_once(personas: Personas, client_for: ClientFor) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True, sessions=True)
    clinician = client_for(personas.clinician)
    page = f"/clinic/clients/{care.client_id}/"
    assert clinician.get(page).status_code == 200
    ended = client_for(personas.partner_a).post(
        f"/clinic/my-care/{care.pk}/end/", {f"end{care.pk}-confirm": "on"}
    )
    assert ended.status_code == 302
    for path in ("", "report/", "report.pdf", "fhir.json"):
        assert clinician.get(page + path).status_code == 404
    assert personas.partner_a.display_name not in clinician.get("/clinic/").content.decode()
    care.refresh_from_db()
    assert care.status == CareLink.Status.ENDED and not care.shares.exists()


def test_ending_needs_the_box_ticked_and_changes_nothing_without_it(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True)
    client_for(personas.partner_a).post(f"/clinic/my-care/{care.pk}/end/", {})
    care.refresh_from_db()
    assert care.status == CareLink.Status.ACTIVE


def test_each_partner_decides_for_their_own_data(personas: Personas, client_for: ClientFor) -> None:
    a = care_link(personas.partner_a, personas.clinician, results=True)
    b = care_link(personas.partner_b, personas.clinician)
    sitting(personas.partner_a, "phq9", 12, 10)
    sitting(personas.partner_b, "phq9", 15, 10)
    clinician = client_for(personas.clinician)
    assert "PHQ-9" in section(
        clinician.get(f"/clinic/clients/{a.client_id}/").content.decode(), "results"
    )
    assert "PHQ-9" not in section(
        clinician.get(f"/clinic/clients/{b.client_id}/").content.decode(), "results"
    )
    # Partner B cannot change partner A's choices: A's link is a 404 for B.
    response = consent(client_for(personas.partner_b), a.pk, results=False)
    assert response.status_code == 404
    assert results_shared(a)


def test_a_clinician_sees_only_their_own_clients(
    personas: Personas, second_clinician: User, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True)
    other = client_for(second_clinician)
    for path in ("", "report/", "report.pdf", "fhir.json"):
        assert other.get(f"/clinic/clients/{care.client_id}/{path}").status_code == 404
    assert other.post(f"/clinic/clients/{care.client_id}/end/").status_code == 404
    care.refresh_from_db()
    assert care.status == CareLink.Status.ACTIVE


def test_a_client_who_never_linked_is_a_404(personas: Personas, client_for: ClientFor) -> None:
    clinician = client_for(personas.clinician)
    assert clinician.get(f"/clinic/clients/{personas.stranger.pk}/").status_code == 404
    assert clinician.get("/clinic/clients/999999/").status_code == 404


def test_members_get_404_on_clinician_pages(personas: Personas, client_for: ClientFor) -> None:
    care_link(personas.partner_a, personas.clinician, results=True)
    member = client_for(personas.partner_b)
    for path in ("/clinic/", "/clinic/caseload.csv", "/clinic/profile/"):
        assert member.get(path).status_code == 404
    assert member.get(f"/clinic/clients/{personas.partner_a.pk}/").status_code == 404


def test_clinicians_get_404_on_client_pages(personas: Personas, client_for: ClientFor) -> None:
    care = care_link(personas.partner_a, personas.clinician)
    clinician = confirmed(client_for(personas.clinician))
    assert clinician.get("/clinic/my-care/").status_code == 404
    response = clinician.post(
        f"/clinic/my-care/{care.pk}/consent/", {f"link{care.pk}-results": "on"}
    )
    assert response.status_code == 404
    assert not results_shared(care)


def test_changing_consent_asks_for_the_password_again_when_it_is_not_fresh(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician)
    response = client_for(personas.partner_a).post(
        f"/clinic/my-care/{care.pk}/consent/", {f"link{care.pk}-results": "on"}
    )
    assert response.status_code == 302 and "/account/confirm/" in response["Location"]
    assert not results_shared(care)


def test_every_clinician_look_is_in_the_clients_log(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True)
    clinician = client_for(personas.clinician)
    clinician.get(f"/clinic/clients/{care.client_id}/")
    clinician.get(f"/clinic/clients/{care.client_id}/")
    views = AuditEvent.objects.filter(kind="clinic.viewed", subject=personas.partner_a)
    assert views.count() == 2
    assert all(v.actor == personas.clinician and v.detail["scopes"] == ["results"] for v in views)
    account = client_for(personas.partner_a).get("/account/").content.decode()
    assert "Your therapist looked at your shared data" in account
    assert "Dr Kim" in account


def test_the_client_sees_the_profile_on_their_page(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.clinician).post(
        "/clinic/profile/",
        {
            "full_name": "Dr Kim Park",
            "profession": "Couples therapist",
            "registration_number": "LMFT 12345",
            "registration_body": "State board",
            "practice": "Park Practice",
            "bio": "I work with couples.",
        },
    )
    care_link(personas.partner_a, personas.clinician)
    page = client_for(personas.partner_a).get("/clinic/my-care/").content.decode()
    assert "Dr Kim Park" in page and "LMFT 12345" in page and "State board" in page


def test_a_profile_without_required_facts_is_refused(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.clinician).post("/clinic/profile/", {"full_name": "Dr Kim"})
    assert response.status_code == 400
    assert "Please fill this in." in response.content.decode()
    assert not ClinicianProfile.objects.exists()
