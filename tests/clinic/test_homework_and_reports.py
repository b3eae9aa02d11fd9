"""Homework reaches the couple; questionnaires can be asked for; reports hold only consent."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from hearth.accounts.models import User
from hearth.clinic import demo, export, panels
from hearth.clinic.models import CareInvitation, CareLink, ClinicianProfile, Homework
from hearth.core.facts import facts_of
from hearth.core.models import AuditEvent
from hearth.couples import sharing
from hearth.measures import access as measures_access
from hearth.measures.models import Schedule
from tests import factories
from tests.conftest import ClientFor, Personas
from tests.factories import care_link, sitting

HOMEWORK = {
    "stage": "couple-0",
    "exercises": ["hand-touch"],
    "instructions": "Try the hand massage twice this week.",
    "with_partner": "on",
}


def test_homework_reaches_both_linked_partners_home_pages(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician)
    care_link(personas.partner_b, personas.clinician)
    url = f"/clinic/clients/{personas.partner_a.pk}/homework/"
    assert client_for(personas.clinician).post(url, HOMEWORK).status_code == 302
    for person in (personas.partner_a, personas.partner_b):
        home = client_for(person).get("/").content.decode()
        assert "From your therapist" in home
        assert "Try the hand massage twice this week." in home
        assert "Hand and arm touch" in home
    assert Homework.objects.count() == 2


def test_the_home_pages_homework_question_says_yes_exactly_when_there_is_homework_to_show(
    personas: Personas,
) -> None:
    """The home page reads homework only after core.facts says some waits: a client with a
    link but no homework, another client's homework and an ended link all say no."""
    person = personas.partner_a

    def waits(user: User) -> bool:
        return facts_of(user)["clinic_homework"]

    def panel(user: User) -> str:
        request = RequestFactory().get("/")
        request.user = user
        return panels.home(request)

    assert not waits(person)
    link = care_link(person, personas.clinician)
    assert not waits(person) and panel(person) == ""
    Homework.objects.create(link=link, instructions="Read the first page.")
    assert waits(person) and "Read the first page." in panel(person)
    assert not waits(personas.partner_b) and not waits(personas.solo)
    CareLink.objects.filter(pk=link.pk).update(status=CareLink.Status.ENDED)
    assert not waits(person) and panel(person) == ""


def test_while_the_couple_part_is_paused_homework_for_couple_exercises_waits(
    personas: Personas, client_for: ClientFor
) -> None:
    """No couple feature nudges either partner while the couple part is paused: homework that
    names a couple exercise waits, in the words the program panel uses; the rest stays."""
    from hearth.safety import actions as safety
    from hearth.safety.models import RiskEvent

    care_link(personas.partner_a, personas.clinician)
    care_link(personas.partner_b, personas.clinician)
    url = f"/clinic/clients/{personas.partner_a.pk}/homework/"
    clinician = client_for(personas.clinician)
    clinician.post(url, HOMEWORK)
    note = {"stage": "", "instructions": "Write down one thing you enjoyed.", "with_partner": "on"}
    assert clinician.post(url, note).status_code == 302
    afraid = {"humiliated": "no", "afraid": "yes", "raped": "no", "kicked": "no"}
    safety.record_screening(personas.partner_b, afraid)
    paused = "The couple part of the program is paused for now."
    for person in (personas.partner_a, personas.partner_b):
        home = client_for(person).get("/").content.decode()
        panel = home.split('id="homework-panel-heading"', 1)[1].split("</section>", 1)[0]
        assert paused in panel and "Write down one thing you enjoyed." in panel
        assert "hand massage" not in home and "Hand and arm touch" not in home
    RiskEvent.objects.update(resolved_at=timezone.now())
    home = client_for(personas.partner_a).get("/").content.decode()
    assert "Try the hand massage twice this week." in home and "Hand and arm touch" in home
    panel = home.split('id="homework-panel-heading"', 1)[1].split("</section>", 1)[0]
    assert paused not in panel


