"""Two partners go through the program in a real browser: link up, answer privately, take
the safety check, see the plan, plan a session, check in, pause and resume, reflect, and
later move on a stage together. And: one says "not today", the other sees only a neutral
message."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, sign_up

pytestmark = pytest.mark.browser

CALLED_OFF = "This session will not go ahead."
A_GOALS = "Feel at ease when we hold hands again"


def link_up(visitor: Any, first: str, second: str) -> tuple[Any, Any, list[str]]:
    a = visitor("a")
    a.goto("/signup/")
    email_a = sign_up(a, first)
    a.goto("/partner/")
    a.page.get_by_role("button", name="Make an invitation").click()
    link = a.page.get_by_label("Link").input_value()
    b = visitor("b")
    b.goto(link)
    b.page.get_by_role("main").get_by_role("link", name="Create an account").click()
    email_b = sign_up(b, second)
    b.page.get_by_role("button", name="Accept and link up").click()
    expect(b.page.locator(".partner-name")).to_have_text(first)
    return a, b, [email_a, email_b]


def take_safety_check(v: Any) -> None:
    expect(v.page.get_by_role("heading", level=1)).to_have_text("A private check")
    v.check("safety-check")
    for group in v.page.locator("fieldset").all():
        group.get_by_label("No", exact=True).check()
    v.page.get_by_role("button", name="Save my answers").click()
    v.page.get_by_role("link", name="Continue").click()


def answer_intake(v: Any, concerns: list[str], goals: str = "") -> None:
    v.goto("/program/")
    v.page.get_by_role("link", name="Answer the questions").click()
    v.check("intake")
    for concern in concerns:
        v.page.get_by_label(concern).check()
    if goals:
        v.page.get_by_label("What would you like from this?").fill(goals)
    v.page.get_by_role("button", name="Save my answers").click()


def session_id(v: Any) -> str:
    match = re.search(r"/program/sessions/(\d+)/", v.page.url)
    assert match, v.page.url
    return match.group(1)


def check_in(v: Any, sid: str, answer: str) -> None:
    v.goto(f"/program/sessions/{sid}/")
    v.page.get_by_label(answer, exact=True).check()
    v.page.get_by_role("button", name="Save my check-in").click()


def reflect(v: Any, sid: str, comfort: str, note: str = "", share_note: bool = False) -> None:
    v.goto(f"/program/sessions/{sid}/")
    v.page.get_by_role("link", name="Write your reflection").click()
    v.check("reflect")
    choose(v.page, "How comfortable did you feel?", comfort)
    choose(v.page, "How close did you feel?", "7")
    choose(v.page, "How worried or tense did you feel?", "2")
    if note:
        v.page.get_by_label("Anything else you want to note?").fill(note)
    if share_note:
        partner = v.page.get_by_role("group", name="Share with my partner")
        partner.get_by_label("My note").check()
    v.page.get_by_role("button", name="Save my reflection").click()
    expect(v.page.get_by_role("heading", name="Your reflection", exact=True)).to_be_visible()


MORE_SESSIONS = """
from datetime import timedelta
from django.utils import timezone
from hearth.program.models import Program, Reflection, Readiness, Session
session = Session.objects.get(pk={sid})
for n in range(3):
    copy = Session.objects.get(pk=session.pk)
    copy.pk = None
    copy.save()
    for r in Reflection.objects.filter(session=session):
        Reflection.objects.create(session=copy, user=r.user, comfort=8, closeness=7, anxiety=2)
past = timedelta(days=16)
program = session.program
Program.objects.filter(pk=program.pk).update(stage_since=program.stage_since - past)
for s in program.sessions.all():
    Session.objects.filter(pk=s.pk).update(
        planned_for=s.planned_for - past, started_at=s.started_at - past
    )
