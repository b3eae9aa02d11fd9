"""A person turns on two-step sign-in, signs in with a code and a recovery code, downloads
their data and deletes their account."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.accounts import totp
from tests.browser.conftest import PASSWORD, sign_up, sign_up_clinician

pytestmark = pytest.mark.browser


def sign_out(v: Any) -> None:
    v.page.get_by_role("button", name="Sign out").click()
    expect(v.page.get_by_text("You are signed out.")).to_be_visible()


def password_step(v: Any, email: str) -> None:
    v.goto("/login/")
    v.page.get_by_label("Email address").fill(email)
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_role("button", name="Sign in").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Enter your code")


def code_step(v: Any, code: str) -> None:
    v.page.get_by_label("Code from your app, or a recovery code").fill(code)
    v.page.get_by_role("button", name="Sign in").click()


def app_code(secret: str, offset: float = 0) -> str:
    return totp.totp(totp.decode_secret(secret), time.time() + offset)


def turn_on_two_step(v: Any) -> tuple[str, list[str]]:
    """From the account page, as a person would; returns the secret and recovery codes."""
    v.goto("/account/")
    v.page.get_by_role("link", name="Set up two-step sign-in").click()
    v.page.get_by_role("button", name="Set up two-step sign-in").click()
    expect(v.page.get_by_role("img", name="QR code for your app")).to_be_visible()
    v.check("two-step-setup")

    secret = v.page.locator("#two-factor-secret").inner_text().replace(" ", "")
    v.page.get_by_label("6-digit code from your app").fill(app_code(secret))
    v.page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = v.page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    v.check("recovery-codes")
    return secret, codes


def download_both(v: Any, email: str) -> None:
    v.check("export")
    with v.page.expect_download() as info:
        v.page.get_by_role("button", name="Download all my data").click()
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == email and data["account"]["two_step_sign_in"] is True
    with v.page.expect_download() as info:
        v.page.get_by_role("button", name="Download my results for a health record").click()
    bundle = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"


def test_two_step_sign_in_export_and_deletion(visitor: Any) -> None:
    v = visitor("ada")
    email = sign_up(v, "Ada")
    secret, codes = turn_on_two_step(v)

    sign_out(v)
    password_step(v, email)
    v.check("code-step")
    code_step(v, app_code(secret, totp.STEP_SECONDS))  # the current code was spent at set-up
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")

    sign_out(v)
    password_step(v, email)
    code_step(v, codes[0])
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")
    sign_out(v)
    password_step(v, email)
    code_step(v, codes[0])
    expect(v.page.get_by_text("That code did not work.")).to_be_visible()
    v.check("recovery-code-reused")
    code_step(v, codes[1])
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Hello, Ada")

    # Protected pages ask again after ten minutes; here the person is asked at once.
    v.goto("/account/confirm/?next=/account/my-data/")
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_label("Code from your app, or a recovery code").fill(codes[2])
    v.page.get_by_role("button", name="Confirm").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Download your data")
    download_both(v, email)

    v.goto("/account/")
    expect(v.page.get_by_text("Two-step sign-in is on.")).to_be_visible()
    expect(v.page.get_by_text("Your data was downloaded").first).to_be_visible()
    v.page.get_by_role("link", name="Delete your account").click()
    v.check("delete")
    v.page.get_by_label("Type DELETE to confirm").fill("maybe")
    v.page.get_by_role("button", name="Delete my account for good").click()
    expect(v.page.get_by_text("Please type DELETE to confirm.").last).to_be_visible()
    v.page.get_by_label("Type DELETE to confirm").fill("DELETE")
    v.page.get_by_role("button", name="Delete my account for good").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    v.check("deleted")

    v.goto("/login/")
    v.page.get_by_label("Email address").fill(email)
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_role("button", name="Sign in").click()
    expect(v.page.get_by_text("That email and password do not match an account.")).to_be_visible()


def test_a_new_clinician_sets_up_two_step_sign_in_first(visitor: Any) -> None:
    v = visitor("clinician")
    sign_up_clinician(v, "Dr Lee")
    page = v.page
    expect(page.get_by_text("Clinician accounts must use two-step sign-in.")).to_be_visible()
    v.check("clinician-must-set-up")
    page.get_by_role("button", name="Set up two-step sign-in").click()
    secret = page.locator("#two-factor-secret").inner_text().replace(" ", "")
    page.get_by_label("6-digit code from your app").fill(app_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    page.get_by_role("link", name="I have saved them. Back to my account").click()
    expect(page.get_by_text("Clinician accounts always keep two-step sign-in on.")).to_have_count(0)
    v.goto("/account/two-step/")
    expect(page.get_by_text("Clinician accounts always keep two-step sign-in on.")).to_be_visible()
    expect(page.get_by_role("button", name="Turn off two-step sign-in")).to_have_count(0)
