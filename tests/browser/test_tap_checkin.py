"""The daily check-in on a 390-pixel phone by taps only: no field takes typing, each choice
is a big target, and the figures (taps, seconds) land in test-artifacts/tap-checkin.json."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, choose, sign_up

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ANSWERS = {"Mood": "7", "Stress": "3", "Closeness to your partner, or to others": "6"}
TYPING = "['text','number','email','password','search','tel'].includes(document.activeElement.type) || document.activeElement.tagName === 'TEXTAREA'"  # noqa: E501

SAVED = """
from hearth.checkins.models import CheckIn
row = CheckIn.objects.get(user__email={email!r})
print(row.mood, row.stress, row.closeness, row.desire, row.sleep_hours)
"""


def test_a_phone_user_fills_the_check_in_by_taps_alone(visitor: Any, live_shell: Any) -> None:
    v = visitor("taps", **PHONE)
    email = sign_up(v, "Tove")
    v.goto("/checkins/")
    page = v.page
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for box in [page.locator(".tap-row label").nth(n).bounding_box() for n in range(11)]:
        assert box and box["width"] >= 24 and box["height"] >= 44, box
    for tick in page.locator(".checkin-form .field-check").all():  # box beside its words
        box, words = tick.locator("input").bounding_box(), tick.locator("label").bounding_box()
        assert box and words and box["x"] + box["width"] <= words["x"], (box, words)

    taps = 0
    started = time.monotonic()
    for question, value in ANSWERS.items():
        choose(page, question, value, tap=True)
        taps += 1
        assert not page.evaluate(TYPING), f"{question} opened a keyboard"
    choose(page, "Desire", "skip", tap=True)  # an explicit skip is a tap too
    taps += 1
    sleep = page.get_by_label("Hours of sleep last night")
    sleep.tap()  # opens the phone's own list of choices; no keyboard
    sleep.select_option("7.5")  # the second tap, on "7½" in that list
    taps += 2
    assert not page.evaluate(TYPING)
    page.get_by_role("button", name="Save my check-in").tap()
    taps += 1
    expect(page.get_by_text("Thank you. Your check-in for today is saved.")).to_be_visible()
    seconds = time.monotonic() - started
    v.check("saved")

    saved = live_shell(SAVED.format(email=email)).strip().splitlines()[-1]
    assert saved.split() == ["7", "3", "6", "None", "7.5"]
    assert taps == 7
    figures = {"taps": taps, "seconds": round(seconds, 2), "viewport": "390x844"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "tap-checkin.json").write_text(json.dumps(figures) + "\n", encoding="utf-8")
    print(f"tap-only check-in: {figures}")


def test_arrow_keys_move_along_a_scale_for_keyboard_users(visitor: Any) -> None:
    v = visitor("keys")
    sign_up(v, "Ida")
    v.goto("/checkins/")
    page = v.page
    choose(page, "Mood", "5")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="7", exact=True).first).to_be_checked()
    v.check("keys")
    page.get_by_role("button", name="Save my check-in").press("Enter")
    expect(page.get_by_text("Thank you. Your check-in for today is saved.")).to_be_visible()
    expect(page.get_by_role("group", name="Mood").get_by_role("radio", name="7")).to_be_checked()
