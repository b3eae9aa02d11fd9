"""Two partners who both chose German walk the check-in, the talk prompts and the wishes
list, one on a phone and one on a desktop, and meet no English sentence on the way.

Every page is read as a person sees and hears it (its text, folded parts opened, and the
labels in attributes), sentence by sentence, and no sentence may hold a word that is common
in English and never German (tests/i18n/catalogue.py). What may stay English, and why, is
listed in ENGLISH_ALLOWED. The names Ada and Ben are the only words not written by us.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.checkins.content import prompts, wish_items
from tests.browser.test_consent_in_the_room import fits_the_phone
from tests.browser.test_german_core_accounts_measures_safety import (
    choose_language,
    sign_up_in_german,
)
from tests.i18n.catalogue import english_sentences

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PROMPT = {p.id: p.text for p in prompts("de")}
WISH = {w.id: w.label for w in wish_items("de")}

TODAY = """
from django.utils import timezone
from hearth.accounts.models import User
from hearth.checkins.models import CheckIn
user = User.objects.get(email={email!r})
CheckIn.objects.create(user=user, day=timezone.localdate(), mood=6, closeness=7)
"""

# Talk prompts and wishes wait until both partners have answered the private relationship
# check (couple features are held while the couple part is paused). The check's own pages
# are walked in tests/browser/test_safety.py; here it is taken in the shell.
SCREENED = """
from hearth.accounts.models import User
from hearth.couples.access import household
from hearth.safety.models import Screening
user = User.objects.get(email={email!r})
for person in (user, household(user).partner):
    Screening.objects.create(user=person, instrument="hark", result="clear")
"""


# What a German page may show in English: the elements (CSS selectors) whose sentences are
# exempt, each with its reason. Everything else on the page must be German.
ENGLISH_ALLOWED = {
    ".references li": "a citation names a published work as it was published: authors, "
    "title, journal",
    '.screen-form legend[lang="en"]': "the four HARK questions: no validated German version "
    "exists, so they are shown as tested, in English, and the page says so",
}

# The page as a person reads it: the body's text with every folded part opened, the page
# title, the labels a screen reader speaks (aria-label, alt, title, placeholder) and the
# choices of every list; and apart, the text of the allowed elements.
PAGE_TEXT = """(allowed) => {
  const closed = [...document.querySelectorAll("details:not([open])")];
  closed.forEach((d) => { d.open = true; });
  const body = document.body.innerText;
  const exempt = allowed.flatMap((s) => [...document.querySelectorAll(s)].map((e) => e.innerText));
  closed.forEach((d) => { d.open = false; });
  const free = (e) => !allowed.some((s) => e.closest(s));
  const names = ["aria-label", "alt", "title", "placeholder"];
  const named = "[aria-label], [alt], [title], [placeholder], option";
  const labels = [...document.querySelectorAll(named)]
    .filter(free)
    .flatMap((e) => e.tagName === "OPTION" ? [e.textContent] : names.map((n) => e.getAttribute(n)))
    .filter(Boolean);
  return {text: [document.title, body, ...labels].join("\\n"), exempt: exempt.join("\\n")};
}"""


def english_on(v: Any) -> list[str]:
    """The English sentences on the tab's page, apart from what ENGLISH_ALLOWED allows."""
    read = v.page.evaluate(PAGE_TEXT, list(ENGLISH_ALLOWED))
    return english_sentences(read["text"], exempt=read["exempt"])


def in_german(v: Any, label: str, full: bool = True) -> None:
    """The page is German with no English sentence left, fits a phone when the tab is one,
    and (``full``) passes the checks every page passes."""
    v.page.wait_for_load_state("load")
    expect(v.page.locator("html")).to_have_attribute("lang", "de")
    found = english_on(v)
    assert found == [], f"English on the page {label} ({v.page.url}): {found}"
    if v.page.viewport_size["width"] <= 390:
        fits_the_phone(v)
    if full:
        v.check(label)
    else:
        v.assert_no_foreign_requests_or_csp_errors()


def sign_up(v: Any, name: str, invitation: str = "") -> str:
    v.goto("/")
    choose_language(v, "Language", "de", "Change")
    in_german(v, "welcome", full=False)
    if invitation:
        v.page.goto(invitation)
        in_german(v, "invited")
    v.page.get_by_role("main").get_by_role("link", name="Konto anlegen").click()
    in_german(v, "signup")
    email = sign_up_in_german(v, name)
    in_german(v, "signed-up", full=False)
    return email