def test_homework_is_stored_encrypted(personas: Personas, client_for: ClientFor) -> None:
    from django.db import connection

    care_link(personas.solo, personas.clinician)
    client_for(personas.clinician).post(f"/clinic/clients/{personas.solo.pk}/homework/", HOMEWORK)
    with connection.cursor() as cursor:
        cursor.execute("SELECT instructions FROM clinic_homework")
        (raw,) = cursor.fetchone()
    assert "hand massage" not in raw


def test_homework_skips_a_partner_who_is_not_linked(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.partner_a, personas.clinician)
    client_for(personas.clinician).post(
        f"/clinic/clients/{personas.partner_a.pk}/homework/", HOMEWORK
    )
    assert "From your therapist" not in client_for(personas.partner_b).get("/").content.decode()


def test_homework_with_bad_input_is_refused_and_nothing_is_saved(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.solo, personas.clinician)
    clinician = client_for(personas.clinician)
    url = f"/clinic/clients/{personas.solo.pk}/homework/"
    empty = clinician.post(url, {**HOMEWORK, "instructions": "  "})
    assert empty.status_code == 400
    assert "Please write a few words of instructions." in empty.content.decode()
    unknown = clinician.post(url, {**HOMEWORK, "exercises": ["not-an-exercise"]})
    assert unknown.status_code == 400
    assert not Homework.objects.exists()


def test_homework_ends_with_the_link(personas: Personas, client_for: ClientFor) -> None:
    care = care_link(personas.solo, personas.clinician)
    client_for(personas.clinician).post(f"/clinic/clients/{personas.solo.pk}/homework/", HOMEWORK)
    client_for(personas.solo).post(
        f"/clinic/my-care/{care.pk}/end/", {f"end{care.pk}-confirm": "on"}
    )
    assert "From your therapist" not in client_for(personas.solo).get("/").content.decode()


def test_a_clinician_asks_for_a_questionnaire_with_results_shared(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.solo, personas.clinician, results=True)
    today = timezone.localdate()
    Schedule.objects.create(
        user=personas.solo, instrument_id="phq9", next_due=today + timedelta(days=10)
    )
    url = f"/clinic/clients/{personas.solo.pk}/questionnaire/"
    response = client_for(personas.clinician).post(
        url, {"instrument": "phq9", "due": today.isoformat()}
    )
    assert response.status_code == 302
    assert Schedule.objects.get(user=personas.solo, instrument_id="phq9").next_due == today
    assert "phq9" in [d.instrument.id for d in measures_access.due_now(personas.solo)]


def test_asking_for_a_questionnaire_needs_results_and_a_sensible_day(
    personas: Personas, client_for: ClientFor
) -> None:
    care = care_link(personas.solo, personas.clinician)
    url = f"/clinic/clients/{personas.solo.pk}/questionnaire/"
    clinician = client_for(personas.clinician)
    today = timezone.localdate().isoformat()
    assert clinician.post(url, {"instrument": "phq9", "due": today}).status_code == 404
    sharing.choose(personas.solo, sharing.THERAPIST, "results", {""}, link=care)
    far = (timezone.localdate() + timedelta(days=400)).isoformat()
    response = clinician.post(url, {"instrument": "phq9", "due": far})
    assert response.status_code == 400 and "Please choose a day" in response.content.decode()
    response = clinician.post(url, {"instrument": "phq2", "due": today})
    assert response.status_code == 400
    assert not Schedule.objects.filter(user=personas.solo).exists()


