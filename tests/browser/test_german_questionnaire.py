"""A German-speaking person takes the German PHQ-9 (the validated PHQ-D wording) in a
browser, on a phone, and reads the result in German; the score is the one the same answers
give in English."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.test_german_core_accounts_measures_safety import sign_up_in_german

pytestmark = pytest.mark.browser

# 2, 2, 2, 2, 1, 1, 1, 1, 0: a total of 12, "mittelgradig" (moderate).
CHOICES = ["An mehr als der Hälfte der Tage"] * 4 + ["An einzelnen Tagen"] * 4 + ["Überhaupt nicht"]


def answer(v: Any, choices: list[str], first_number: int) -> None:
    groups = v.page.get_by_role("group")
    for offset, choice in enumerate(choices):
        group = groups.filter(has_text=f"{first_number + offset}. ")
        group.get_by_label(choice, exact=True).check()


def test_a_german_speaking_person_takes_the_german_phq9(visitor: Any, live_shell: Any) -> None:
    v = visitor("phq9-de", viewport={"width": 390, "height": 844}, locale="de-DE")
    v.goto("/")  # the browser asks for German; Hearth answers in German
    expect(v.page.locator("html")).to_have_attribute("lang", "de")
    v.page.get_by_role("main").get_by_role("link", name="Konto anlegen").click()
    email = sign_up_in_german(v, "Lena")
    v.page.get_by_role("link", name="Fragebögen", exact=True).first.click()
    v.page.get_by_role("button", name="PHQ-9 beginnen").click()

    expect(v.page.get_by_text("Seite 1 von 2")).to_be_visible()
    expect(
        v.page.get_by_text("Wie oft fühlten Sie sich im Verlauf der letzten 2 Wochen")
    ).to_be_visible()
    expect(v.page.get_by_text("Wenig Interesse oder Freude an Ihren Tätigkeiten")).to_be_visible()
    expect(v.page.get_by_text("Little interest")).to_have_count(0)
    expect(v.page.get_by_text("Dieser Fragebogen ist auf Englisch.")).to_have_count(0)
    v.check("phq9-de-page-1")
    answer(v, CHOICES[:5], 1)
    v.page.get_by_role("button", name="Speichern und weiter").click()

    expect(v.page.get_by_text("Seite 2 von 2")).to_be_visible()
    expect(v.page.get_by_text("Gedanken, dass Sie lieber tot wären")).to_be_visible()
    answer(v, CHOICES[5:], 6)
    v.page.get_by_role("group").filter(
        has_text="Wenn eines oder mehrere dieser Probleme"
    ).get_by_label("Etwas erschwert", exact=True).check()
    expect(v.page.get_by_text("Deutsche Übersetzung und Validierung: B. Löwe")).to_be_visible()
    v.check("phq9-de-page-2")
    v.page.get_by_role("button", name="Speichern und Ergebnis ansehen").click()

    expect(v.page.get_by_role("heading", level=1)).to_have_text("Ihr PHQ-9-Ergebnis")
    expect(v.page.get_by_text("Ihr Wert ist 12, auf einer Skala von 0 bis 27.")).to_be_visible()
    expect(
        v.page.get_by_text("Die gedrückte Stimmung stört vielleicht Ihren Alltag.")
    ).to_be_visible()
    expect(
        v.page.get_by_text("Ihre Antwort auf die letzte Frage: Etwas erschwert.")
    ).to_be_visible()
    v.check("phq9-de-result")

    stored = live_shell(
        "from hearth.measures.models import Administration\n"
        f"a = Administration.objects.get(user__email={email!r}, instrument_id='phq9')\n"
        "print(a.language, a.total, a.band_id, a.answers['difficulty'])\n"
    )
    assert stored.strip().splitlines()[-1].split() == ["de", "12.0", "moderate", "1"]
