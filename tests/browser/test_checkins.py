"""A week of check-ins: six earlier days backdated, today's done in the browser on a phone,
then the insights page with its charts and table of numbers."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import choose, sign_up

pytestmark = pytest.mark.browser

BACKDATE = """
from datetime import timedelta
from django.utils import timezone
from hearth.accounts.models import User
from hearth.checkins.models import CheckIn
user = User.objects.get(email={email!r})
today = timezone.localdate()
for n in range(1, 7):
    CheckIn.objects.create(user=user, day=today - timedelta(days=n), mood=3 + n % 4,
                           stress=5, closeness=6, desire=4, sleep_hours=7, note="earlier")
print(CheckIn.objects.filter(user=user).count())
"""


def sideways(v: Any) -> int:
    script = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    return int(v.page.evaluate(script))


def test_a_week_of_check_ins_shows_on_the_insights_page(visitor: Any, live_shell: Any) -> None:
    v = visitor("week", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    email = sign_up(v, "Rae")
    assert live_shell(BACKDATE.format(email=email)).split()[-1] == "6"

    v.goto("/")
    v.page.get_by_role("link", name="Check in for today").click()
    v.check("today")
    assert sideways(v) <= 0, "the check-in page scrolls sideways on a phone"

    v.page.get_by_role("button", name="Save my check-in").click()
    expect(v.page.get_by_text("Please answer at least one question.")).to_be_visible()
    v.check("today-error")

    choose(v.page, "Mood", "7")
    choose(v.page, "Stress", "3")
    v.page.get_by_label("Hours of sleep last night").select_option("7.5")
    v.page.get_by_label("Private note (optional)").fill("A slow walk after dinner.")
    v.page.get_by_role("button", name="Save my check-in").click()
    expect(v.page.get_by_text("Thank you. Your check-in for today is saved.")).to_be_visible()
    expect(v.page.get_by_role("button", name="Update my check-in")).to_be_visible()
    v.check("today-saved")

    v.page.get_by_role("link", name="Insights").click()
    expect(v.page.get_by_role("heading", name="Your insights")).to_be_visible()
    mood = v.page.locator("section", has=v.page.get_by_role("heading", name="Mood", exact=True))
    expect(mood.get_by_role("img")).to_have_count(1)
    expect(mood.locator("circle")).to_have_count(7)
    expect(mood.get_by_text("Not enough check-ins yet to compare.")).to_be_visible()
    v.page.get_by_text("Show the numbers as a table").click()
    rows = v.page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.last).to_contain_text("7")
    expect(v.page.get_by_text("A slow walk after dinner.")).to_have_count(0)
    assert sideways(v) <= 0, "the open table pushes the insights page sideways on a phone"
    v.check("insights")

    v.goto("/checkins/talk/")
    expect(v.page.get_by_role("heading", name="This is for two")).to_be_visible()