print(program.sessions.filter(status="done").count())
"""


def test_a_couple_goes_through_the_program(visitor: Any, live_shell: Any) -> None:
    a, b, _ = link_up(visitor, "Ada", "Ben")

    answer_intake(a, ["Worry or anxiety"], goals=A_GOALS)
    take_safety_check(a)
    expect(a.page.get_by_text("Your plan is almost ready")).to_be_visible()
    a.check("plan-waiting")

    answer_intake(b, [])
    take_safety_check(b)
    expect(b.page.get_by_role("heading", name="Your shared plan")).to_be_visible()
    b.check("plan")
    page_b = b.page.content()
    assert A_GOALS not in page_b and "worry" not in page_b.lower()

    a.goto("/program/plan/")
    # The private card is folded away until Ada opens it.
    expect(a.page.get_by_text("You told us worry gets in the way.")).to_be_hidden()
    a.page.get_by_text("Only for you").click()
    expect(a.page.get_by_text("You told us worry gets in the way.")).to_be_visible()
    a.check("plan-own")

    a.goto("/program/sessions/")
    a.page.get_by_role("button", name="Suggest this time").click()
    expect(a.page.get_by_text("Waiting for your partner's answer.")).to_be_visible()
    a.check("suggested")
    sid = session_id(a)

    b.goto("/program/")
    b.page.get_by_role("main").get_by_role("link", name=re.compile("Waiting for an answer")).click()
    b.check("suggestion")
    b.page.get_by_role("button", name="Yes, that works").click()
    # Ada's page, waiting for the answer, shows the check-in by itself.
    expect(a.page.get_by_label("Ready", exact=True)).to_be_visible(timeout=15_000)

    check_in(a, sid, "Ready")
    expect(
        a.page.get_by_text("The session can start once you have both checked in.")
    ).to_be_visible()
    a.check("checked-in")
    check_in(b, sid, "Not sure")
    # "Not sure" is not "ready": Ben chooses, privately, how to begin.
    expect(b.page.get_by_role("heading", name="Not sure is fine")).to_be_visible()
    expect(b.page.get_by_role("button", name="Start the session")).to_have_count(0)
    b.check("not-sure")
    b.page.get_by_role("button", name="Begin with a few minutes of settling").click()
    b.page.get_by_label("We have agreed on our stop word or hand signal.").check()
    b.page.get_by_role("button", name="Start the session").click()
    expect(b.page.get_by_role("heading", name="Settle in first")).to_be_visible()
    b.page.get_by_role("button", name="I feel settled").click()
    expect(b.page.get_by_role("heading", name="Turn 1 of 2")).to_be_visible()
    expect(b.page.get_by_role("timer")).to_contain_text("Time left in this turn")
    b.check("running")

    # Ada's page, waiting for Ben's check-in, follows the session by itself (follow.js):
    # no reload by hand, which could also cross the page's own.
    expect(a.page.get_by_role("heading", name="Settle in first")).to_be_visible(timeout=15_000)
    assert "unsure" not in a.page.content().lower() and "not sure" not in a.page.content().lower()
    a.page.get_by_role("button", name="I feel settled").click()
    expect(a.page.get_by_role("heading", name="Turn 1 of 2")).to_be_visible()
    a.page.get_by_role("button", name="Pause", exact=True).click()
    expect(a.page.get_by_role("heading", name="Take a moment")).to_be_visible()
    a.check("paused")
    # Ben's page, still open on the running session, notices the pause by itself. The pause
    # is Ada's: Ben sees that it will go on when she is ready, and has no way to go on.
    expect(b.page.get_by_text("Your partner paused.")).to_be_visible(timeout=15_000)
    expect(b.page.get_by_role("button", name="Go on with the session")).to_have_count(0)
    b.check("paused-by-partner")
    a.page.get_by_role("button", name="Go on with the session").click()
    expect(a.page.get_by_role("heading", name="Turn 1 of 2")).to_be_visible()
    expect(b.page.get_by_role("heading", name="Turn 1 of 2")).to_be_visible(timeout=15_000)
    b.page.get_by_role("button", name="Next turn").click()
    expect(b.page.get_by_role("heading", name="Turn 2 of 2")).to_be_visible()
    b.page.get_by_role("button", name="Finish the session").click()
    expect(b.page.get_by_text("The session is over.")).to_be_visible()
    b.check("done")

    # The finished page no longer follows: from here on, loading pages by hand is safe.
    expect(a.page.get_by_text("The session is over.")).to_be_visible(timeout=15_000)
    reflect(a, sid, "8", note="It felt calm and slow", share_note=True)
    a.check("reflected")
    reflect(b, sid, "9")
    expect(b.page.get_by_text("It felt calm and slow")).to_be_visible()
    b.check("partner-shared")

    # Two weeks and three more sessions pass (the shell does what a browser cannot).
    assert live_shell(MORE_SESSIONS.replace("{sid}", sid)).split()[-1] == "4"

    a.goto("/program/")
    expect(a.page.get_by_role("heading", name=re.compile("Now: stage 1"))).to_be_visible()
    a.page.get_by_role("button", name="Suggest the next stage").click()
    expect(a.page.get_by_text("You said yes to the next stage.")).to_be_visible()
    a.check("proposed")
    b.goto("/program/")
    expect(b.page.get_by_text("Your partner suggested moving on")).to_be_visible()
    b.check("proposal")
    b.page.get_by_role("button", name="Yes, move on").click()
    expect(b.page.get_by_role("heading", name="Now: stage 2, The receiver guides")).to_be_visible()
    a.goto("/program/")
    expect(a.page.get_by_role("heading", name="Now: stage 2, The receiver guides")).to_be_visible()
    a.page.get_by_role("button", name="Step back a stage").click()
    expect(a.page.get_by_role("heading", name=re.compile("Now: stage 1"))).to_be_visible()
    a.check("stepped-back")


QUICK_SETUP = """
from hearth.accounts.models import User
from hearth.program.actions import IntakeAnswers, save_intake
from hearth.safety.models import Screening
for email in {emails!r}:
    user = User.objects.get(email=email)
    save_intake(user, IntakeAnswers())
    Screening.objects.create(user=user, instrument="hark", result="clear")
"""


def test_not_today_from_one_partner_shows_the_other_only_a_neutral_message(
    visitor: Any, live_shell: Any
) -> None:
    a, b, emails = link_up(visitor, "Cleo", "Dev")
    # Intake and safety check through the shell here; the first test does them in the browser.
    live_shell(QUICK_SETUP.replace("{emails!r}", repr(emails)))

    a.goto("/program/sessions/")
    a.page.get_by_role("button", name="Suggest this time").click()
    sid = session_id(a)
    b.goto(f"/program/sessions/{sid}/")
    b.page.get_by_role("button", name="Yes, that works").click()
    expect(a.page.get_by_label("Ready", exact=True)).to_be_visible(timeout=15_000)
    check_in(a, sid, "Ready")
    check_in(b, sid, "Not today")
    expect(b.page.get_by_text(CALLED_OFF)).to_be_visible()

    # Cleo's page, waiting for Dev, learns by itself that the session is off.
    expect(a.page.get_by_text(CALLED_OFF)).to_be_visible(timeout=15_000)
    a.check("called-off")
    main = a.page.get_by_role("main").inner_text()
    assert "not today" not in main.lower()
    assert "Dev" not in main
    expect(a.page.get_by_role("button", name="Start the session")).to_have_count(0)
