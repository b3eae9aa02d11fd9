"""The comfort map by keyboard alone, with JavaScript switched off.

The body outline is the way into the choices: every area of both outlines is reached with
Tab, Enter on an area leads to its choices, an arrow key changes the choice and the plain
form saves it. Nothing here needs a script (comfort.js only adds the outline's colours
before saving), so a person whose browser runs none, or who never uses a pointer, can say
where they may be touched.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.program.content import AREAS
from tests.browser.test_consent_in_the_room import PASSWORD, SETUP

pytestmark = pytest.mark.browser
KEYS_BEFORE_GIVING_UP = 150


def focused(page: Any) -> tuple[str | None, str | None]:
    """(direction, area) of the outline region that has the keyboard focus, else Nones."""
    here = page.locator(":focus")
    if here.count() == 0:
        return None, None
    return here.get_attribute("data-direction"), here.get_attribute("data-area")


def test_the_outline_and_the_plain_form_work_by_keyboard_without_javascript(
    visitor: Any, live_shell: Any
) -> None:
    tag = uuid.uuid4().hex[:10]
    ada_email = f"ada-{tag}@example.test"
    people = [(ada_email, "Ada", ["trauma_history"]), (f"ben-{tag}@example.test", "Ben", [])]
    live_shell(SETUP.replace("{people!r}", repr(people)).replace("{password!r}", repr(PASSWORD)))
    ada = visitor("ada", java_script_enabled=False)
    page = ada.page
    page.goto(ada.base + "/login/")
    page.get_by_label("Email address").fill(ada_email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    page.goto(ada.base + "/program/comfort/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comfort map")
    hands = page.locator('.region[data-direction="receive"][data-area="hands"]')
    expect(hands).to_have_attribute("aria-label", "Hands, Being touched: Not yet")

    # Tab from the top of the page: every area of both outlines takes the focus, in order.
    reached: list[tuple[str, str]] = []
    for _ in range(KEYS_BEFORE_GIVING_UP):
        page.keyboard.press("Tab")
        direction, area = focused(page)
        if direction and area:
            reached.append((direction, area))
        if len(reached) == 2 * len(AREAS):
            break
    wanted = [(d, a) for d in ("receive", "give") for a in AREAS]
    assert sorted(reached) == sorted(wanted) and len(reached) == len(set(reached))

    # Back to "Hands" on the first outline, by keyboard: Enter goes to its choices.
    for _ in range(2 * len(AREAS)):
        if focused(page) == ("receive", "hands"):
            break
        page.keyboard.press("Shift+Tab")
    assert focused(page) == ("receive", "hands")
    page.keyboard.press("Enter")
    # The plain link was followed: no script stepped in (comfort.js would keep the address).
    expect(page).to_have_url(f"{ada.base}/program/comfort/#mark-receive-hands")
    page.keyboard.press("Tab")
    choices = page.locator("#mark-receive-hands")
    expect(choices.locator("input:focus")).to_have_count(1)
    expect(choices.locator("input:focus")).to_have_attribute("value", "not_yet")
    page.keyboard.press("ArrowUp")  # welcome, not yet, no: one up is welcome
    expect(choices.get_by_label("Welcome", exact=True)).to_be_checked()

    page.get_by_role("button", name="Save my map").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    expect(page.get_by_text("Your comfort map is saved. Only you see it.")).to_be_visible()
    expect(hands).to_have_attribute("aria-label", "Hands, Being touched: Welcome")
    expect(hands).to_have_class("region mark-welcome")
    expect(page.locator('input[name="receive-hands"][value="welcome"]')).to_be_checked()
    # Only that one choice moved: the rest of a gentle plan's map is still not yet.
    expect(page.locator('input[value="not_yet"]:checked')).to_have_count(2 * len(AREAS) - 1)
    ada.assert_no_foreign_requests_or_csp_errors()
    ada.screenshot("keyboard-no-script")
