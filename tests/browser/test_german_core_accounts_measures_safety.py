"""A visitor picks German in the footer, signs up and finds the pages in German."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up

pytestmark = pytest.mark.browser


def choose_language(v: Any, label: str, code: str, button: str) -> None:
    v.page.get_by_label(label, exact=True).select_option(code)
    v.page.get_by_role("button", name=button, exact=True).click()
    v.page.wait_for_load_state("load")


def sign_up_in_german(v: Any, name: str) -> str:
    """On the German sign-up page the tab is on: the form, the emailed link, its button."""
    return sign_up(v, name, language="de")


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