def test_the_report_holds_only_what_is_shared_and_is_audited(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.solo, personas.clinician, sessions=True)
    sitting(personas.solo, "gad7", 15, 20)
    clinician = client_for(personas.clinician)
    html = clinician.get(f"/clinic/clients/{personas.solo.pk}/report/").content.decode()
    assert "Not shared by the client." in html and "GAD-7" not in html
    assert "print.css" in html and 'style="' not in html
    pdf = clinician.get(f"/clinic/clients/{personas.solo.pk}/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    kinds = AuditEvent.objects.filter(kind="clinic.reported", subject=personas.solo)
    assert sorted(k.detail["what"] for k in kinds) == ["report_html", "report_pdf"]


def test_the_report_shows_scores_when_results_are_shared(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.solo, personas.clinician, results=True)
    sitting(personas.solo, "gad7", 15, 20)
    sitting(personas.solo, "gad7", 5, 2)
    html = client_for(personas.clinician).get(f"/clinic/clients/{personas.solo.pk}/report/")
    text = html.content.decode()
    assert "GAD-7: first 15" in text and "latest 5" in text and "Reliably better" in text


def test_a_pdf_report_logs_no_line_per_glyph_or_font_table(
    personas: Personas, client_for: ClientFor, caplog: pytest.LogCaptureFixture
) -> None:
    """Font subsetting used to log dozens of INFO lines per report, glyph names included
    (which hint at the report's text). Even with every level captured, none come through."""
    care_link(personas.solo, personas.clinician, results=True)
    sitting(personas.solo, "gad7", 15, 20)
    caplog.set_level(logging.DEBUG)
    pdf = client_for(personas.clinician).get(f"/clinic/clients/{personas.solo.pk}/report.pdf")
    assert pdf.content.startswith(b"%PDF")
    font_lines = [r for r in caplog.records if r.name.split(".")[0] in ("fontTools", "fpdf")]
    assert font_lines == []
    assert not any("Glyph" in r.getMessage() for r in caplog.records)


def test_the_fhir_bundle_needs_results_and_is_audited(
    personas: Personas, client_for: ClientFor
) -> None:
    care_link(personas.solo, personas.clinician, results=True)
    sitting(personas.solo, "gad7", 15, 20)
    response = client_for(personas.clinician).get(f"/clinic/clients/{personas.solo.pk}/fhir.json")
    bundle = response.json()
    assert bundle["resourceType"] == "Bundle"
    subjects = {e["resource"].get("subject", {}).get("reference") for e in bundle["entry"]} - {None}
    patients = [e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"]
    assert subjects == set(patients) and len(patients) == 1  # one pseudonymous Patient
    assert AuditEvent.objects.filter(kind="clinic.reported", subject=personas.solo).exists()


def test_the_demo_links_dr_lee_with_both_partners_once(
    personas: Personas, password_hash: str
) -> None:

    people = {
        "alex@demo.invalid": personas.partner_a,
        "sam@demo.invalid": personas.partner_b,
        "dr.lee@demo.invalid": factories.person(
            "dr.lee@demo.invalid", "Dr Lee", "clinician", password_hash=password_hash
        ),
    }
    demo.load(people)
    demo.load(people)
    lee = people["dr.lee@demo.invalid"]
    alex = sharing.shared_with(personas.partner_a, sharing.THERAPIST, lee)
    sam = sharing.shared_with(personas.partner_b, sharing.THERAPIST, lee)
    # Alex lets Dr Lee see the session log, Sam does not (yet): so Dr Lee sees only Alex's
    # own session days, and the log itself waits for Sam.
    assert (alex.results, alex.sessions_own, alex.sessions, alex.participation) == (
        True,
        True,
        False,
        True,
    )
    assert not alex.reflections and not alex.risk_alerts and not alex.checkin
    assert (sam.results, sam.sessions_own, sam.participation, sam.risk_alerts) == (
        True,
        False,
        False,
        False,
    )
    assert Homework.objects.count() == 2 and ClinicianProfile.objects.count() == 1


def test_export_and_erase_for_a_client(personas: Personas, client_for: ClientFor) -> None:
    care = care_link(personas.partner_a, personas.clinician, results=True)
    Homework.objects.create(link=care, instructions="Rest and breathe together.")
    data = export.collect(personas.partner_a)
    assert data["care_links"][0]["shared"]["results"] is True
    assert data["homework"][0]["instructions"] == "Rest and breathe together."
    export.erase(personas.partner_a)
    assert not CareLink.objects.exists() and not Homework.objects.exists()


def test_erasing_a_clinician_removes_their_profile_links_and_invitations(
    personas: Personas, client_for: ClientFor
) -> None:
    client_for(personas.clinician).post("/clinic/invite/")
    ClinicianProfile.objects.create(user=personas.clinician, full_name="Dr Kim")
    care_link(personas.partner_a, personas.clinician, results=True)
    export.erase(personas.clinician)
    assert not CareLink.objects.exists()
    assert not ClinicianProfile.objects.exists() and not CareInvitation.objects.exists()
    assert export.collect(personas.partner_a) == {"care_links": [], "homework": []}
