"""Sign-up through the emailed link, in German on a 390-pixel phone (issue 20, part 2).

The form answers "check your email" for every address; the link in the email shows a
button, and only pressing it makes the account. A used link no longer works, and signing
up again with the same address shows the same page while the mailbox gets a note."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import MAIL, fill_sign_up_form, unique_email
from tests.browser.test_consent_in_the_room import fits_the_phone
from tests.browser.test_german_core_accounts_measures_safety import choose_language

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def fill_german_form(v: Any, name: str, email: str) -> None:
    fill_sign_up_form(v, name, email, "de")
    v.page.get_by_role("button", name="Konto anlegen").click()


def german_sign_up_page(v: Any) -> None:
    v.goto("/")
    choose_language(v, "Language", "de", "Change")
    v.page.get_by_role("main").get_by_role("link", name="Konto anlegen").click()
    expect(v.page.locator("html")).to_have_attribute("lang", "de")


def test_a_person_signs_up_in_german_on_a_phone_through_the_emailed_link(visitor: Any) -> None:
    (box,) = MAIL
    v = visitor("ada", **PHONE)
    email = unique_email("ada")
    german_sign_up_page(v)
    fill_german_form(v, "Ada", email)

    expect(v.page.get_by_role("heading", level=1)).to_have_text("Sehen Sie in Ihre E-Mails")
    v.check("sent-de")
    fits_the_phone(v)

    (letter,) = box.wait_for(email)
    assert letter.subject == "Konto fertig anlegen"
    assert "öffnen Sie diesen Link" in letter.body
    link = letter.link("/signup/finish/")

    v.page.goto(v.base + link)
    v.check("finish-de")  # a label: the sealed link is too long for a file name
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Konto fertig anlegen")
    expect(v.page.get_by_text("Ihr Konto als Ada anzulegen")).to_be_visible()
    fits_the_phone(v)
    v.page.get_by_role("button", name="Mein Konto anlegen").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Hallo, Ada")
    v.check("signed-up-de")

    # The link made its account; opened again (here, from another phone) it makes nothing.
    other = visitor("someone", **PHONE)
    other.goto("/")
    choose_language(other, "Language", "de", "Change")
    other.page.goto(other.base + link)
    expect(other.page.get_by_role("heading", level=1)).to_have_text(
        "Dieser Link funktioniert nicht"
    )
    other.check("used-link-de")
    fits_the_phone(other)


def test_signing_up_again_with_the_same_address_looks_the_same(visitor: Any) -> None:
    (box,) = MAIL
    first = visitor("first", **PHONE)
    email = unique_email("ben")
    german_sign_up_page(first)
    fill_german_form(first, "Ben", email)
    (letter,) = box.wait_for(email)
    first.goto(letter.link("/signup/finish/"))
    first.page.get_by_role("button", name="Mein Konto anlegen").click()
    expect(first.page.get_by_role("heading", level=1)).to_have_text("Hallo, Ben")

    again = visitor("again", **PHONE)
    german_sign_up_page(again)
    fill_german_form(again, "Ben", email)
    expect(again.page.get_by_role("heading", level=1)).to_have_text("Sehen Sie in Ihre E-Mails")
    assert "Konto" not in again.page.get_by_role("main").inner_text().split("\n", 1)[1]
    letters = box.wait_for(email, count=2)
    note = letters[-1]
    assert "Sie haben schon eines" in note.body
    assert "/signup/finish/" not in note.body
