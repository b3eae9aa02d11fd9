"""A couple links up; Ben takes the private check and says "yes"; Ada's pages show nothing.

Then Ben writes a safety plan, prints it, and leaves the support page with the quick exit.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up

pytestmark = pytest.mark.browser
PLAN_TEXT = "My brother Sam, 555 0188, any evening"
# Words that would tell Ada something about Ben's private check.
TELLING_WORDS = (
    "afraid",
    "coercion",
    "risk",
    "unsafe",
    "private answer",
    "check was saved",
    "safety check",
    "safety plan",
    "ben's",
)


def link_up(visitor: Any) -> tuple[Any, Any]:
    a = visitor("ada")
    a.goto("/signup/")
    sign_up(a, "Ada")
    a.goto("/partner/")
    a.page.get_by_role("button", name="Make an invitation").click()
    link = a.page.get_by_label("Link").input_value()
    b = visitor("ben")
    b.goto(link)
    b.page.get_by_role("main").get_by_role("link", name="Create an account").click()
    sign_up(b, "Ben")
    b.page.get_by_role("button", name="Accept and link up").click()
    expect(b.page.locator(".partner-name")).to_have_text("Ada")
    return a, b


def main_text(v: Any, path: str) -> str:
    v.goto(path)
    return str(v.page.get_by_role("main").inner_text())


def test_a_yes_on_the_private_check_is_seen_by_nobody_but_the_person(visitor: Any) -> None:
    a, b = link_up(visitor)
    ada_before = {path: main_text(a, path) for path in ["/partner/", "/account/"]}

    b.goto("/support/")
    b.page.get_by_role("link", name="Start the check").click()
    b.check("check")
    afraid = b.page.get_by_role(
        "group", name="Within the last year, have you been afraid of your partner or ex-partner?"
    )
    for group in b.page.get_by_role("group").all():
        group.get_by_label("No", exact=True).check()
    afraid.get_by_label("Yes", exact=True).check()
    b.page.get_by_role("button", name="Save my answers").click()
    expect(b.page.get_by_role("heading", name="Help is there right now")).to_be_visible()
    expect(b.page.get_by_text("press Escape twice")).to_be_visible()
    b.check("check-result")

    for path in ["/", "/partner/", "/account/"]:
        text = main_text(a, path).lower()
        assert not [w for w in TELLING_WORDS if w in text], f"{path} tells Ada something"
    # Her partner page and her account activity are exactly as they were before.
    assert {path: main_text(a, path) for path in ada_before} == ada_before


def test_a_person_writes_and_prints_their_plan_then_leaves_fast(visitor: Any) -> None:
    _, b = link_up(visitor)
    b.goto("/support/")
    b.page.get_by_role("link", name="Write your plan").click()
    b.check("plan")
    b.page.get_by_label("4. People I can ask for help").fill(PLAN_TEXT)
    b.page.get_by_role("button", name="Save my plan").click()
    expect(b.page.get_by_text("Your plan is saved. Only you can see it.")).to_be_visible()
    expect(b.page.get_by_label("4. People I can ask for help")).to_have_value(PLAN_TEXT)

    b.page.get_by_role("link", name="Print my plan").click()
    b.check("plan-print")
    b.page.emulate_media(media="print")
    expect(b.page.get_by_text(PLAN_TEXT)).to_be_visible()
    expect(b.page.locator("#quick-exit")).to_be_hidden()
    expect(b.page.get_by_text("Use your browser's Print command")).to_be_hidden()
    b.page.emulate_media(media="screen")

    b.goto("/support/")
    b.page.keyboard.press("Escape")
    b.page.keyboard.press("Escape")
    b.page.wait_for_url("**/away/")
    assert b.page.title() == "Weather"
    b.goto("/support/plan/")
    expect(b.page.get_by_role("heading", level=1)).to_have_text("Sign in")
