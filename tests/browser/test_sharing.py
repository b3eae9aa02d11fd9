"""Sharing per recipient, on 390-pixel phones: Ada shares a reflection's note with her
partner only, then with her therapist only, then takes it back. Each time Ben's session page
and the therapist's client page show exactly what was chosen for that reader."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up, sign_up_clinician
from tests.browser.test_clinic import invite_therapist, set_up_two_step

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
NOTE = "The slow start helped me settle."


def held_session_with_a_note(live_shell: Any, email: str) -> int:
    """A session the couple held, and Ada's private reflection on it (shared with nobody)."""
    out = live_shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from hearth.accounts.models import User\n"
        "from hearth.couples.access import household\n"
        "from hearth.program.models import Program, Readiness, Reflection, Session\n"
        f"ada = User.objects.get(email={email!r})\n"
        "couple = household(ada).couple\n"
        "when = timezone.now() - timedelta(days=1)\n"
        "program = Program.objects.create(couple=couple, stage='couple-0',"
        " stage_since=when.date())\n"
        "session = Session.objects.create(program=program, proposed_by=ada, planned_for=when,"
        " started_at=when, ended_at=when, stage='couple-0', exercise='hand-touch',"
        " turn_minutes=10, turns=2, turn=2, status='done')\n"
        "Readiness.objects.create(session=session, user=ada, answer='ready')\n"
        "Reflection.objects.create(session=session, user=ada, comfort=7, closeness=8,"
        f" anxiety=2, text={NOTE!r})\n"
        "print(session.pk)\n"
    )
    return int(out.strip().splitlines()[-1])


def user_id(live_shell: Any, email: str) -> int:
    out = live_shell(
        f"from hearth.accounts.models import User\nprint(User.objects.get(email={email!r}).pk)\n"
    )
    return int(out.strip().splitlines()[-1])


def choose_readers(ada: Any, session_id: int, partner: bool, therapist: bool) -> None:
    ada.goto(f"/program/sessions/{session_id}/")
    page = ada.page
    for legend, wanted in (
        ("Share with my partner", partner),
        ("Share with my therapist", therapist),
    ):
        box = page.get_by_role("group", name=legend).get_by_label("My note")
        box.set_checked(wanted)
    page.get_by_role("button", name="Save what I share").click()
    expect(page.get_by_text("Your sharing choices are saved.")).to_be_visible()


def test_a_note_reaches_only_the_reader_it_was_shared_with(visitor: Any, live_shell: Any) -> None:
    doctor = visitor("therapist", **PHONE)
    sign_up_clinician(doctor, "Rae", f"rae{time.time_ns()}@example.test")
    set_up_two_step(doctor)

    ada, ben = visitor("ada", **PHONE), visitor("ben", **PHONE)
    ada.goto("/signup/")
    ada_email = sign_up(ada, "Ada")
    ben.goto("/signup/")
    sign_up(ben, "Ben")
    ada.goto("/partner/")
    ada.page.get_by_role("button", name="Make an invitation").click()
    code = ada.page.locator("#invite-code").inner_text()
    ben.goto("/partner/")
    ben.page.get_by_label("Invitation code").fill(code)
    ben.page.get_by_role("button", name="Join").click()
    expect(ben.page.locator(".partner-name")).to_have_text("Ada")
    invite_therapist(ada, doctor)
    session_id = held_session_with_a_note(live_shell, ada_email)
    ada_page = f"/clinic/clients/{user_id(live_shell, ada_email)}/"

    def ben_sees() -> Any:
        ben.goto(f"/program/sessions/{session_id}/")
        return expect(ben.page.get_by_text(NOTE))

    def therapist_sees() -> Any:
        doctor.goto(ada_page)
        return expect(doctor.page.get_by_text(NOTE))

    # Nobody sees the note before Ada chooses.
    ben_sees().to_have_count(0)
    therapist_sees().to_have_count(0)

    # With her partner only.
    choose_readers(ada, session_id, partner=True, therapist=False)
    ada.check("shared-with-partner")
    ben_sees().to_be_visible()
    ben.check("partner-sees-note")
    therapist_sees().to_have_count(0)
    expect(doctor.page.locator("#reflections")).to_contain_text("Not shared")

    # With her therapist only: the reverse.
    choose_readers(ada, session_id, partner=False, therapist=True)
    ben_sees().to_have_count(0)
    expect(ben.page.get_by_text("What your partner shared")).to_have_count(0)
    therapist_sees().to_be_visible()
    doctor.check("therapist-sees-note")

    # Taken back: gone from the therapist's page too.
    choose_readers(ada, session_id, partner=False, therapist=False)
    therapist_sees().to_have_count(0)
    ben_sees().to_have_count(0)

    # No page scrolls sideways on the phone.
    for v in (ada, ben, doctor):
        width = v.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (v.name, v.page.url, width)
