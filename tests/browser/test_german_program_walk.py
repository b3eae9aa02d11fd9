"""Two partners who chose German walk the whole program, both on 390-pixel phones: sign up,
link up, the private intake (with the medicines question) and the private relationship
check (HARK), the plan, the reading pages and the exercises, the comfort map, a suggested
and accepted session, the check-ins (one "not sure", answered with settling), the stop
signal, settling, both turns with a pause and the quiet body check at the swap, the end and
both reflections.

On every page no sentence may be English (in_german, tests/browser/test_german_checkins.py,
with its short list of what may stay English and why: citations and the HARK questions),
and no page may scroll sideways. The names Ada and Ben are the only words not written by us.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose
from tests.browser.test_consent_in_the_room import ADA, BEN, PHONE, WORDS, fill_map, suggest
from tests.browser.test_german_checkins import couple, english_on, in_german

pytestmark = pytest.mark.browser
DE = WORDS["de"]
ADA_GOALS = "Wieder gern die Hand halten"
ADA_NOTE = "Es war ruhig und langsam."
# The German hint the medicines answer "for mood" puts into Ada's own part of the plan.
MOOD_MEDICINE_HINT = "sprechen Sie mit der Person, die sie verschrieben hat"


def visit(v: Any, path: str, label: str, full: bool = True) -> None:
    """Open a page of the app by its address and hold it to in_german."""
    v.page.goto(v.base + path)
    in_german(v, label, full)


def intake(v: Any, concerns: list[str], medicines: list[str], goals: str = "") -> None:
    """The private intake, then the private relationship check it leads to."""
    visit(v, "/program/", "program-start")
    v.page.get_by_role("link", name="Fragen beantworten").click()
    in_german(v, "intake")
    for label in [*concerns, *medicines]:
        v.page.get_by_label(label, exact=True).check()
    if goals:
        v.page.get_by_label("Was wünschen Sie sich davon?").fill(goals)
    v.page.get_by_role("button", name="Meine Antworten speichern").click()

    expect(v.page.get_by_role("heading", level=1)).to_have_text("Ein privater Check")
    expect(v.page.get_by_text("Darum stehen sie auf Englisch.")).to_be_visible()
    in_german(v, "hark")
    questions = v.page.locator(".screen-form fieldset")
    expect(questions).to_have_count(4)
    for group in questions.all():
        group.get_by_label("Nein", exact=True).check()
    v.page.get_by_role("button", name="Meine Antworten speichern").click()
    in_german(v, "hark-saved")
    v.page.get_by_role("link", name="Weiter").click()


def reading(v: Any) -> None:
    """Every reading page, from the list; the page frame's full checks on the first."""
    visit(v, "/program/reading/", "reading")
    links = v.page.locator("#all-heading + ul a")
    hrefs = [str(a.get_attribute("href")) for a in links.all()]
    assert len(hrefs) >= 26
    for n, href in enumerate(hrefs):
        visit(v, href, "page-" + href.strip("/").rsplit("/", 1)[-1], full=n == 0)
        expect(v.page.get_by_role("heading", name="Quellen")).to_be_visible()


def exercises(v: Any) -> None:
    """Every exercise the plan lists, from the plan page."""
    v.page.goto(v.base + "/program/plan/")
    hrefs = [str(a.get_attribute("href")) for a in v.page.locator('a[href*="/exercises/"]').all()]
    assert hrefs
    for n, href in enumerate(hrefs):
        visit(v, href, "exercise-" + href.strip("/").rsplit("/", 1)[-1], full=n == 0)


def reflect(v: Any, sid: str, note: str = "") -> None:
    visit(v, f"/program/sessions/{sid}/", "over")
    v.page.get_by_role("link", name="Rückblick schreiben").click()
    in_german(v, "reflect")
    choose(v.page, "Wie wohl haben Sie sich gefühlt?", "8")
    choose(v.page, "Wie nah haben Sie sich gefühlt?", "7")
    choose(v.page, "Wie besorgt oder angespannt waren Sie?", "2")
    if note:
        v.page.get_by_label("Möchten Sie noch etwas notieren?").fill(note)
        partner = v.page.get_by_role(
            "group", name="Mit meiner Partnerin oder meinem Partner teilen"
        )
        partner.get_by_label("Meine Notiz").check()
    v.page.get_by_role("button", name="Meinen Rückblick speichern").click()
    expect(v.page.get_by_role("heading", name="Ihr Rückblick", exact=True)).to_be_visible()
    in_german(v, "reflected")


