"""On a 390-pixel phone, a person sees where they are signed in, signs out the laptop there,
and then signs out everywhere: each time the other browser finds itself signed out."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import unique_email

pytestmark = pytest.mark.browser
PASSWORD = "a long walk by the river 58"
PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
PHONE = {"viewport": {"width": 390, "height": 844}, "user_agent": PHONE_UA, "has_touch": True}


def make_person(live_shell: Any, email: str) -> None:
    live_shell(
        "from django.utils import timezone\n"
        "from hearth.accounts.models import PRIVACY_NOTICE_VERSION, User\n"
        "now = timezone.now()\n"
        f"User.objects.create_user(email={email!r}, password={PASSWORD!r}, display_name='Ada',"
        " adult_attested_at=now, privacy_accepted_at=now, privacy_version=PRIVACY_NOTICE_VERSION)\n"
    )


def sign_in(v: Any, email: str) -> None:
    v.goto("/login/")
    v.page.get_by_label("Email address").fill(email)
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_role("button", name="Sign in").click()
    expect(v.page.get_by_role("heading", level=1)).to_contain_text("Ada")


def is_signed_out(v: Any) -> bool:
    v.page.goto(v.base + "/account/")
    return "/login/" in v.page.url


def fits_the_screen(v: Any) -> None:
    width = v.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{v.page.url} is {width} px wide on a 390 px phone"


def test_a_person_signs_out_the_laptop_and_then_everywhere_from_a_phone(
    visitor: Any, live_shell: Any
) -> None:
    email = unique_email("ada")
    make_person(live_shell, email)
    phone, laptop = visitor("phone", **PHONE), visitor("laptop")
    sign_in(phone, email)
    sign_in(laptop, email)

    phone.goto("/account/")
    phone.page.get_by_role("link", name="Where you are signed in").tap()
    expect(phone.page.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    phone.check("sign-ins")
    fits_the_screen(phone)
    entries = phone.page.locator("#sign-ins > li")
    expect(entries).to_have_count(2)
    expect(phone.page.get_by_text("Safari on iPhone · This device")).to_be_visible()
    laptop_entry = entries.filter(has_text="Chrome on Linux")
    expect(laptop_entry).to_have_count(1)

    laptop_entry.get_by_role("button").tap()
    expect(phone.page.get_by_text("Signed out on Chrome on Linux.")).to_be_visible()
    expect(phone.page.locator("#sign-ins > li")).to_have_count(1)
    phone.check("signed-out-there")
    assert is_signed_out(laptop)

    sign_in(laptop, email)
    phone.goto("/account/sign-ins/")
    expect(phone.page.locator("#sign-ins > li")).to_have_count(2)
    phone.page.get_by_role("button", name="Sign out everywhere").tap()
    expect(phone.page.get_by_text("You are signed out everywhere.")).to_be_visible()
    expect(
        phone.page.get_by_text("2 sign-ins were ended. 0 access keys were turned off.")
    ).to_be_visible()
    phone.check("signed-out-everywhere")
    fits_the_screen(phone)
    assert is_signed_out(laptop) and is_signed_out(phone)
