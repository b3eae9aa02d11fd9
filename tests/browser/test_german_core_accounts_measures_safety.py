"""A visitor picks German in the footer, signs up and finds the pages in German."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import unique_email

pytestmark = pytest.mark.browser
PASSWORD = "ein langer Weg am Meer 24"


def choose_language(v: Any, label: str, code: str, button: str) -> None:
    v.page.get_by_label(label, exact=True).select_option(code)
    v.page.get_by_role("button", name=button, exact=True).click()
    v.page.wait_for_load_state("load")


def sign_up_in_german(v: Any, name: str) -> str:
    email = unique_email(name)
    page = v.page
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Vorname oder Spitzname").fill(name)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort noch einmal").fill(PASSWORD)
    page.get_by_label("Ich bin 18 Jahre oder älter.").check()
    page.get_by_label("Ich habe den Datenschutzhinweis gelesen und stimme ihm zu.").check()
    page.get_by_role("button", name="Konto anlegen").click()
    return email


def test_a_visitor_switches_to_german_signs_up_and_back_to_english(visitor: Any) -> None:
    v = visitor("de")
    v.goto("/")
    choose_language(v, "Language", "de", "Change")
    expect(v.page.locator("html")).to_have_attribute("lang", "de")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Willkommen")
    v.check("welcome-de")

    v.page.get_by_role("main").get_by_role("link", name="Konto anlegen").click()
    v.check("signup-de")
    sign_up_in_german(v, "Ada")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Hallo, Ada")
    v.check("home-de")

    v.page.get_by_role("link", name="Fragebögen", exact=True).first.click()
    expect(
        v.page.get_by_text("Diese Fragebögen sind auf Englisch: PC-PTSD-5, PGIC.")
    ).to_be_visible()
    v.check("questionnaires-de")

    v.page.get_by_role("link", name="Unterstützung", exact=True).click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Unterstützung")
    v.check("support-de")

    v.page.get_by_role("link", name="Konto", exact=True).click()
    expect(v.page.get_by_role("cell", name="Konto angelegt")).to_be_visible()
    v.check("account-de")

    choose_language(v, "Sprache", "en", "Wechseln")
    expect(v.page.locator("html")).to_have_attribute("lang", "en")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your account")
