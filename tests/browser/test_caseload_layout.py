"""The clinician's caseload on a wide screen (a compact table, one line per client, sortable
and paged) and on a phone (a card per client). Screenshots at 1280 and 390 pixels land in
test-artifacts/browser/ (…-caseload-1280.png, …-caseload-390.png)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_up_clinician
from tests.browser.test_clinic import set_up_two_step
from tests.conftest import present

pytestmark = pytest.mark.browser
CLIENTS = 60

SEED = """
from datetime import timedelta
from django.utils import timezone
from hearth.accounts.models import User
from hearth.clinic.models import CareLink
from hearth.couples import sharing
from hearth.measures import catalog
from hearth.measures.demo import answers_for
from hearth.measures.models import Administration, Schedule
from hearth.safety.models import RiskEvent
doctor = User.objects.get(email={email!r})
def care_link(client, clinician, **shared):
    link = CareLink.objects.create(client=client, clinician=clinician)
    for kind, on in shared.items():
        if on:
            sharing.choose(client, sharing.THERAPIST, kind, {{""}}, link=link)
    return link
known = catalog.instruments()
def sitting(user, instrument_id, total, days):
    when = timezone.now() - timedelta(days=days)
    Administration.objects.create(user=user, instrument_id=instrument_id,
        instrument_version="1", status="completed", due_date=when.date(),
        window_end=catalog.window_end(when.date()), started_at=when, completed_at=when,
        answers=answers_for(known[instrument_id], total), total=total)
for n in range({count}):
    user = User.objects.create(email=f"c{{n}}-{{doctor.pk}}@example.test",
                               display_name=f"Client {{n:02d}}", password="!")
    care_link(user, doctor, results=n % 5 != 4, sessions=n % 2 == 0, risk_alerts=n % 3 == 0)
    sitting(user, "phq9", 8 + n % 12, 40)
    sitting(user, "phq9", 4 + (n * 7) % 20, 3)
    if n % 2:
        sitting(user, "gad7", 5 + n % 10, 40)
        sitting(user, "gad7", 3 + (n * 5) % 16, 3)
    if n % 4 == 1:
        Schedule.objects.create(user=user, instrument_id="phq9", next_due=timezone.localdate())
    if n % 9 == 0:
        RiskEvent.objects.create(user=user, source="questionnaire", level="urgent",
                                 alert_clinician=True)
print(CareLink.objects.filter(clinician=doctor).count())
"""


def row_heights(v: Any) -> list[float]:
    return [box["height"] for box in v.page.locator("tr.client-row").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect())"
    )]  # fmt: skip


def sideways(v: Any) -> int:
    script = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    return int(v.page.evaluate(script))


def test_a_wide_table_on_a_desk_and_cards_on_a_phone(visitor: Any, live_shell: Any) -> None:
    v = visitor("clinician", viewport={"width": 1280, "height": 900})
    email = f"robin{time.time_ns()}@example.test"
    sign_up_clinician(v, "Robin", email)
    set_up_two_step(v)
    seeded = live_shell(SEED.format(email=email, count=CLIENTS)).strip().splitlines()[-1]
    assert seeded == str(CLIENTS)

    v.goto("/clinic/")
    table = v.page.get_by_role("table", name="Your clients, page 1 of 2")
    expect(table).to_be_visible()
    expect(v.page.locator("tr.client-row")).to_have_count(50)
    v.check("caseload-1280")
    # One line per client (two where several alerts wrap), nothing scrolls sideways.
    heights = sorted(row_heights(v))
    assert heights[len(heights) // 2] < 44 and heights[-1] < 64, heights
    assert sideways(v) <= 0
    table_width = v.page.locator("table.caseload").evaluate("t => t.scrollWidth")
    wrap_width = v.page.locator(".table-wrap").evaluate("w => w.clientWidth")
    assert table_width <= wrap_width

    v.page.get_by_role("link", name="GAD-7").click()
    header = v.page.get_by_role("columnheader", name="GAD-7")
    expect(header).to_have_attribute("aria-sort", "descending")
    scores = v.page.locator("tr.client-row .col-score-gad7 .score-value").all_inner_texts()
    assert scores == sorted(scores, key=float, reverse=True) and len(scores) >= 10
    v.check("caseload-sorted")

    v.page.get_by_role("link", name="Next page").click()
    expect(v.page.get_by_role("table", name="Your clients, page 2 of 2")).to_be_visible()
    expect(v.page.locator("tr.client-row")).to_have_count(CLIENTS - 50)
    expect(header).to_have_attribute("aria-sort", "descending")
    v.check("caseload-page-2")

    v.page.set_viewport_size({"width": 390, "height": 844})
    v.goto("/clinic/")
    first = v.page.locator("tr.client-row").first
    assert first.evaluate("r => getComputedStyle(r).display") == "block"
    assert present(v.page.locator("table.caseload thead").bounding_box())["height"] <= 1
    assert sideways(v) <= 0
    label = first.locator(".col-stage").evaluate("c => getComputedStyle(c, '::before').content")
    assert label == '"Stage"'  # each value has its label on the card
    v.check("caseload-390")
