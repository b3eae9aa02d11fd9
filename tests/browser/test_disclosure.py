"""After a disclosure, on SQLite and on PostgreSQL, in a real browser.

Two couples link up and answer the private check. Then Ben, in the first couple, tells
Hearth he is in danger from someone: once through the relationship check (HARK), once
through the check-in's "someone is hurting me" box. Dev, in the other couple, answers the
same question the calm way. What must hold:

- Ben gets the right services in the right order (abuse and sexual-violence help first,
  the ones he can write to first, crisis lines after, the emergency number last), and every
  call and text link dials exactly one number;
- Ben's account activity reads the same as Dev's: a shared phone learns nothing;
- Ada's pages (home, program, partner, wishes, talk prompts) show exactly what Ben was told
  she would see, and nothing more: they read the same as Cleo's, whose partner Dev simply
  has a check due.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, BrowserContext, expect

from tests.browser.conftest import Visitor, choose, sign_up
from tests.server import hearth

pytestmark = pytest.mark.browser
ADA_PAGES = ("/", "/program/", "/partner/", "/checkins/wishes/", "/checkins/talk/")
NUMBER = r"\+?[0-9]{3,15}"
TELLING = ("afraid", "unsafe", "danger", "abuse", "hurt", "risk", "safety", "ben paused")

CHECK_DUE = """
from datetime import timedelta
from django.utils import timezone
from hearth.accounts.models import User
from hearth.safety.models import Screening
user = User.objects.get(email={email!r})
Screening.objects.filter(user=user).update(taken_at=timezone.now() - timedelta(days=31))
"""


@dataclass
class Site:
    visitor: Callable[[str], Visitor]
    shell: Callable[[str], str]


@pytest.fixture(params=["sqlite", "postgres"])
def site(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Site]:
    prefix = "live" if request.param == "sqlite" else "live_pg"
    env: dict[str, str] = request.getfixturevalue(f"{prefix}_env")
    base: str = request.getfixturevalue(f"{prefix}_url")
    contexts: list[BrowserContext] = []

    def visitor(name: str) -> Visitor:
        context = browser.new_context()
        contexts.append(context)
        return Visitor(context, base, f"{request.node.name}-{name}")

    def shell(code: str) -> str:
        result = hearth(["shell", "-c", code], env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    yield Site(visitor, shell)
    for context in contexts:
        context.close()


def couple(site: Site, first: str, second: str) -> tuple[Visitor, Visitor, str]:
    """The first invites the second; both answer the private check with four noes.
    Returns the second's email."""
    a = site.visitor(first.lower())
    a.goto("/signup/")
    sign_up(a, first)
    a.goto("/partner/")
    a.page.get_by_role("button", name="Make an invitation").click()
    link = a.page.get_by_label("Link").input_value()
    b = site.visitor(second.lower())
    b.goto(link)
    b.page.get_by_role("main").get_by_role("link", name="Create an account").click()
    email = sign_up(b, second)
    b.page.get_by_role("button", name="Accept and link up").click()
    expect(b.page.locator(".partner-name")).to_have_text(first)
    for v in (a, b):
        take_check(v, afraid="No")
    return a, b, email


def take_check(v: Visitor, afraid: str) -> None:
    v.goto("/support/check/")
    for group in v.page.get_by_role("group").all():
        group.get_by_label("No", exact=True).check()
    afraid_group = v.page.get_by_role(
        "group", name="Within the last year, have you been afraid of your partner or ex-partner?"
    )
    afraid_group.get_by_label(afraid, exact=True).check()
    v.page.get_by_role("button", name="Save my answers").click()
    expect(v.page.get_by_role("heading", level=1)).to_have_text("Thank you")
    v.check()


def check_in(v: Visitor, danger: bool) -> None:
    v.goto("/checkins/")
    choose(v.page, "Mood", "4")
    if danger:
        v.page.get_by_label("Someone is hurting me, scaring me or controlling me.").check()
    v.page.get_by_role("button", name="Save my check-in").click()
    v.check()


def main_text(v: Visitor, path: str) -> str:
    v.goto(path)
    return str(v.page.get_by_role("main").inner_text())


