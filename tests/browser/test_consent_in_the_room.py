"""Consent in the room, on two phones (390 pixels wide), in English and in German.

Two partners in a plan that starts gently fill their comfort maps (the body outline and its
choices), a "no" to a suggested time makes the suggester wait, a "not sure" is privately
answered with settling, they agree a stop signal and start, each turn shows where each may
touch (never what the other's map says), the pause belongs to whoever pressed it, and the
quiet body check comes at the swap.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PASSWORD = "a long walk by the sea 24"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

SETUP = """
from django.utils import timezone
from hearth.accounts.models import PRIVACY_NOTICE_VERSION, User
from hearth.couples.models import Couple, Membership
from hearth.program.actions import IntakeAnswers, save_intake
from hearth.safety.models import Screening
couple = Couple.objects.create()
for email, name, concerns in {people!r}:
    user = User.objects.create_user(
        email, {password!r}, display_name=name, privacy_version=PRIVACY_NOTICE_VERSION,
        adult_attested_at=timezone.now(), privacy_accepted_at=timezone.now(),
    )
    Membership.objects.create(couple=couple, user=user)
    save_intake(user, IntakeAnswers(concerns=frozenset(concerns)))
    Screening.objects.create(user=user, instrument="hark", result="clear")
"""

# The words each step looks for, in each language.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "email": "Email address",
        "password": "Password",
        "sign in": "Sign in",
        "map": "Your comfort map",
        "save map": "Save my map",
        "welcome": "Welcome",
        "no": "No",
        "being touched": "Being touched",
        "touching": "Touching your partner",
        "starts not yet": "Every place starts as not yet.",
        "suggest": "Suggest this time",
        "waiting": "Waiting for your partner's answer.",
        "say no": "No, not this time",
        "say yes": "Yes, that works",
        "wait two days": "After a no, a new suggestion waits two days.",
        "ready": "Ready",
        "not sure": "Not sure",
        "save check-in": "Save my check-in",
        "not sure heading": "Not sure is fine",
        "call off": "Call it off for today",
        "settle": "Begin with a few minutes of settling",
        "both checked in": "The session can start once you have both checked in.",
        "who first": "Who gives first?",
        "i do": "I do",
        "stop signal": "We have agreed on our stop word or hand signal.",
        "start": "Start the session",
        "settle heading": "Settle in first",
        "settled": "I feel settled",
        "turn 1": "Turn 1 of 2",
        "turn 2": "Turn 2 of 2",
        "where": "Where touch is open",
        "pause": "Pause",
        "grounding": "Take a moment",
        "partner paused": "Your partner paused.",
        "go on": "Go on with the session",
        "next turn": "Next turn",
        "body check": "Here, now, safe?",
        "here": "Yes, I am here. Go on",
        "finish": "Finish the session",
        "over": "The session is over.",
        # Ben gives first: in turn 1 he touches Ada, in turn 2 she touches him.
        "ben touches ada": "Turn 1: Ben may touch you here: arms, hands.",
        "ada sees herself": "Turn 2: You may touch Ben here: shoulders, arms, hands.",
        "ben sees himself": "Turn 1: You may touch Ada here: arms, hands.",
        "ben touched": "Turn 2: Ada may touch you here: shoulders, arms, hands.",
    },
    "de": {
        "email": "E-Mail-Adresse",
        "password": "Passwort",
        "sign in": "Anmelden",
        "map": "Ihre Wohlfühlkarte",
        "save map": "Meine Karte speichern",
        "welcome": "Willkommen",
        "no": "Nein",
        "being touched": "Berührt werden",
        "touching": "Ihren Partner oder Ihre Partnerin berühren",
        "starts not yet": "Jede Stelle steht am Anfang auf „noch nicht“.",
        "suggest": "Diesen Termin vorschlagen",
        "waiting": "Warten auf die Antwort",
        "say no": "Nein, diesmal nicht",
        "say yes": "Ja, das passt",
        "wait two days": "Nach einem Nein wartet ein neuer Vorschlag zwei Tage.",
        "ready": "Bereit",
        "not sure": "Unsicher",
        "save check-in": "Meine Antwort speichern",
        "not sure heading": "Unsicher sein ist in Ordnung",
        "call off": "Für heute absagen",
        "settle": "Mit ein paar Minuten Ankommen beginnen",
        "both checked in": "Die Sitzung kann beginnen, sobald Sie beide geantwortet haben.",
        "who first": "Wer gibt zuerst?",
        "i do": "Ich",
        "stop signal": "Wir haben unser Stoppwort oder Handzeichen vereinbart.",
        "start": "Sitzung beginnen",
        "settle heading": "Erst ankommen",
        "settled": "Ich bin angekommen",
        "turn 1": "Runde 1 von 2",
        "turn 2": "Runde 2 von 2",
        "where": "Wo Berührung offen ist",
        "pause": "Pause",
        "grounding": "Nehmen Sie sich einen Moment",
        "partner paused": "Ihr Partner oder Ihre Partnerin hat pausiert.",
        "go on": "Mit der Sitzung weitermachen",
        "next turn": "Nächste Runde",
        "body check": "Hier, jetzt, sicher?",
        "here": "Ja, ich bin hier. Weiter",
        "finish": "Sitzung abschließen",
        "over": "Die Sitzung ist vorbei.",
        "ben touches ada": "Runde 1: Ben darf Sie hier berühren: Arme, Hände.",
        "ada sees herself": "Runde 2: Sie dürfen Ben hier berühren: Schultern, Arme, Hände.",
        "ben sees himself": "Runde 1: Sie dürfen Ada hier berühren: Arme, Hände.",
        "ben touched": "Runde 2: Ada darf Sie hier berühren: Schultern, Arme, Hände.",
    },
}

# Each partner's private map: (direction, area) -> the choice, everything else stays not yet.
ADA = {
    ("receive", "hands"): "welcome",
    ("receive", "arms"): "welcome",
    ("receive", "shoulders"): "welcome",
    ("receive", "legs"): "no",
    ("give", "hands"): "welcome",
    ("give", "arms"): "welcome",
    ("give", "shoulders"): "welcome",
    ("give", "neck"): "welcome",
}
BEN = {
    ("receive", "hands"): "welcome",
    ("receive", "arms"): "welcome",
    ("receive", "shoulders"): "welcome",
    ("give", "hands"): "welcome",
    ("give", "arms"): "welcome",
    ("give", "shoulders"): "no",
}


def phone(visitor: Any, name: str, email: str, lang: str) -> Any:
    v = visitor(name, **PHONE)
    if lang == "de":
        v.context.add_cookies([{"name": "django_language", "value": "de", "url": v.base}])
    words = WORDS[lang]
    v.goto("/login/")
    v.page.get_by_label(words["email"]).fill(email)
    v.page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    v.page.get_by_role("button", name=words["sign in"]).click()
    v.page.wait_for_load_state("load")
    return v


def fits_the_phone(v: Any) -> None:
    overflow = v.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{v.page.url} scrolls sideways by {overflow}px"


def fill_map(v: Any, marks: dict[tuple[str, str], str], lang: str) -> None:
    words = WORDS[lang]
    v.goto("/program/comfort/")
    expect(v.page.get_by_role("heading", level=1)).to_have_text(words["map"])
    expect(v.page.get_by_text(words["starts not yet"])).to_be_visible()
    fits_the_phone(v)
    for (direction, area), mark in marks.items():
        # Tap the area's label on the outline: the focus lands on its choices in the form.
        region = v.page.locator(f'.region[data-direction="{direction}"][data-area="{area}"]')
        region.locator("text").tap()
        group = v.page.locator(f"#mark-{direction}-{area}")
        expect(group.locator("input:focus")).to_have_count(1)
        group.get_by_label(words[mark], exact=True).check()
        # The outline follows the choice before it is saved.
        expect(region).to_have_class(re.compile(f"mark-{mark}"))
    v.check(f"map-{lang}")
    v.page.get_by_role("button", name=words["save map"]).click()
    v.page.wait_for_load_state("load")
    for (direction, area), mark in marks.items():
        expect(v.page.locator(f'input[name="{direction}-{area}"][value="{mark}"]')).to_be_checked()


def session_id(v: Any) -> str:
    match = re.search(r"/program/sessions/(\d+)/", v.page.url)
    assert match, v.page.url
    return match.group(1)


def suggest(v: Any, exercise: str, lang: str) -> str:
    v.goto("/program/sessions/")
    v.page.locator("#id_exercise").select_option(exercise)
    v.page.get_by_role("button", name=WORDS[lang]["suggest"]).click()
    v.page.wait_for_load_state("load")
    return session_id(v)


def main_text(v: Any) -> str:
    return str(v.page.get_by_role("main").inner_text())


@pytest.mark.parametrize("lang", ["en", "de"])
def test_two_partners_on_their_phones_keep_consent_in_the_room(
    visitor: Any, live_shell: Any, lang: str
) -> None:
    words = WORDS[lang]
    tag = uuid.uuid4().hex[:10]
    ada_email, ben_email = f"ada-{tag}@example.test", f"ben-{tag}@example.test"
    people = [(ada_email, "Ada", ["trauma_history"]), (ben_email, "Ben", [])]
    live_shell(SETUP.replace("{people!r}", repr(people)).replace("{password!r}", repr(PASSWORD)))
    ada = phone(visitor, "ada", ada_email, lang)
    ben = phone(visitor, "ben", ben_email, lang)

    # Each fills their own map, privately, on their own phone.
    fill_map(ada, ADA, lang)
    fill_map(ben, BEN, lang)

    # A "no" to a suggested time: Ada waits two days; Ben may suggest at any time.
    first = suggest(ada, "shoulder-touch-facing", lang)
    expect(ada.page.get_by_text(words["waiting"])).to_be_visible()
    ben.goto(f"/program/sessions/{first}/")
    ben.page.get_by_role("button", name=words["say no"]).click()
    ben.page.wait_for_load_state("load")
    ada.goto("/program/sessions/")
    ada.page.locator("#id_exercise").select_option("shoulder-touch-facing")
    ada.page.get_by_role("button", name=words["suggest"]).click()
    expect(ada.page.get_by_text(words["wait two days"])).to_be_visible()
    ada.check(f"cool-down-{lang}")
    sid = suggest(ben, "shoulder-touch-facing", lang)
    ada.goto(f"/program/sessions/{sid}/")
    ada.page.get_by_role("button", name=words["say yes"]).click()
    ada.page.wait_for_load_state("load")

    # Check-in: Ada is ready; Ben is not sure, and privately chooses to settle first.
    ada.page.get_by_label(words["ready"], exact=True).check()
    ada.page.get_by_role("button", name=words["save check-in"]).click()
    expect(ada.page.get_by_text(words["both checked in"])).to_be_visible()
    ben.goto(f"/program/sessions/{sid}/")
    ben.page.get_by_label(words["not sure"], exact=True).check()
    ben.page.get_by_role("button", name=words["save check-in"]).click()
    expect(ben.page.get_by_role("heading", name=words["not sure heading"])).to_be_visible()
    choices = main_text(ben)
    # A plan that starts gently offers calling it off first.
    assert choices.index(words["call off"]) < choices.index(words["settle"])
    ben.check(f"not-sure-{lang}")
    ada.goto(f"/program/sessions/{sid}/")
    expect(ada.page.get_by_text(words["both checked in"])).to_be_visible()
    assert words["not sure heading"] not in main_text(ada)
    ben.page.get_by_role("button", name=words["settle"]).click()
    ben.page.wait_for_load_state("load")

    # The start screen asks for a stop signal; Ben gives first.
    ben.page.get_by_label(words["i do"], exact=True).check()
    ben.page.get_by_label(words["stop signal"]).check()
    ben.check(f"start-{lang}")
    ben.page.get_by_role("button", name=words["start"]).click()

    # Settling first, each on their own phone.
    for v in (ben, ada):
        expect(v.page.get_by_role("heading", name=words["settle heading"])).to_be_visible(
            timeout=15_000
        )
        v.page.get_by_role("button", name=words["settled"]).click()
        expect(v.page.get_by_role("heading", name=words["turn 1"])).to_be_visible()

    # Each turn's list, from each side, without what either map closed.
    lists_ada = ada.page.locator("#touch-areas").inner_text()
    lists_ben = ben.page.locator("#touch-areas").inner_text()
    assert words["ben touches ada"] in lists_ada and words["ada sees herself"] in lists_ada
    assert words["ben sees himself"] in lists_ben and words["ben touched"] in lists_ben
    for text in (main_text(ada), main_text(ben)):
        lowered = text.lower()
        for leaked in ("legs", "beine", "neck", "nacken", "not yet", "noch nicht"):
            assert leaked not in lowered, leaked
    ada.check(f"turn-1-{lang}")

    # One large Pause button at the bottom of the phone screen; the screen is kept awake.
    bar = ada.page.locator(".pause-bar")
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] >= 844 - 2 and box["width"] >= 380
    ada.page.mouse.wheel(0, 2000)
    expect(bar.get_by_role("button", name=words["pause"], exact=True)).to_be_in_viewport()
    assert ada.page.locator("[data-wake-lock]").get_attribute("data-wake-lock") != ""
    assert (
        ada.page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(253, 250, 246)"
    )  # the low-light look, not the daytime paper

    # Ada pauses: only she can go on; Ben sees that it is paused, and can only end it.
    bar.get_by_role("button", name=words["pause"], exact=True).click()
    expect(ada.page.get_by_role("heading", name=words["grounding"])).to_be_visible()
    expect(ben.page.get_by_text(words["partner paused"])).to_be_visible(timeout=15_000)
    expect(ben.page.get_by_role("button", name=words["go on"])).to_have_count(0)
    assert "/resume/" not in ben.page.content()
    ben.check(f"paused-by-partner-{lang}")
    ada.page.get_by_role("button", name=words["go on"]).click()
    expect(ada.page.get_by_role("heading", name=words["turn 1"])).to_be_visible()
    expect(ben.page.get_by_role("heading", name=words["turn 1"])).to_be_visible(timeout=15_000)

    # The swap: a quiet body check for each, then turn 2.
    ben.page.get_by_role("button", name=words["next turn"]).click()
    for v in (ben, ada):
        expect(v.page.get_by_role("heading", name=words["body check"])).to_be_visible(
            timeout=15_000
        )
        v.check(f"body-check-{lang}")
        v.page.get_by_role("button", name=words["here"]).click()
        expect(v.page.get_by_role("heading", name=words["turn 2"])).to_be_visible()
    ada.page.get_by_role("button", name=words["finish"]).click()
    expect(ada.page.get_by_text(words["over"])).to_be_visible()
    expect(ben.page.get_by_text(words["over"])).to_be_visible(timeout=15_000)
    ben.check(f"over-{lang}")