def couple(visitor: Any, ben_on: dict[str, Any] | None = None) -> tuple[Any, Any, str]:
    """Ada on a phone invites Ben (on a desktop, unless ``ben_on`` says what screen); both
    chose German. Returns Ada's email."""
    ada = visitor("ada", **PHONE)
    email = sign_up(ada, "Ada")
    ada.page.goto(ada.base + "/partner/")
    in_german(ada, "partner")
    ada.page.get_by_role("button", name="Einladung erstellen").click()
    in_german(ada, "invitation")
    link = ada.page.get_by_label("Link").input_value()

    ben = visitor("ben", **(ben_on or {}))
    sign_up(ben, "Ben", invitation=link)
    ben.page.get_by_role("button", name="Annehmen und verbinden").click()
    expect(ben.page.locator(".partner-name")).to_have_text("Ada")
    in_german(ben, "linked")
    return ada, ben, email


def test_two_partners_walk_check_in_talk_prompts_and_wishes_in_german(
    visitor: Any, live_shell: Any
) -> None:
    ada, ben, ada_email = couple(visitor)
    live_shell(SCREENED.format(email=ada_email))

    # The check-in: an empty form is explained, a saved one can be changed.
    ada.goto("/checkins/")
    in_german(ada, "checkin")
    ada.page.get_by_role("button", name="Meinen Check-in speichern").click()
    expect(ada.page.get_by_text("Bitte beantworten Sie mindestens eine Frage.")).to_be_visible()
    in_german(ada, "checkin-empty")
    live_shell(TODAY.format(email=ada_email))
    ada.goto("/checkins/")
    expect(ada.page.get_by_role("button", name="Meinen Check-in ändern")).to_be_visible()
    in_german(ada, "checkin-done")

    # Talk prompts: Ada answers first; Ben sees that she did, not what she wrote.
    ada.page.get_by_role("link", name="Gesprächsfragen").click()
    in_german(ada, "talk")
    ada.page.get_by_role("link", name=PROMPT["good_moment"]).click()
    expect(ada.page.get_by_role("heading", level=1)).to_have_text(PROMPT["good_moment"])
    in_german(ada, "prompt")
    ada.page.get_by_label("Ihre Antwort").fill("Der Spaziergang am Sonntag.")
    ada.page.get_by_role("button", name="Meine Antwort speichern").click()
    expect(ada.page.get_by_text("Es fehlt noch die Antwort von Ben.").first).to_be_visible()
    in_german(ada, "prompt-answered")

    ben.goto("/checkins/talk/")
    expect(ben.page.get_by_text("Ada hat geantwortet.").first).to_be_visible()
    in_german(ben, "talk")
    ben.page.get_by_role("link", name=PROMPT["good_moment"]).click()
    expect(ben.page.get_by_text("Der Spaziergang am Sonntag.")).to_have_count(0)
    in_german(ben, "prompt")
    ben.page.get_by_label("Ihre Antwort").fill("Das Kochen am Freitag.")
    ben.page.get_by_role("button", name="Meine Antwort speichern").click()
    # The save's own page load first: a reload while it is under way raced it ("not
    # attached to an active page").
    expect(ben.page.get_by_role("heading", name="Ihre Antworten")).to_be_visible()
    for person in (ben, ada):
        person.page.reload()
        expect(person.page.get_by_role("heading", name="Ihre Antworten")).to_be_visible()
        expect(person.page.get_by_text("Der Spaziergang am Sonntag.")).to_be_visible()
        expect(person.page.get_by_text("Das Kochen am Freitag.")).to_be_visible()
        in_german(person, "prompt-revealed")

    # Wishes: only what both marked yes or maybe shows; Ben's no stays his own.
    for person, choices in (
        (ada, {"hold_hands": "yes", "shared_bath": "yes"}),
        (ben, {"hold_hands": "maybe", "shared_bath": "no"}),
    ):
        person.page.get_by_role("link", name="Alle Gesprächsfragen").click()
        person.page.get_by_role("link", name="Wünsche", exact=True).click()
        in_german(person, "wishes")
        for wish_id, choice in choices.items():
            person.page.get_by_label(WISH[wish_id], exact=True).select_option(choice)
        person.page.get_by_role("button", name="Meine Auswahl speichern").click()
        in_german(person, "wishes-saved")
    for person in (ada, ben):
        person.goto("/checkins/wishes/")
        shared = person.page.locator("section", has=person.page.get_by_role("heading", level=2))
        expect(shared.first.get_by_role("listitem")).to_have_text([WISH["hold_hands"]])
        in_german(person, "wishes-shared")
