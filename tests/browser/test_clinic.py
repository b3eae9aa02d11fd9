"""A couple invites a therapist, shares results only, gets homework; one partner revokes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from playwright.sync_api import expect

from hearth.accounts.totp import decode_secret, totp
from tests.browser.conftest import PASSWORD, sign_up, sign_up_clinician
from tests.browser.test_disclosure import take_check

pytestmark = pytest.mark.browser


def confirm_if_asked(v: Any) -> bool:
    """Answer the password check (sudo step) when a protected page asks for it."""
    if "/account/confirm/" not in v.page.url:
        return False
    v.page.get_by_label("Password", exact=True).fill(PASSWORD)
    v.page.get_by_role("button", name="Confirm").click()
    return True


def set_up_two_step(v: Any) -> None:
    """Clinicians must use two-step sign-in: set it up with a code from the shown secret."""
    v.goto("/account/two-step/")
    confirm_if_asked(v)
    v.page.get_by_role("button", name="Set up two-step sign-in").click()
    confirm_if_asked(v)
    secret = v.page.locator("#two-factor-secret").inner_text()
    code = totp(decode_secret(secret), time.time())
    v.page.get_by_label("6-digit code from your app").fill(code)
    v.page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")


def share_results_only(v: Any) -> None:
    v.goto("/clinic/my-care/")
    for _ in range(2):  # once more if the password check interrupted the first save
        v.page.get_by_label("Questionnaire results").check()
        v.page.get_by_role("button", name="Save what they may see").click()
        if not confirm_if_asked(v):
            break
    expect(v.page.get_by_text("Your therapist sees the change right away.")).to_be_visible()
    expect(v.page.get_by_label("Questionnaire results")).to_be_checked()
    expect(v.page.get_by_label("Session log and stage")).not_to_be_checked()


def invite_therapist(client: Any, therapist: Any) -> None:
    client.goto("/clinic/my-care/")
    client.page.get_by_role("button", name="Make an invitation for a therapist").click()
    code = client.page.locator("#invite-code").inner_text()
    therapist.goto("/clinic/")
    therapist.page.get_by_label("Invitation code").fill(code)
    therapist.page.get_by_role("button", name="Accept", exact=True).click()
    expect(therapist.page.get_by_text("You are linked.")).to_be_visible()


def client_row(v: Any, name: str) -> Any:
    return v.page.locator("tr.client-row").filter(
        has=v.page.get_by_role("rowheader", name=name, exact=True)
    )


def scores_for(live_shell: Any, email: str, totals: tuple[int, int]) -> None:
    live_shell(
        "from datetime import timedelta\n"
        "from django.utils import timezone\n"
        "from hearth.accounts.models import User\n"
        "from hearth.measures import catalog\n"
        "from hearth.measures.demo import answers_for\n"
        "from hearth.measures.models import Administration\n"
        f"user = User.objects.get(email={email!r})\n"
        "gad7 = catalog.instruments()['gad7']\n"
        f"for days, total in ((30, {totals[0]}), (2, {totals[1]})):\n"
        "    when = timezone.now() - timedelta(days=days)\n"
        "    Administration.objects.create(user=user, instrument_id='gad7',"
        " instrument_version='1', status='completed', due_date=when.date(),"
        " window_end=catalog.window_end(when.date()), started_at=when, completed_at=when,"
        " answers=answers_for(gad7, total), total=total)\n"
    )


def test_a_couple_shares_results_gets_homework_and_one_partner_revokes(
    visitor: Any, live_shell: Any
) -> None:
    doctor = visitor("therapist")
    sign_up_clinician(doctor, "Morgan", f"morgan{time.time_ns()}@example.test")
    set_up_two_step(doctor)
    doctor.goto("/clinic/profile/")
    doctor.page.get_by_label("Full name").fill("Dr Morgan Reyes")
    doctor.page.get_by_label("Profession").fill("Couples therapist")
    doctor.page.get_by_label("Licence or registration number").fill("LMFT 4242")
    doctor.page.get_by_label("Licensing or registration body").fill("State board")
    doctor.page.get_by_role("button", name="Save profile").click()
    doctor.check("profile-saved")

    a, b = visitor("a"), visitor("b")
    a.goto("/signup/")
    a_email = sign_up(a, "Ada")
    b.goto("/signup/")
    b_email = sign_up(b, "Ben")
    a.goto("/partner/")
    a.page.get_by_role("button", name="Make an invitation").click()
    code = a.page.locator("#invite-code").inner_text()
    b.goto("/partner/")
    b.page.get_by_label("Invitation code").fill(code)
    b.page.get_by_role("button", name="Join").click()
    expect(b.page.locator(".partner-name")).to_have_text("Ada")
    scores_for(live_shell, a_email, (15, 5))
    scores_for(live_shell, b_email, (12, 11))

    invite_therapist(a, doctor)
    invite_therapist(b, doctor)
    a.goto("/clinic/my-care/")
    expect(a.page.get_by_text("LMFT 4242")).to_be_visible()
    a.check("my-care")
    share_results_only(a)
    share_results_only(b)

    doctor.goto("/clinic/")
    ben_row = client_row(doctor, "Ben")
    expect(ben_row.locator(".col-score-gad7")).to_contain_text("11 ↓ No reliable change")
    expect(ben_row.locator(".col-sessions")).to_have_text("Not shared")
    doctor.page.get_by_role("link", name="Ada").click()
    expect(doctor.page.locator("#results")).to_contain_text("Reliably better")
    doctor.check("client-ada")
    doctor.page.get_by_label("Stage to practise").select_option(label="Closeness without pressure")
    doctor.page.get_by_label("Instructions for your client").fill(
        "Try the hand massage twice this week. Take turns and notice warmth."
    )
    doctor.page.get_by_role("button", name="Give homework").click()
    expect(
        doctor.page.get_by_text("It is on the home page of your client and their partner.")
    ).to_be_visible()

    # Neither has answered the private relationship check yet, so couple exercises are off:
    # homework for a couple stage waits, and the card says why in the program's own words.
    a.goto("/")
    card = a.page.locator("section", has=a.page.get_by_role("heading", name="From your therapist"))
    expect(card.get_by_text("The couple part of the program is paused for now.")).to_be_visible()
    expect(a.page.get_by_text("Try the hand massage twice this week.")).to_have_count(0)
    for person in (a, b):
        take_check(person, afraid="No")
    for person in (a, b):
        person.goto("/")
        expect(person.page.get_by_role("heading", name="From your therapist")).to_be_visible()
        expect(person.page.get_by_text("Try the hand massage twice this week.")).to_be_visible()
        person.check("homework")

    b.goto("/clinic/my-care/")
    b.page.get_by_label("Yes, end this link.").check()
    b.page.get_by_role("button", name="End the link").click()
    expect(b.page.get_by_text("You are not linked with a therapist.")).to_be_visible()
    b.check("ended")

    doctor.goto("/clinic/")
    expect(client_row(doctor, "Ben")).to_have_count(0)
    expect(client_row(doctor, "Ada")).to_have_count(1)
    expect(client_row(doctor, "Ada").locator(".col-score-gad7")).to_contain_text("5 ↓ Reliably")
    response = doctor.page.goto(doctor.base + f"/clinic/clients/{ben_id(live_shell, b_email)}/")
    assert response is not None and response.status == 404

    a.goto("/account/")
    expect(a.page.get_by_text("Your therapist looked at your shared data").first).to_be_visible()


def ben_id(live_shell: Any, email: str) -> int:
    out = live_shell(
        f"from hearth.accounts.models import User\nprint(User.objects.get(email={email!r}).pk)\n"
    )
    return int(out.strip().splitlines()[-1])
