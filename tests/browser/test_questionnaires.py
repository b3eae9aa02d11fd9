"""A person signs up, takes the PHQ-9 (stopping halfway), and two weeks later takes it again
and sees the change since the first time and a chart of both scores."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up

pytestmark = pytest.mark.browser

FIRST = ["More than half the days"] * 4 + ["Several days"] * 4 + ["Not at all"]  # 12
SECOND = ["Several days"] * 4 + ["Not at all"] * 5  # 4


def answer(v: Any, choices: list[str], first_number: int) -> None:
    """Pick each answer by its visible label inside its question's group."""
    groups = v.page.get_by_role("group")
    for offset, choice in enumerate(choices):
        group = groups.filter(has_text=f"{first_number + offset}. ")
        group.get_by_label(choice, exact=True).check()


def backdate_two_weeks(live_shell: Any, email: str) -> None:
    live_shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from hearth.measures.models import Administration, Schedule\n"
        f"mine = Administration.objects.filter(user__email={email!r}, instrument_id='phq9')\n"
        "two_weeks = timedelta(days=14)\n"
        "for a in mine:\n"
        "    a.due_date -= two_weeks; a.window_end -= two_weeks\n"
        "    a.started_at -= two_weeks; a.completed_at -= two_weeks\n"
        "    a.save()\n"
        f"Schedule.objects.filter(user__email={email!r}, instrument_id='phq9')"
        ".update(next_due=timezone.localdate())\n"
    )


def test_a_person_takes_the_phq9_twice_and_sees_the_change(visitor: Any, live_shell: Any) -> None:
    v = visitor("phq9")
    v.goto("/signup/")
    email = sign_up(v, "Pat")
    v.goto("/questionnaires/")
    v.page.get_by_role("button", name="Start PHQ-9").click()
    expect(v.page.get_by_text("Page 1 of 2")).to_be_visible()
    v.check("phq9-page-1")

    v.page.get_by_role("button", name="Save and go on").click()  # nothing chosen yet
    expect(v.page.get_by_text("5 question(s) on this page need an answer.")).to_be_visible()
    v.check("phq9-missing-answers")

    answer(v, FIRST[:5], 1)
    v.page.get_by_role("button", name="Save and stop for now").click()
    expect(v.page.get_by_text("Your answers are saved.")).to_be_visible()
    v.page.get_by_role("button", name="Carry on with PHQ-9").click()
    expect(v.page.get_by_text("Page 2 of 2")).to_be_visible()
    answer(v, FIRST[5:], 6)
    v.page.get_by_role("button", name="Save and see my result").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your PHQ-9 result")
    expect(v.page.get_by_text("Your score is 12, on a scale from 0 to 27.")).to_be_visible()
    expect(v.page.get_by_text("This is your first score.")).to_be_visible()
    v.check("phq9-first-result")

    backdate_two_weeks(live_shell, email)
    v.goto("/questionnaires/")
    v.page.get_by_role("button", name="Start PHQ-9").click()
    answer(v, SECOND[:5], 1)
    v.page.get_by_role("button", name="Save and go on").click()
    answer(v, SECOND[5:], 6)
    v.page.get_by_role("button", name="Save and see my result").click()
    expect(
        v.page.get_by_text("Your first score was 12. Now it is 4, which is 8 points lower.")
    ).to_be_visible()
    expect(v.page.get_by_text("This is a reliable change for the better.")).to_be_visible()
    expect(v.page.get_by_text("a change of 6 points or more counts as reliable")).to_be_visible()
    chart = v.page.get_by_role("img", name="PHQ-9 scores over time")
    expect(chart).to_be_visible()
    expect(chart.locator("circle")).to_have_count(2)
    rows = v.page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("12")
    expect(rows.nth(1)).to_contain_text("4")
    v.check("phq9-second-result")


def test_the_result_page_fits_a_phone_screen(visitor: Any) -> None:
    v = visitor("phone", viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    v.goto("/signup/")
    sign_up(v, "Lee")
    v.goto("/questionnaires/")
    v.page.get_by_role("button", name="Start GAD-7").click()
    answer(v, ["Several days"] * 5, 1)
    v.page.get_by_role("button", name="Save and go on").click()
    answer(v, ["Several days"] * 2, 6)
    v.page.get_by_role("button", name="Save and see my result").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your GAD-7 result")
    v.check("gad7-result-phone")
    overflow = v.page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the result page scrolls sideways by {overflow}px on a phone"
