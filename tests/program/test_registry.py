"""What the program adds to shared pages: the nav link, the home panel, demo data, and its
part of a person's export and erasure."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from hearth.accounts.models import User
from hearth.core.registry import erasers, exporters, nav_items
from hearth.program import export
from hearth.program.models import Intake, Program, Readiness, Reflection, Session
from tests.conftest import ClientFor, Personas
from tests.factories import screened
from tests.program.helpers import give_intake, held, url

pytestmark = pytest.mark.django_db


def test_members_get_a_program_link_and_clinicians_do_not() -> None:
    assert ("Program", "program:home") in nav_items("member")
    assert ("Program", "program:home") not in nav_items("clinician")


def test_the_home_page_shows_what_is_next_and_what_was_done(
    personas: Personas, client_for: ClientFor
) -> None:
    a, b = personas.partner_a, personas.partner_b
    give_intake(a)
    assert "Start with a few private questions" not in client_for(a).get("/").content.decode()
    assert (
        "Start with a few private questions"
        in client_for(personas.stranger).get("/").content.decode()
    )
    give_intake(b)
    held(a, b)
    page = client_for(b).get("/").content.decode()
    assert "Your program" in page and "Sessions held so far: 1." in page
    assert "Nothing is planned. That is fine." in page
    for pressing in ("streak", "overdue", "missed", "behind"):
        assert pressing not in page.lower()


def test_the_home_page_of_a_clinician_has_no_program_panel(
    personas: Personas, client_for: ClientFor
) -> None:
    assert "Your program" not in client_for(personas.clinician).get("/").content.decode()


def load_demo() -> None:
    call_command("load_demo", stdout=StringIO())


def test_demo_data_loads_a_couple_at_stage_1_and_a_person_alone_and_is_idempotent() -> None:
    load_demo()
    counts = [Intake.objects.count(), Session.objects.count(), Reflection.objects.count()]
    load_demo()
    assert [Intake.objects.count(), Session.objects.count(), Reflection.objects.count()] == counts
    alex = User.objects.get(email="alex@demo.invalid")
    couple_program = Program.objects.get(couple__memberships__user=alex)
    assert couple_program.stage == "couple-1"
    assert couple_program.sessions.filter(status="done").count() >= 6
    assert Reflection.objects.filter(session__program=couple_program).count() >= 12
    robin = User.objects.get(email="robin@demo.invalid")
    solo_program = Program.objects.get(owner=robin)
    assert solo_program.sessions.count() == 2


def test_the_export_holds_the_persons_own_answers_and_reflections(personas: Personas) -> None:
    a, b = personas.partner_a, personas.partner_b
    give_intake(a, concerns={"pain"}, goals="Rest more")
    give_intake(b, goals="Partner goal")
    session = held(a, b)
    assert ("program", export.collect) in exporters()
    data = export.collect(a)
    assert data["intake"]["concerns"] == ["pain"] and data["intake"]["goals"] == "Rest more"
    assert [r["session"] for r in data["reflections"]] == [session.pk]
    assert [s["id"] for s in data["sessions"]] == [session.pk]
    assert "Partner goal" not in json.dumps(data)


def test_erasure_removes_the_persons_records_and_keeps_the_partners(personas: Personas) -> None:
    a, b = personas.partner_a, personas.partner_b
    screened(a, b)
    give_intake(a)
    give_intake(b)
    session = held(a, b)
    assert export.erase in erasers()
    export.erase(a)
    assert not Intake.objects.filter(user=a).exists()
    assert not Readiness.objects.filter(user=a).exists()
    assert not Reflection.objects.filter(user=a).exists()
    assert Session.objects.filter(pk=session.pk).exists()
    assert Intake.objects.filter(user=b).exists()
    assert Reflection.objects.filter(user=b, session=session).exists()
    assert Readiness.objects.filter(user=b, session=session).exists()


def test_erasing_a_person_alone_removes_their_program(personas: Personas) -> None:
    give_intake(personas.solo)
    held(personas.solo)
    export.erase(personas.solo)
    assert not Program.objects.filter(owner=personas.solo).exists()
    assert Session.objects.count() == 0


def test_deleting_the_account_afterwards_keeps_the_shared_session(personas: Personas) -> None:
    a, b = personas.partner_a, personas.partner_b
    give_intake(a)
    give_intake(b)
    session = held(a, b)
    export.erase(a)
    a.delete()
    assert Session.objects.filter(pk=session.pk).exists()
    assert Reflection.objects.filter(user=b).count() == 1


def test_the_stored_free_text_of_a_reflection_is_encrypted(
    personas: Personas, client_for: ClientFor
) -> None:
    give_intake(personas.solo)
    session = held(personas.solo)
    Reflection.objects.filter(session=session).update(text="")
    reflection = Reflection.objects.get(session=session)
    reflection.text = "Private words"
    reflection.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM program_reflection WHERE id = %s", [reflection.pk])
        assert "Private" not in cursor.fetchone()[0]
    assert client_for(personas.solo).get(url("session", session.pk)).status_code == 200
