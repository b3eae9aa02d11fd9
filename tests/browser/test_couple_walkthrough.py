"""A signs up, invites, B signs up through the link, accepts, both see each other, A leaves."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up

pytestmark = pytest.mark.browser


def test_two_people_become_a_couple_and_one_leaves(visitor: Any) -> None:
    a = visitor("a")
    a.goto("/")
    a.page.get_by_role("link", name="Create an account").first.click()
    a.check("signup")
    sign_up(a, "Ada")
    expect(a.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")
    a.check("home-alone")

    a.page.get_by_role("link", name="Invite your partner").click()
    a.check("partner")
    a.page.get_by_role("button", name="Make an invitation").click()
    a.check("invitation")
    link = a.page.get_by_label("Link").input_value()
    code = a.page.locator("#invite-code").inner_text()
    assert "/join/" in link and len(code) == 9

    b = visitor("b")
    b.goto(link)
    expect(b.page.get_by_text("Ada invited you to link up as partners.")).to_be_visible()
    b.page.get_by_role("main").get_by_role("link", name="Create an account").click()
    b.check("signup-from-invitation")
    sign_up(b, "Ben")
    b.check("invitation-signed-in")
    b.page.get_by_role("button", name="Accept and link up").click()
    expect(b.page.locator(".partner-name")).to_have_text("Ada")
    b.check("linked")

    a.goto("/")
    expect(a.page.locator(".partner-name")).to_have_text("Ben")

    a.page.get_by_role("link", name="Partner", exact=True).click()
    a.page.get_by_label("Yes, end the link with my partner.").check()
    a.page.get_by_role("button", name="End the link").click()
    expect(a.page.get_by_text("You are not linked with a partner.")).to_be_visible()
    a.check("left")

    b.goto("/")
    expect(b.page.get_by_text("You are not linked with a partner any more.")).to_be_visible()
    expect(b.page.get_by_role("heading", name="On your own for now")).to_be_visible()
    b.check("alone-again")


def test_a_partner_can_join_with_the_code_typed_by_hand(visitor: Any) -> None:
    a = visitor("a")
    a.goto("/signup/")
    sign_up(a, "Cleo")
    a.goto("/partner/")
    a.page.get_by_role("button", name="Make an invitation").click()
    code = a.page.locator("#invite-code").inner_text()

    b = visitor("b")
    b.goto("/signup/")
    sign_up(b, "Dev")
    b.goto("/partner/")
    b.page.get_by_label("Invitation code").fill("NOPE-NOPE")
    b.page.get_by_role("button", name="Join").click()
    expect(b.page.get_by_text("This invitation is not valid.")).to_be_visible()
    b.check("bad-code")
    b.page.get_by_label("Invitation code").fill(code.lower())
    b.page.get_by_role("button", name="Join").click()
    expect(b.page.locator(".partner-name")).to_have_text("Cleo")


def test_quick_exit_leaves_at_once_and_the_page_is_not_in_the_history(visitor: Any) -> None:
    v = visitor("exit")
    v.goto("/signup/")
    sign_up(v, "Eve")
    v.goto("/partner/")
    v.goto("/account/")
    length = v.page.evaluate("history.length")
    # The sign-out goes in the background (the answer is not waited for, so the browser
    # does not report it); the pages below show it was accepted, CSRF token and all.
    with v.page.expect_request("**/quick-exit/") as beacon:
        v.page.get_by_role("button", name="Quick exit").click()
        v.page.wait_for_url("**/away/")
    assert beacon.value.method == "POST"
    assert v.page.title() == "Weather"
    assert v.page.evaluate("history.length") == length  # replaced, not added
    v.page.go_back()
    # Back leads to the page before the account page, and it no longer opens: signed out.
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Sign in")
    v.goto("/account/")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_a_link_to_the_exit_page_from_another_site_does_not_sign_out(visitor: Any) -> None:
    """Any page on the web could link to /away/ (or load it unseen): only the quick exit's
    own button signs out."""
    v = visitor("link")
    v.goto("/signup/")
    sign_up(v, "Finn")
    v.page.set_content(f'<main><a href="{v.base}/away/">Weather today</a></main>')
    v.page.get_by_role("link", name="Weather today").click()
    v.page.wait_for_url("**/away/")
    assert v.page.title() == "Weather"
    v.goto("/account/")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your account")


def test_pages_fit_a_phone_screen(visitor: Any) -> None:
    v = visitor("phone", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    for path in ["/", "/signup/", "/login/", "/privacy/"]:
        v.goto(path)
        overflow = v.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"
