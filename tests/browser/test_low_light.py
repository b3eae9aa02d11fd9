"""Low light: every page follows the device's dark setting, and a person can choose light,
dark or "like my device" on their account page. Axe runs in both schemes on every page
(see conftest.Visitor.check); here the main pages are visited on a dark phone, then the
choice is tried against the device's own setting."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up
from tests.browser.test_checkins import BACKDATE

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
MAIN_PAGES = [
    "/",
    "/checkins/",
    "/checkins/insights/",
    "/questionnaires/",
    "/program/",
    "/support/",
    "/support/help/",
    "/partner/",
    "/account/",
    "/privacy/",
]
SIGNED_OUT_PAGES = ["/login/", "/signup/", "/support/help/", "/privacy/", "/away/"]
DARK_PAPER = "rgb(23, 21, 19)"
LIGHT_PAPER = "rgb(253, 250, 246)"


def paper(v: Any) -> str:
    return str(v.page.evaluate("getComputedStyle(document.body).backgroundColor"))


def choose_look(v: Any, label: str) -> None:
    v.goto("/account/")
    v.page.get_by_label(label, exact=True).check()
    v.page.get_by_role("button", name="Save", exact=True).click()
    expect(v.page.get_by_text("Your pages now look the way you chose.")).to_be_visible()


def test_signed_out_pages_follow_a_dark_device(visitor: Any) -> None:
    v = visitor("night", color_scheme="dark", **PHONE)
    for path in SIGNED_OUT_PAGES:
        v.goto(path)
        assert paper(v) == DARK_PAPER, path


def test_the_main_pages_are_dark_on_a_dark_phone_and_pass_axe_both_ways(
    visitor: Any, live_shell: Any
) -> None:
    v = visitor("evening", color_scheme="dark", **PHONE)
    email = sign_up(v, "Noor")
    live_shell(BACKDATE.format(email=email))
    for path in MAIN_PAGES:
        v.goto(path)
        assert paper(v) == DARK_PAPER, path


def test_the_persons_choice_wins_over_the_device(visitor: Any) -> None:
    v = visitor("choice", color_scheme="dark", **PHONE)
    sign_up(v, "Ilse")
    choose_look(v, "Light")
    assert paper(v) == LIGHT_PAPER
    v.goto("/checkins/")
    assert paper(v) == LIGHT_PAPER

    choose_look(v, "Dark")
    v.page.emulate_media(color_scheme="light")
    v.goto("/checkins/")
    assert paper(v) == DARK_PAPER

    choose_look(v, "Like my device")
    v.page.emulate_media(color_scheme="light")
    v.goto("/")
    assert paper(v) == LIGHT_PAPER
    v.page.emulate_media(color_scheme="dark")
    assert paper(v) == DARK_PAPER