def activity(v: Visitor, names: tuple[str, ...]) -> list[str]:
    """The account's activity as a person reads it: what, and by whom, without the times."""
    v.goto("/account/")
    rows = v.page.locator("table tbody tr").all()
    lines = [" | ".join(r.locator("td").all_inner_texts()[1:]) for r in rows]
    return [_anonymous(line, names) for line in lines]


def _anonymous(text: str, names: tuple[str, ...]) -> str:
    for name in names:
        text = text.replace(name, "NAME")
    return re.sub(r"\d+ \w+ \d{4}(, \d\d:\d\d)?", "DAY", text)


def quoted(text: str) -> str:
    found = re.search(r"“(.+)”", text)
    assert found, text
    return found.group(1)


def help_in_order(v: Visitor) -> None:
    """Abuse and sexual-violence services first, text first; crisis lines; 911 last."""
    box = v.page.locator(".crisis-box")
    expect(box.get_by_role("heading", name="Help is there right now")).to_be_visible()
    groups = box.locator("h3.help-group").all_inner_texts()
    assert groups == [
        "If someone hurts, scares or controls you",
        "After rape or sexual assault",
        "If you think about suicide or hurting yourself",
        "In danger right now",
    ]
    names = box.locator(".resource-name").all_inner_texts()
    assert names[0] == "National Domestic Violence Hotline"
    assert names[-1] == "Emergency services"
    first = box.locator(".resource").first
    expect(first.get_by_text("You can write to them")).to_be_visible()
    expect(first.get_by_role("link", name="Text START to 88788")).to_have_attribute(
        "href", "sms:88788?body=START"
    )
    for link in box.locator("a[href^='tel:'], a[href^='sms:']").all():
        href = str(link.get_attribute("href"))
        assert re.fullmatch(f"tel:{NUMBER}|sms:{NUMBER}(\\?body=[A-Za-z0-9]+)?", href), href
        digits = re.sub(r"\D", "", href.split("?")[0])
        assert digits[-3:] in re.sub(r"\D", "", link.inner_text())  # says what it dials
    expect(box.get_by_text("Nobody watches your answers as they come in.")).to_be_visible()


@pytest.mark.parametrize("how", ["relationship check", "check-in"])
def test_after_a_disclosure_the_right_help_and_nothing_a_shared_phone_can_give_away(
    site: Site, how: str
) -> None:
    ada, ben, _ = couple(site, "Ada", "Ben")
    cleo, dev, dev_email = couple(site, "Cleo", "Dev")
    if how == "check-in":
        check_in(ada, danger=False)  # both couples check in the same way, then:
        check_in(cleo, danger=False)
    partner_page_before = main_text(ada, "/partner/")

    if how == "relationship check":
        take_check(ben, afraid="Yes")
        take_check(dev, afraid="No")
    else:
        check_in(ben, danger=True)
        check_in(dev, danger=False)

    # The right services in the right order, with working links.
    help_in_order(ben)
    ben.screenshot(f"{how}-help")

    # What Ben is told Ada sees, word for word.
    told = ben.page.locator(".partner-sees li").all_inner_texts()
    home_words, tools_words = quoted(told[0]), quoted(told[1])
    assert "no message and no email" in told[2]

    # Ben's activity reads the same as Dev's after a calm answer.
    assert activity(ben, ("Ada", "Ben")) == activity(dev, ("Cleo", "Dev"))

    # Ada's pages show exactly that, and nothing more.
    for path in ("/", "/program/"):
        assert home_words in main_text(ada, path)
    for path in ("/checkins/wishes/", "/checkins/talk/"):
        assert tools_words in main_text(ada, path)
    assert main_text(ada, "/partner/") == partner_page_before
    site.shell(CHECK_DUE.format(email=dev_email))  # Dev's check is simply due
    for path in ADA_PAGES:
        ada_text = _anonymous(main_text(ada, path), ("Ada", "Ben"))
        cleo_text = _anonymous(main_text(cleo, path), ("Cleo", "Dev"))
        assert ada_text == cleo_text, path
        assert not [w for w in TELLING if w in ada_text.lower()], path