def test_two_partners_walk_the_program_in_german_from_intake_to_a_finished_session(
    visitor: Any,
) -> None:
    ada, ben, _ = couple(visitor, ben_on=PHONE)

    # The intake and the relationship check, each privately.
    intake(
        ada,
        ["Frühere Gewalt oder Trauma"],
        ["Medikamente für die Stimmung oder gegen Ängste, etwa ein Antidepressivum"],
        goals=ADA_GOALS,
    )
    expect(ada.page.get_by_text("Ihr Plan ist fast fertig")).to_be_visible()
    in_german(ada, "plan-waiting")
    intake(ben, [], [])
    expect(ben.page.get_by_role("heading", name="Ihr gemeinsamer Plan")).to_be_visible()
    in_german(ben, "plan")

    # Ada's own part of the plan carries the note on mood medicine.
    ada.page.goto(ada.base + "/program/plan/")
    ada.page.get_by_text("Nur für Sie").click()
    expect(ada.page.get_by_text(MOOD_MEDICINE_HINT, exact=False)).to_be_visible()
    in_german(ada, "plan-own")
    assert MOOD_MEDICINE_HINT not in ben.page.content()

    reading(ada)
    exercises(ben)

    # The comfort maps, each on their own phone.
    fill_map(ada, ADA, "de")
    in_german(ada, "map-saved")
    fill_map(ben, BEN, "de")
    in_german(ben, "map-saved")

    # Ben suggests a time, Ada says yes.
    sid = suggest(ben, "shoulder-touch-facing", "de")
    expect(ben.page.get_by_text(DE["waiting"])).to_be_visible()
    in_german(ben, "suggested")
    visit(ada, "/program/sessions/", "sessions")
    visit(ada, f"/program/sessions/{sid}/", "suggestion")
    ada.page.get_by_role("button", name=DE["say yes"]).click()
    ada.page.wait_for_load_state("load")
    in_german(ada, "check-in")

    # The check-ins: Ada is ready; Ben is not sure and chooses to settle first.
    ada.page.get_by_label(DE["ready"], exact=True).check()
    ada.page.get_by_role("button", name=DE["save check-in"]).click()
    expect(ada.page.get_by_text(DE["both checked in"])).to_be_visible()
    in_german(ada, "checked-in")
    visit(ben, f"/program/sessions/{sid}/", "check-in", full=False)
    ben.page.get_by_label(DE["not sure"], exact=True).check()
    ben.page.get_by_role("button", name=DE["save check-in"]).click()
    expect(ben.page.get_by_role("heading", name=DE["not sure heading"])).to_be_visible()
    in_german(ben, "not-sure")
    ben.page.get_by_role("button", name=DE["settle"]).click()
    ben.page.wait_for_load_state("load")

    # The start: who gives first and the stop signal.
    in_german(ben, "start")
    ben.page.get_by_label(DE["i do"], exact=True).check()
    ben.page.get_by_label(DE["stop signal"]).check()
    ben.page.get_by_role("button", name=DE["start"]).click()

    # Settling, each on their own phone, then turn 1.
    for v in (ben, ada):
        expect(v.page.get_by_role("heading", name=DE["settle heading"])).to_be_visible(
            timeout=15_000
        )
        in_german(v, "settling")
        v.page.get_by_role("button", name=DE["settled"]).click()
        expect(v.page.get_by_role("heading", name=DE["turn 1"])).to_be_visible()
        in_german(v, "turn-1")

    # A pause: Ada's grounding screen, and what Ben's screen shows meanwhile.
    ada.page.locator(".pause-bar").get_by_role("button", name=DE["pause"], exact=True).click()
    expect(ada.page.get_by_role("heading", name=DE["grounding"])).to_be_visible()
    in_german(ada, "paused")
    expect(ben.page.get_by_text(DE["partner paused"])).to_be_visible(timeout=15_000)
    in_german(ben, "paused-by-partner")
    ada.page.get_by_role("button", name=DE["go on"]).click()
    expect(ben.page.get_by_role("heading", name=DE["turn 1"])).to_be_visible(timeout=15_000)

    # The swap: the quiet body check for each, then turn 2, then the end.
    ben.page.get_by_role("button", name=DE["next turn"]).click()
    for v in (ben, ada):
        expect(v.page.get_by_role("heading", name=DE["body check"])).to_be_visible(timeout=15_000)
        in_german(v, "body-check")
        v.page.get_by_role("button", name=DE["here"]).click()
        expect(v.page.get_by_role("heading", name=DE["turn 2"])).to_be_visible()
        in_german(v, "turn-2")
    ada.page.get_by_role("button", name=DE["finish"]).click()
    for v in (ada, ben):
        expect(v.page.get_by_text(DE["over"])).to_be_visible(timeout=15_000)

    # Both reflect; Ada shares her note, and Ben reads it under his own reflection.
    reflect(ada, sid, note=ADA_NOTE)
    reflect(ben, sid)
    expect(ben.page.get_by_text(ADA_NOTE)).to_be_visible()
    visit(ben, "/program/", "program-after")


def test_the_page_check_names_each_english_sentence_it_meets(visitor: Any) -> None:
    v = visitor("english", **PHONE)
    v.page.goto(v.base + "/")
    assert "You go at your own pace." in english_on(v)
